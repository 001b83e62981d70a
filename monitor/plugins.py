"""Finding and loading plugins: our defaults, installed packages, and loose files in plugins/."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pluggy

from monitor import hookspecs
from monitor.errors import MonitorError
from monitor.sources import SourceType

IMPORT_TIMEOUT = 20.0
"""Seconds a plugin module (or all installed entry points together) may take to import."""
DEFAULT_PLUGINS = (
    "monitor.default_plugins.rss",
    "monitor.default_plugins.html_list",
)
ENTRY_POINT_GROUP = "monitor"


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


def _in_load_order(pm: pluggy.PluginManager) -> list[object]:
    """The plugins as registered (pluggy keeps a set, whose order changes between runs)."""
    order = {name: i for i, (name, _) in enumerate(pm.list_name_plugin())}
    return sorted(pm.get_plugins(), key=lambda p: order.get(pm.get_name(p) or "", len(order)))


def _load_file(path: Path) -> ModuleType:
    module_name = f"monitor_plugins_dir.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def load_plugins(plugins_dir: Path | None = None, entry_points: bool = True,
                 import_timeout: float = IMPORT_TIMEOUT) -> Registry:
    """Build a plugin manager. A plugin that fails to import is recorded, never fatal.

    Source types are registered in a fixed order (our defaults, installed packages, then the
    plugins folder by file name), and a name is never taken twice: a plugin registering ``rss``
    is refused with a message, whatever order the plugin manager keeps its plugins in. A module
    that takes more than ``import_timeout`` seconds to import (a sleep or loop at import) is
    skipped so that no command hangs.
    """
    from monitor.isolation import call_with_deadline

    pm = pluggy.PluginManager("monitor")
    pm.add_hookspecs(hookspecs)
    registry = Registry(pm=pm)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
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

    for plugin in _in_load_order(pm):
        impl = getattr(plugin, "register_source_types", None)
        if impl is None:
            continue
        provided_by = pm.get_name(plugin) or repr(plugin)

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
            impl(register=register)
        except Exception as exc:
            registry.errors.append(f"{provided_by}: register_source_types failed: {exc}")
    return registry
