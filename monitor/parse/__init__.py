"""Parsing: bytes and markup in, records out. Pure functions, no network, no database."""
