"""Finding and loading plugins: our defaults, installed packages, and loose files in plugins/.

Hooks are called through pluggy, one plugin at a time (``subset_hook_caller``), so a plugin
whose hook raises is recorded as not loaded and the others still register.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import logging
import os
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from monitor import hookspecs
from monitor.api import SourceType
from monitor.errors import MonitorError
from monitor.isolation import call_with_deadline

log = logging.getLogger("monitor.plugins")
IMPORT_TIMEOUT = 20.0
"""Seconds a plugin module (or all installed entry points together) may take to import."""
DEFAULT_PLUGINS = (
    "monitor.default_plugins.rss",
    "monitor.default_plugins.html_list",
)
ENTRY_POINT_GROUP = "monitor"
PLUGINS_DIR_ENV = "MONITOR_PLUGINS_DIR"
TESTING_FLAG = "_monitor_testing"
"""Set on `sys` by our test suite: installed entry points are then loaded only when asked."""


def default_plugins_dir(config_path: Path, option: str | None = None) -> Path:
    """The one rule for the plugins folder: --plugins-dir / $MONITOR_PLUGINS_DIR, else
    ``plugins/`` beside the sources file. `main()` and every command use it."""
    chosen = option or os.environ.get(PLUGINS_DIR_ENV)
    return Path(chosen) if chosen else config_path.parent / "plugins"


@dataclass
class SourceTypeInfo:
    cls: type[SourceType]
    provided_by: str


@dataclass
class Registry:
    """Everything the loaded plugins provide, plus any plugin that failed to load."""

    pm: pluggy.PluginManager
    source_types: dict[str, SourceTypeInfo] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def plugin_names(self) -> list[str]:
        return sorted(self.pm.get_name(p) or repr(p) for p in self.pm.get_plugins())

    def each_plugin(self, hook: str) -> Iterator[tuple[str, Any]]:
        """(plugin name, a hook caller of that plugin alone) for every plugin implementing it,
        in registration order: our defaults first, so a clash is decided the same every run."""
        impls = getattr(self.pm.hook, hook).get_hookimpls()
        names = [impl.plugin_name for impl in impls]
        for impl in sorted(impls, key=lambda i: self._order.get(i.plugin_name, len(self._order))):
            others = [self.pm.get_plugin(n) for n in names if n != impl.plugin_name]
            yield impl.plugin_name, self.pm.subset_hook_caller(hook, remove_plugins=others)

    @property
    def _order(self) -> dict[str, int]:
        """Plugin name -> registration order (pluggy keeps its plugins in a set)."""
        return {name: n for n, (name, _plugin) in enumerate(self.pm.list_name_plugin())}


def _load_file(path: Path) -> ModuleType:
    module_name = f"monitor_plugins_dir.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _check_hooks(pm: pluggy.PluginManager, errors: list[str]) -> None:
    """A hook implementation with no such hook (a typo) is an error of its plugin."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            errors.append(f"{pm.get_name(exc.plugin) or exc.plugin}: {exc}")
            pm.unregister(exc.plugin)


def load_plugins(plugins_dir: Path | None = None, entry_points: bool | None = None,
                 import_timeout: float = IMPORT_TIMEOUT) -> Registry:
    """Build a plugin manager. A plugin that fails to import is recorded, never fatal.

    ``entry_points``: load installed packages' plugins (default: yes, except under our tests).
    Source types are registered in a fixed order (our defaults, installed packages, then the
    plugins folder by file name), and a name is never taken twice: a plugin registering ``rss``
    is refused with a message. A module that takes more than ``import_timeout`` seconds to
    import (a sleep or loop at import) is skipped, so that no command hangs.
    """
    pm = pluggy.PluginManager("monitor")
    pm.add_hookspecs(hookspecs)
    registry = Registry(pm=pm)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if entry_points is None:
        entry_points = not getattr(sys, TESTING_FLAG, False)
    if entry_points:
        try:
            call_with_deadline(lambda: pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP),
                               import_timeout, "importing the installed plugins")
        except Exception as exc:  # a broken installed package must not stop the monitor
            registry.errors.append(f"entry point: {type(exc).__name__}: {exc}")
    if plugins_dir is not None and plugins_dir.is_dir():
        for path in sorted(plugins_dir.glob("*.py")):
            if path.name.startswith("_"):
                continue
            try:
                module = call_with_deadline(functools.partial(_load_file, path), import_timeout,
                                            f"importing {path.name}")
            except MonitorError as exc:
                registry.errors.append(f"{path}: {exc}")
                continue
            except Exception as exc:
                last = traceback.extract_tb(exc.__traceback__)[-1]
                registry.errors.append(
                    f"{path}: {type(exc).__name__}: {exc} (line {last.lineno})"
                )
                continue
            if pm.is_registered(module) or pm.has_plugin(str(path)):
                continue
            pm.register(module, name=str(path))
    _check_hooks(pm, registry.errors)
    for error in registry.errors:
        log.warning("plugin not loaded: %s", error)

    for provided_by, caller in registry.each_plugin("register_source_types"):

        def register(cls: type[SourceType], _by: str = provided_by) -> None:
            if not (isinstance(cls, type) and issubclass(cls, SourceType)) or not cls.name:
                registry.errors.append(f"{_by}: registered {cls!r}, not a named SourceType")
                return
            if cls.name in registry.source_types:
                other = registry.source_types[cls.name].provided_by
                registry.errors.append(
                    f"{_by}: source type {cls.name!r} is already provided by {other}"
                )
                return
            registry.source_types[cls.name] = SourceTypeInfo(cls, _by)

        try:
            caller(register=register)
        except Exception as exc:
            registry.errors.append(f"{provided_by}: register_source_types failed: {exc}")
    return registry


def add_plugin_commands(registry: Registry, cli: Any) -> None:
    """Let each plugin add its commands; one that raises is reported, the others still add."""
    for name, caller in registry.each_plugin("register_commands"):
        try:
            caller(cli=cli)
        except Exception as exc:
            registry.errors.append(f"{name}: register_commands failed: {exc}")
