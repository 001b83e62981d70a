"""A feed of 10,000 entries is stored whole; the cap is a setting, and going over it is a
warning with the counts kept and dropped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_server import HostileServer, rss

from monitor.config import load_config
from monitor.fetch import FetchSettings
from monitor.plugins import load_plugins
from monitor.poll.run import poll
from monitor.store import open_db

ENTRIES = 10_000


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    server = HostileServer()
    items = [(f"archive/{i}", f"Dock workers strike, day {i}", "Mon, 01 Sep 2025 10:00:00 +0000")
             for i in range(ENTRIES)]
    server.add("/big", rss(items, server.url))
    yield server
    server.close()


def _poll(server: HostileServer, tmp: Path, **options: int) -> tuple[object, object]:
    (tmp / "sources.yaml").write_text(
        f"sources:\n  - {{name: big, plugin: rss, url: '{server.url}/big'}}\n")
    registry = load_plugins(tmp / "plugins", entry_points=False)
    config = load_config(tmp / "sources.yaml", registry)
    db = open_db(tmp / "monitor.db")
    report = poll(db, config, registry, settings=FetchSettings(), **options)
    return db, report


def test_ten_thousand_entries_are_stored_whole(server: HostileServer, tmp_path: Path) -> None:
    db, report = _poll(server, tmp_path)
    (result,) = report.results  # type: ignore[attr-defined]
    assert result.status == "ok", result.error
    assert result.new_items == ENTRIES
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == ENTRIES  # type: ignore[attr-defined]
    assert not [w for w in result.warnings if "dropped" in w]


def test_over_the_cap_is_a_warning_with_both_counts(server: HostileServer,
                                                    tmp_path: Path) -> None:
    db, report = _poll(server, tmp_path, max_items=2_500)
    (result,) = report.results  # type: ignore[attr-defined]
    assert result.status == "ok"
    assert result.new_items == 2_500
    assert ("10,000 items: kept the first 2,500, dropped 7,500 (the cap per source per poll, "
            "`monitor poll --max-items`)") in result.warnings
    warnings = db.execute("SELECT warnings FROM polls").fetchone()[0]  # type: ignore[attr-defined]
    assert "dropped 7,500" in warnings
