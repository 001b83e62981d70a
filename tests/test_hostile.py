"""One poll over a hostile web and healthy feeds together: every healthy item stored, every
failure recorded with a reason for people, no crash, and the whole poll bounded in time."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hostile_server import HostileServer, install_hostile_routes

from monitor.config import load_config
from monitor.fetch import FetchSettings
from monitor.poll.run import poll

SETTINGS = FetchSettings(
    connect_timeout=2, read_timeout=2, total_timeout=3, max_bytes=3 * 1024 * 1024,
    max_per_host=64, retries=1, retry_backoff=0.05, max_retry_wait=1,
)
GOOD = ("ok-1", "ok-2", "ok-3", "slow-ok", "wrong-charset", "bad-dates", "same-guids",
        "ten-thousand", "script")


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    server = HostileServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def polled(hostile: HostileServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from monitor.enrich import tag_fields
    from monitor.plugins import load_plugins
    from monitor.store.schema import open_db

    expectations = install_hostile_routes(hostile)
    names = sorted(set(expectations) | set(GOOD) | {"truncated"})
    tmp = tmp_path_factory.mktemp("hostile")
    lines = ["sources:"] + [
        f"  - {{name: x-{n}, plugin: rss, url: '{hostile.url}/{n}', interval: 1h}}"
        for n in names
    ]
    (tmp / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    registry = load_plugins(tmp / "plugins", entry_points=False)
    config = load_config(tmp / "sources.yaml", registry)
    db = open_db(tmp / "monitor.db")
    tag_fields("warm-up", "the taggers load their data once per process", "en")
    started = time.monotonic()
    report = poll(db, config, registry, settings=SETTINGS, max_items=100)
    elapsed = time.monotonic() - started
    report.config, report.registry = config, registry  # for the second poll below
    yield db, report, expectations, elapsed
    db.close()


def by_name(report: Any) -> dict[str, Any]:
    """Results by route name (the source is named x-ROUTE)."""
    return {r.name[2:]: r for r in report.results}


def test_the_poll_finishes_quickly_whatever_the_servers_do(polled):
    _, report, expectations, elapsed = polled
    assert len(expectations) >= 20
    assert len(report.results) >= 30
    assert elapsed < 20
    assert not report.network_error


def test_every_failure_is_recorded_with_a_reason_for_people(polled):
    db, report, expectations, _ = polled
    results = by_name(report)
    rows = {r["name"][2:]: r for r in db["sources"].rows}
    for name, pattern in expectations.items():
        result = results[name]
        assert result.status == "error", (name, result.warnings)
        assert re.search(pattern, result.error), (name, result.error)
        assert rows[name]["last_error"] == result.error
        assert rows[name]["consecutive_failures"] == 1
        assert rows[name]["next_due"] > rows[name]["last_polled"]
    assert rows["410"]["health"] == "needs attention" and "410" in rows["410"]["attention"]
    assert rows["500"]["health"] == "failing"
    # Retry-After pushes the next poll back at least that far
    assert rows["503"]["next_due"] >= rows["503"]["last_polled"][:11]  # same day or later
    logged = {r["source"][2:]: r for r in db.query("SELECT * FROM polls WHERE status = 'error'")}
    assert set(expectations) <= set(logged)


def test_every_healthy_item_is_stored(polled):
    db, report, _, _ = polled
    results = by_name(report)
    for name in GOOD:
        assert results[name].status == "ok", (name, results[name].error)
    count = {r["source"][2:]: r["n"] for r in db.query(
        "SELECT source, count(*) AS n FROM items GROUP BY source")}
    for name in ("ok-1", "ok-2", "ok-3", "slow-ok"):
        assert count[name] == 3
    assert count["bad-dates"] == 2 and count["same-guids"] == 2
    assert count["ten-thousand"] == 100
    assert ("10,000 items: kept the first 100, dropped 9,900 (the cap per source per poll, "
            "`monitor poll --max-items`)") in results["ten-thousand"].warnings
    assert any("unparseable date" in w for w in results["bad-dates"].warnings)
    assert any("guid" in w for w in results["same-guids"].warnings)


def test_mislabelled_cyrillic_is_repaired(polled):
    db, report, _, _ = polled
    (row,) = db.query("SELECT title FROM items WHERE source = 'x-wrong-charset'")
    assert row["title"].startswith("Шахтёры Караганды")
    assert any("charset" in w for w in by_name(report)["wrong-charset"].warnings)


def test_scripts_never_reach_the_store(polled):
    db, _, _, _ = polled
    (row,) = db.query("SELECT * FROM items WHERE source = 'x-script'")
    stored = json.dumps(row, ensure_ascii=False)
    assert "alert" not in stored and "steal" not in stored and "<script" not in stored


def test_truncated_xml_keeps_what_can_be_read_or_says_why(polled):
    _, report, _, _ = polled
    result = by_name(report)["truncated"]
    if result.status == "ok":
        assert any("not well-formed" in w for w in result.warnings)
    else:
        assert result.error.startswith("not a feed")


def test_a_cron_run_minutes_later_leaves_every_source_alone(polled):
    """Each source got a next_due (interval or backoff): nothing is due again yet."""
    db, report, _, _ = polled
    again = poll(db, report.config, report.registry, settings=SETTINGS, due_only=True)
    assert again.results == [] and again.not_due == len(report.results)
