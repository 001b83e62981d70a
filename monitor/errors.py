"""Our exception tree: library code raises these; only the CLI turns them into messages."""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error the monitor reports to a person."""


class ConfigError(MonitorError):
    """sources.yaml (or another config file) is wrong; carries every problem found."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s)\n{lines}")


class FetchError(MonitorError):
    """A fetch failed; the message is for people ("timed out after 30 s")."""


class SourceError(MonitorError):
    """A source produced nothing usable ("item selector matched 0 elements")."""


class PollLocked(MonitorError):
    """Another poll holds the lock."""
