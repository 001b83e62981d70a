"""Plugin hook specifications. A plugin implements any of these with ``@monitor.hookimpl``."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from monitor.api import SourceType

hookspec = pluggy.HookspecMarker("monitor")


@hookspec
def register_source_types(register: Callable[[type[SourceType]], None]) -> None:
    """Register source types: call ``register(MySourceType)`` for each SourceType subclass."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add click commands or groups to the ``monitor`` command-line tool."""


def __getattr__(name: str) -> Any:
    """``from monitor.hookspecs import hookimpl`` still works for one release, with a warning."""
    if name == "hookimpl":
        warnings.warn("monitor.hookspecs.hookimpl moved: use `from monitor import hookimpl`",
                      DeprecationWarning, stacklevel=2)
        from monitor.api import hookimpl  # lazy: the deprecated path only

        return hookimpl
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
