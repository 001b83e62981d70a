"""The `settings:` block of sources.yaml: validated with its lines, and read by every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.poll.run import poll

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
{items}</channel></rss>"""


def feed(n: int) -> str:
    return FEED.format(items="".join(
        f"<item><title>Miners strike at pit number {i}</title><link>{{{{BASE}}}}/n/{i}</link>"
        f"<guid>g{i}</guid></item>" for i in range(n)))


def test_settings_are_validated_with_their_lines(write_config, registry) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write_config(
            "settings:\n  http:\n    read_timeout: -1\n  pol: {}\nsources: []\n"), registry)
    problems = info.value.problems
    assert any(p.startswith("line 2: settings.http.read_timeout") for p in problems), problems
    assert any(p.startswith("line 4: settings.pol: unknown key") for p in problems), problems


def test_defaults_when_left_out(write_config, registry) -> None:
    config = load_config(write_config("sources: []\n"), registry)
    assert config.settings.poll.max_items_per_source == 100_000
    assert config.settings.http.fetch_settings().max_per_host == 2
    assert config.settings.dedup.thresholds().jaccard == 0.45


def test_the_poll_uses_the_settings(write_config, registry, db, http_server) -> None:
    url = http_server.add("/feed", feed(5))
    config = load_config(write_config(
        "settings:\n  http:\n    contact: mailto:ops@example.org\n    respect_robots: false\n"
        "  poll:\n    max_items_per_source: 3\n"
        f"sources:\n  - name: f\n    plugin: rss\n    url: {url}\n"), registry)
    report = poll(db, config, registry)
    (result,) = report.results
    assert result.new_items == 3
    assert any(w.startswith("5 items: kept the first 3, dropped 2") for w in result.warnings)
    agents = {headers.get("User-Agent") for _path, headers in http_server.requests}
    assert agents == {"labour-monitor/0.1.0 (+mailto:ops@example.org)"}
    assert not any(path == "/robots.txt" for path, _headers in http_server.requests)


def test_check_source_uses_the_settings(write_config, cli_run, http_server) -> None:
    url = http_server.add("/feed", feed(2))
    config = write_config("settings:\n  http:\n    contact: https://union.example/contact\n"
                          f"sources:\n  - name: f\n    plugin: rss\n    url: {url}\n")
    result = cli_run("check-source", "f", config=config)
    assert result.exit_code == 0, result.output
    agents = {headers.get("User-Agent") for _path, headers in http_server.requests}
    assert agents == {"labour-monitor/0.1.0 (+https://union.example/contact)"}


def test_restory_reads_the_dedup_thresholds(write_config, cli_run, tmp_path: Path) -> None:
    config = write_config("settings:\n  dedup:\n    jaccard: 2\nsources: []\n")
    result = cli_run("restory", config=config)
    assert result.exit_code == 2
    assert "settings.dedup.jaccard" in result.output


def test_region_tags_and_note_are_stored(write_config, registry, db) -> None:
    from monitor.store.sources import sync_sources

    config = load_config(write_config(
        "sources:\n  - name: a\n    plugin: rss\n    url: https://x.example/feed\n"
        "    region: central-asia\n    tags: [union, mining]\n    note: unconfirmed\n"), registry)
    sync_sources(db, config.sources)
    row = db.execute("SELECT region, tags, note FROM sources WHERE name = 'a'").fetchone()
    assert row == ("central-asia", '["union", "mining"]', "unconfirmed")
