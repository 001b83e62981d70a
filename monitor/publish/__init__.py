"""Publishing: the Datasette newsroom, Atom feeds, watches and their notifications."""
