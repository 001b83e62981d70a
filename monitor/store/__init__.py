"""Storage: the only package that defines tables or writes to the database."""
