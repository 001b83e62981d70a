"""Plugin hook specifications. A plugin implements any of these with ``@hookimpl``."""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("monitor")
hookimpl = pluggy.HookimplMarker("monitor")


@hookspec
def register_source_types(register):  # type: ignore[no-untyped-def]
    """Register source types: call ``register(MySourceType)`` for each SourceType subclass."""


@hookspec
def register_commands(cli):  # type: ignore[no-untyped-def]
    """Add click commands or groups to the ``monitor`` command-line tool."""
