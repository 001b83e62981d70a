"""A pluggable news monitor for worker strikes, protests and workplace safety incidents."""

__version__ = "0.1.0"
