"""The plugin API: what `monitor` exports, and the old import paths kept for one release."""

from __future__ import annotations

import importlib
import sys

import pytest

import monitor
from monitor import api


def test_all_lists_exactly_the_public_names() -> None:
    public = {n for n in dir(monitor) if not n.startswith("_")} - {
        # subpackages and modules show up as attributes once imported
        n for n in dir(monitor) if isinstance(getattr(monitor, n, None), type(monitor))}
    assert public <= set(monitor.__all__), public - set(monitor.__all__)
    for name in monitor.__all__:
        assert getattr(monitor, name) is not None, name


def test_the_api_names_are_the_api_module_objects() -> None:
    assert monitor.Item is api.Item and monitor.SourceType is api.SourceType
    assert monitor.hookimpl is api.hookimpl


def test_helpers_for_plugin_authors_load_on_first_use() -> None:
    from monitor.parse.dates import parse_date
    from monitor.parse.text import html_to_text

    assert monitor.parse_date is parse_date and monitor.html_to_text is html_to_text
    with pytest.raises(AttributeError):
        monitor.no_such_name  # noqa: B018


def test_old_sources_module_still_works_with_a_warning() -> None:
    sys.modules.pop("monitor.sources", None)
    with pytest.warns(DeprecationWarning, match="monitor.sources is deprecated"):
        old = importlib.import_module("monitor.sources")
    assert old.Item is monitor.Item and old.SourceType is monitor.SourceType


def test_old_hookimpl_path_still_works_with_a_warning() -> None:
    from monitor import hookspecs

    with pytest.warns(DeprecationWarning, match="from monitor import hookimpl"):
        marker = hookspecs.hookimpl
    assert marker is monitor.hookimpl


def test_a_plugin_written_against_the_old_paths_still_registers(tmp_path) -> None:
    from monitor.plugins import load_plugins

    (tmp_path / "old_style.py").write_text(
        "import warnings\n"
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('ignore', DeprecationWarning)\n"
        "    from monitor.hookspecs import hookimpl\n"
        "    from monitor.sources import Item, SourceType\n"
        "class Old(SourceType):\n"
        "    name = 'old_style'\n"
        "    async def fetch(self, ctx):\n"
        "        yield Item(url='https://example.org/a')\n"
        "@hookimpl\n"
        "def register_source_types(register):\n"
        "    register(Old)\n")
    registry = load_plugins(tmp_path, entry_points=False)
    assert "old_style" in registry.source_types, registry.errors


def test_a_misspelt_hook_is_reported_and_the_plugin_left_out(tmp_path) -> None:
    from monitor.plugins import load_plugins

    (tmp_path / "typo.py").write_text(
        "from monitor import hookimpl\n"
        "@hookimpl\n"
        "def register_source_type(register):\n"
        "    pass\n")
    registry = load_plugins(tmp_path, entry_points=False)
    assert any("typo.py" in e and "register_source_type" in e for e in registry.errors)
    assert "rss" in registry.source_types  # the others still load


def test_installed_plugins_stay_out_of_tests_unless_asked() -> None:
    from monitor.plugins import TESTING_FLAG

    assert getattr(sys, TESTING_FLAG) is True
