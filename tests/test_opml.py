"""OPML: `monitor sources --opml` and `monitor import-opml`, and the round trip between them.

The shared corpora hold no OPML file (../shared/corpora was searched for *.opml), so the foreign
exports are our own, written in the shape Miniflux and FreshRSS export (nested category
outlines, xmlUrl/htmlUrl, FreshRSS's frss: attributes), with the mistakes real files carry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA

from monitor.config import load_config
from monitor.kit.plugin_kit import source_entry
from monitor.parse.opml import read_opml, write_opml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "opml"


def _entries(path: Path, registry: Any) -> list[dict[str, Any]]:
    config = load_config(path, registry)
    return [source_entry(s, config.plugin_options[s.name]) for s in config.sources]


def test_round_trip_of_the_shipped_sources(cli_run, tmp_path, registry):
    """Export every shipped source, import the file into an empty config: the same sources."""
    exported = cli_run("sources", "--opml", config=ROOT / "sources.yaml")
    assert exported.exit_code == 0, exported.output
    opml = tmp_path / "sources.opml"
    opml.write_text(exported.output, encoding="utf-8")
    empty = tmp_path / "sources.yaml"
    empty.write_text("# imported\nsources: []\n", encoding="utf-8")
    result = cli_run("import-opml", str(opml), config=empty)
    assert result.exit_code == 0, result.output
    assert "0 duplicate(s), 0 skipped" in result.output
    def by_name(path: Path) -> dict[str, dict[str, Any]]:
        return {e["name"]: e for e in _entries(path, registry)}

    assert by_name(empty) == by_name(ROOT / "sources.yaml")
    assert empty.read_text(encoding="utf-8").startswith("# imported\nsources:\n")
    again = cli_run("import-opml", str(opml), config=empty)  # a second import adds nothing
    shipped = len(_entries(ROOT / "sources.yaml", registry))
    assert "added 0 source(s)" in again.output and f"{shipped} duplicate(s)" in again.output


def test_export_is_opml_any_reader_reads(cli_run):
    import listparser

    exported = cli_run("sources", "--opml", config=ROOT / "sources.yaml").output
    parsed = listparser.parse(exported.encode("utf-8"))
    assert not parsed.bozo
    feeds = {f["url"] for f in parsed.feeds}
    assert "https://kloop.kg/feed/" in feeds  # an rss source is a feed to a reader
    assert "https://www.fprk.kz/ru/news/" not in feeds  # an html_list page is a link, not a feed
    assert 'region="central-asia"' in exported and 'plugin="html_list"' in exported
    assert '<outline text="central-asia" title="central-asia">' in exported


def test_import_of_a_miniflux_export_reports_duplicates_and_bad_entries(cli_run, tmp_path,
                                                                         registry):
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: labor-notes\n    plugin: rss\n"
                      "    url: https://labornotes.org/rss.xml\n", encoding="utf-8")
    result = cli_run("import-opml", str(FIXTURES / "miniflux.opml"), config=config)
    assert result.exit_code == 1, result.output  # a bad entry
    assert "duplicate: line 13: Labor Notes: https://labornotes.org/rss.xml is already " \
           "configured as 'labor-notes'" in result.output
    assert "Labor Notes (again): http://www.labornotes.org/rss.xml/ is already configured" \
        in result.output
    assert "skipped: line 16: Broken entry: not a web address ('javascript:alert(1)')" \
        in result.output
    added = {e["name"]: e for e in _entries(config, registry)}
    assert set(added) == {"labor-notes", "kloop", "fergana-agency", "equal-times"}
    assert added["kloop"]["tags"] == ["central-asia"]
    assert added["fergana-agency"]["note"] == "imported from miniflux.opml (Фергана)"
    assert added["equal-times"]["url"] == "https://www.equaltimes.org/spip.php?page=backend&lang=en"


def test_import_of_a_freshrss_export(cli_run, tmp_path, registry):
    config = tmp_path / "sources.yaml"
    result = cli_run("import-opml", str(FIXTURES / "freshrss.opml"), "--dry-run", config=config)
    assert "would add 3 source(s)" in result.output, result.output
    assert not config.exists()
    result = cli_run("import-opml", str(FIXTURES / "freshrss.opml"), config=config)
    assert result.exit_code == 1
    assert "a link to another subscription list (not a feed); skipped" in result.output
    assert "No address at all: no feed address (xmlUrl); skipped" in result.output
    added = {e["name"]: e for e in _entries(config, registry)}
    assert set(added) == {"hrana", "bbc", "myanmar-now"}  # ASCII letters of the titles
    urls = {e["url"] for e in added.values()}
    assert urls == {"https://www.hra-news.org/feed/", "https://feeds.bbci.co.uk/persian/rss.xml",
                    "https://myanmar-now.org/mm/feed/"}
    assert all(e["plugin"] == "rss" for e in added.values())


@pytest.mark.parametrize("content", [
    b"", b"not xml at all", b"\x00\x01\x02\xff binary", b"<html><body>a web page</body></html>",
    b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://e.org/feed"/></body></opml>',
    b'<opml version="2.0"><body><outline text="x" xmlUrl="https://e.org/feed" plugin="rss" '
    b'options="{not json"/></body></opml>',
    b'<opml version="2.0"><body><outline text="x" xmlUrl="https://e.org/feed" plugin="rss" '
    b'language="en" country="Kazakhstan"/></body></opml>',
])
def test_bad_files_are_reported_never_a_traceback(cli_run, tmp_path, content):
    path = tmp_path / "in.opml"
    path.write_bytes(content)
    config = tmp_path / "sources.yaml"
    config.write_text("sources: []\n", encoding="utf-8")
    result = cli_run("import-opml", str(path), config=config)
    assert result.exit_code == 1, result.output
    assert "skipped: " in result.output and "Traceback" not in result.output
    assert config.read_text(encoding="utf-8") == "sources: []\n"


def test_shared_corpora_opml_files_parse(tmp_path):
    """Any OPML file in the shared corpora reads without error (none at the time of writing)."""
    if not CORPORA.is_dir():
        pytest.skip(f"no shared corpora at {CORPORA} (set MONITOR_SHARED)")
    files = sorted(CORPORA.rglob("*.opml"))
    if not files:
        pytest.skip("the shared corpora hold no .opml file; the fixtures here stand in")
    for path in files:
        parsed = read_opml(path.read_bytes())
        assert parsed.entries or parsed.problems, path


def test_write_then_read_keeps_every_field():
    entry = {"name": "fprk-ru", "plugin": "html_list", "url": "https://www.fprk.kz/ru/news/",
             "language": "ru", "country": "KZ", "region": "central-asia",
             "tags": ["union-centre"], "interval": 21600.0, "enabled": False, "full_text": True,
             "note": 'unconfirmed, "see" fprk-kz & <others>', "item_selector": "div.news-item",
             "date_format": "%d.%m.%Y"}
    parsed = read_opml(write_opml([entry]))
    assert not parsed.problems
    [read] = parsed.entries
    assert read.url == entry["url"] and read.title == "fprk-ru"
    assert read.extra["interval"] == "6h" and read.extra["enabled"] == "false"
    assert read.extra["note"] == entry["note"]
    assert read.extra["options"] == '{"date_format": "%d.%m.%Y", "item_selector": "div.news-item"}'
