"""Hostile plugins (issue 19, items 1 and 5): one that blocks its thread, sleeps at import, or
claims a built-in source type's name never stops the poll or any command."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from monitor.config import load_config
from monitor.fetch import FetchSettings
from monitor.plugins import load_plugins
from monitor.poll.run import poll

ROOT = Path(__file__).resolve().parent.parent
FAST = FetchSettings(connect_timeout=1, read_timeout=2, total_timeout=3, retries=0)
FEED = ('<rss version="2.0"><channel><title>ok</title>' + "".join(
    f"<item><title>walkout {i}</title><link>{{{{BASE}}}}/ok/{i}</link></item>" for i in range(2)
) + "</channel></rss>")

BLOCKING = '''
import threading, time
from monitor import Item, SourceType, hookimpl

RELEASE = threading.Event()  # the test sets it at the end: no thread outlives the test

class Block(SourceType):
    name = "block"
    async def fetch(self, ctx):
        yield Item(url="https://example.org/before", title="yielded before blocking")
        RELEASE.wait(600)  # a blocking call inside async code, like time.sleep(10**6)
        yield Item(url="https://example.org/after", title="never stored")

class Spin(SourceType):
    name = "spin"
    async def fetch(self, ctx):
        end = time.monotonic() + 600
        while not RELEASE.is_set() and time.monotonic() < end:
            pass  # a runaway CPU loop
        yield Item(url="https://example.org/spin", title="never stored")

@hookimpl
def register_source_types(register):
    register(Block)
    register(Spin)
'''


def test_a_plugin_that_blocks_its_thread_is_cut_off_and_the_rest_completes(
        http_server, tmp_path, db):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "block.py").write_text(BLOCKING, encoding="utf-8")
    registry = load_plugins(plugins, entry_points=False)
    assert not registry.errors
    url = http_server.add("/ok", FEED)
    (tmp_path / "s.yaml").write_text(
        f"sources:\n  - {{name: ok, plugin: rss, url: '{url}'}}\n"
        f"  - {{name: blocked, plugin: block, url: '{url}'}}\n"
        f"  - {{name: spinning, plugin: spin, url: '{url}'}}\n", encoding="utf-8")
    config = load_config(tmp_path / "s.yaml", registry)
    module = sys.modules["monitor_plugins_dir.block"]
    from monitor.enrich import tag_fields

    tag_fields("warm-up", "the taggers load their data once per process", "en")
    started = time.monotonic()
    try:
        report = poll(db, config, registry, settings=FAST, source_timeout=1)
        elapsed = time.monotonic() - started
    finally:
        module.RELEASE.set()
    assert elapsed < 15  # 1 s deadline + 2 s grace; the spinning thread is stopped
    results = {r.name: r for r in report.results}
    assert results["ok"].status == "ok" and results["ok"].new_items == 2
    assert results["blocked"].error.startswith("plugin did not return within 1 s")
    assert results["spinning"].error.startswith("plugin did not return within 1 s")
    assert "kept 1 items" in results["blocked"].error
    rows = {r["name"]: r for r in db["sources"].rows}
    assert rows["blocked"]["consecutive_failures"] == 1
    assert rows["blocked"]["last_error"] == results["blocked"].error
    titles = [r[0] for r in db.execute("SELECT title FROM items WHERE source = 'blocked'")]
    assert titles == ["yielded before blocking"]


SLEEPS_AT_IMPORT = "import time\ntime.sleep(10**6)\n"


def _monitor(*args: str, plugins: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from monitor.cli import main; main()",
         "--plugins-dir", str(plugins), *args],
        capture_output=True, text=True, timeout=timeout, cwd=plugins.parent,
    )


def test_help_never_imports_plugins(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "sleepy.py").write_text(SLEEPS_AT_IMPORT, encoding="utf-8")
    (plugins / "marker.py").write_text(
        f"open({str(tmp_path / 'imported')!r}, 'w').close()\n", encoding="utf-8")
    started = time.monotonic()
    result = _monitor("--help", plugins=plugins, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "poll" in result.stdout and time.monotonic() - started < 20
    assert not (tmp_path / "imported").exists()
    result = _monitor("poll", "--help", plugins=plugins, timeout=30)
    assert result.returncode == 0 and not (tmp_path / "imported").exists()


def test_importing_plugins_has_a_deadline(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "sleepy.py").write_text(SLEEPS_AT_IMPORT, encoding="utf-8")
    code = ("import sys; from pathlib import Path; from monitor.plugins import load_plugins\n"
            f"r = load_plugins(Path({str(plugins)!r}), entry_points=False, import_timeout=1)\n"
            "print('|'.join(r.errors)); print(sorted(r.source_types))\n")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert time.monotonic() - started < 30
    errors, types = result.stdout.splitlines()
    assert "sleepy.py" in errors and "did not finish within 1 s" in errors
    assert "rss" in types


def test_a_plugin_cannot_take_a_built_in_source_type_name(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "impostor.py").write_text(
        "from monitor import SourceType, hookimpl\n"
        "class Fake(SourceType):\n    name = 'rss'\n"
        "@hookimpl\ndef register_source_types(register):\n    register(Fake)\n",
        encoding="utf-8")
    # the plugin manager keeps plugins in a set: the order differed from run to run
    for _ in range(8):
        registry = load_plugins(plugins, entry_points=False)
        assert registry.source_types["rss"].provided_by == "monitor.default_plugins.rss"
        assert any("impostor.py" in e and "'rss'" in e and "already provided by "
                   "monitor.default_plugins.rss" in e for e in registry.errors), registry.errors
