"""Plugin loading: our defaults, a plugins/ file, an installed entry point; failures contained."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from monitor import hookspecs
from monitor.config import load_config
from monitor.plugins import load_plugins
from monitor.poll.run import poll

PLUGIN_FILE = textwrap.dedent('''
    from pydantic import BaseModel, ConfigDict
    from monitor import hookimpl
    from monitor.api import Item, SourceType

    class Opts(BaseModel):
        model_config = ConfigDict(extra="forbid")
        count: int = 2
        mode: str = "good"

    class Fake(SourceType):
        name = "fake"
        description = "Fake items for tests"
        Options = Opts

        async def fetch(self, ctx):
            if ctx.options.mode == "raise":
                yield Item(url=ctx.source.url + "/first", title="before the crash")
                raise RuntimeError("site layout changed")
            if ctx.options.mode == "junk":
                yield {"url": "ftp://nope", "title": "bad scheme"}
                yield {"title": "no url at all"}
                yield {"url": ctx.source.url + "/ok", "title": "Miners strike in Karaganda"}
                return
            for i in range(ctx.options.count):
                yield Item(url=f"{ctx.source.url}/{i}", title=f"Item {i}", guid=f"g{i}")

    @hookimpl
    def register_source_types(register):
        register(Fake)

    @hookimpl
    def register_commands(cli):
        import click

        @cli.command(name="hello-plugin")
        def hello():
            "Say hello from a plugin."
            click.echo("hello from plugin")
''')


@pytest.fixture
def plugins_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "fake.py").write_text(PLUGIN_FILE)
    return folder


def test_default_plugins_registered_through_hooks(registry):
    assert registry.source_types["rss"].provided_by == "monitor.default_plugins.rss"
    assert not registry.errors


def test_every_hookspec_is_documented():
    for name in ("register_source_types", "register_commands"):
        assert getattr(hookspecs, name).__doc__


def test_plugins_dir_file_is_loaded(plugins_dir):
    registry = load_plugins(plugins_dir, entry_points=False)
    assert registry.source_types["fake"].provided_by.endswith("fake.py")


def test_broken_plugin_file_is_reported_not_fatal(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "broken.py").write_text("def oops(:\n")
    (folder / "_private.py").write_text("raise SystemExit('must not be imported')\n")
    registry = load_plugins(folder, entry_points=False)
    assert "rss" in registry.source_types
    assert len(registry.errors) == 1 and "broken.py: SyntaxError" in registry.errors[0]


def test_entry_point_plugin(tmp_path, monkeypatch):
    """A real installed distribution (dist-info on sys.path) with a `monitor` entry point."""
    site = tmp_path / "site"
    (site / "monitor_fake_ep").mkdir(parents=True)
    module = PLUGIN_FILE.replace('"fake"', '"ep_fake"')
    (site / "monitor_fake_ep" / "__init__.py").write_text(module)
    dist = site / "monitor_fake_ep-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: monitor-fake-ep\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[monitor]\nfake_ep = monitor_fake_ep\n")
    monkeypatch.syspath_prepend(str(site))
    try:
        registry = load_plugins(None, entry_points=True)
        assert registry.source_types["ep_fake"].provided_by == "fake_ep"
        assert "fake_ep" in registry.plugin_names()
    finally:
        sys.modules.pop("monitor_fake_ep", None)


def test_duplicate_source_type_is_reported(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "dup.py").write_text(
        "from monitor import hookimpl\n"
        "from monitor.default_plugins.rss import RssSource\n"
        "class Again(RssSource):\n    pass\n"
        "@hookimpl\ndef register_source_types(register):\n    register(Again)\n"
    )
    registry = load_plugins(folder, entry_points=False)
    assert any("already provided" in e for e in registry.errors)


def _config(write_config, plugins_dir, entries: str):
    registry = load_plugins(plugins_dir, entry_points=False)
    return registry, load_config(write_config("sources:\n" + entries), registry)


def test_plugin_options_validated(write_config, plugins_dir):
    from monitor.errors import ConfigError

    registry = load_plugins(plugins_dir, entry_points=False)
    with pytest.raises(ConfigError, match="count: Input should be a valid integer"):
        load_config(write_config(
            "sources:\n  - name: a\n    plugin: fake\n    url: http://x.org\n    count: many\n"
        ), registry)


def test_raising_and_junk_plugins_fail_only_their_source(write_config, plugins_dir, db):
    registry, config = _config(write_config, plugins_dir, (
        "  - {name: good, plugin: fake, url: 'http://good.example'}\n"
        "  - {name: crash, plugin: fake, url: 'http://crash.example', mode: raise}\n"
        "  - {name: junk, plugin: fake, url: 'http://junk.example', mode: junk}\n"
    ))
    report = poll(db, config, registry)
    by_name = {r.name: r for r in report.results}
    assert by_name["good"].status == "ok" and by_name["good"].new_items == 2
    assert by_name["crash"].status == "error"
    assert by_name["crash"].error == "plugin raised RuntimeError: site layout changed"
    assert by_name["junk"].status == "ok" and by_name["junk"].new_items == 1
    assert any("invalid item skipped: url" in w for w in by_name["junk"].warnings)
    assert report.exit_code == 1
    health = {r["name"]: r for r in db["sources"].rows}
    assert health["crash"]["last_error"] == "plugin raised RuntimeError: site layout changed"
    assert health["crash"]["consecutive_failures"] == 1
    assert health["good"]["last_error"] == ""
    # what the crashed source yielded before the crash is kept: a poll loses nothing good
    assert [r[0] for r in db.execute("select title from items where source = 'crash'")] == [
        "before the crash"
    ]


def test_register_commands_hook_adds_a_command(plugins_dir, monkeypatch):
    from monitor import cli as cli_module

    group = click.Group(commands=dict(cli_module.cli.commands))
    registry = load_plugins(plugins_dir, entry_points=False)
    registry.pm.hook.register_commands(cli=group)
    result = CliRunner().invoke(group, ["hello-plugin"])
    assert result.output.strip() == "hello from plugin"


def test_monitor_plugins_command_lists_types(cli_run):
    result = cli_run("plugins")
    assert result.exit_code == 0
    assert "rss" in result.output and "monitor.default_plugins.rss" in result.output
