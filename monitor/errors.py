"""Our exception tree: library code raises these; only the CLI turns them into messages."""

from __future__ import annotations

from typing import Any


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


def validation_problems(exc: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    """A pydantic ValidationError as (location, error type, message for people) triples.

    Every config loader and every check of a plugin's items reads errors through this, so
    they read alike: "required field is missing", "unknown key", the validator's own words."""
    problems = []
    for err in exc.errors():
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] == "extra_forbidden":
            message = "unknown key"
        problems.append((tuple(err["loc"]), str(err["type"]), message))
    return problems
