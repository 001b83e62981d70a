"""The bundled demo end to end: `monitor demo --no-serve` polls data/demo/sources.yaml from the
replay server into a real SQLite file, which must hold every item data/demo/expected.json lists,
with its title, date, language and text, in English, Russian and Kazakh at least."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.kit.demo import PLACEHOLDER
from monitor.store.schema import open_db

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"


def expected_items() -> list[dict[str, Any]]:
    data = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
    return [item for items in data["sites"].values() for item in items]


def same_date(stored: str | None, expected: str) -> bool:
    """A date-only expectation ("2025-02-25") matches any time that day; else the instant."""
    if stored is None:
        return False
    value = dt.datetime.fromisoformat(stored)
    if len(expected) == 10:
        return value.date().isoformat() == expected
    return value == dt.datetime.fromisoformat(expected)


def check_item(row: dict[str, Any] | None, expected: dict[str, Any], base: str) -> list[str]:
    """What is wrong with the stored row of one expected item (empty when all is right)."""
    if row is None:
        return ["not stored"]
    problems = []
    if row["title"] != expected["title"]:
        problems.append(f"title {row['title']!r} != {expected['title']!r}")
    if expected.get("published") and not same_date(row["published"], expected["published"]):
        problems.append(f"published {row['published']} != {expected['published']}")
    if row["language"] != expected["language"]:
        problems.append(f"language {row['language']} != {expected['language']}")
    for phrase in expected.get("must_contain", []):
        if phrase not in (row["text"] or ""):
            problems.append(f"text lacks {phrase!r}")
    translations = json.loads(row["translation_urls"] or "[]")
    for url in expected.get("translations", {}).values():
        if url.replace(PLACEHOLDER, base) not in translations:
            problems.append(f"translation link {url} missing")
    for key in ("event_types", "countries", "sectors"):
        if key in expected:
            stored = set(json.loads(row[key] or "[]"))
            if not set(expected[key]) <= stored:
                problems.append(f"{key} {sorted(stored)} lacks {expected[key]}")
    return problems


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """`monitor demo --no-serve --db PATH`, once for the module: the slow part (every page)."""
    from click.testing import CliRunner

    from monitor.cli import cli

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(
        cli, ["--plugins-dir", str(ROOT / "plugins"), "demo", "--no-serve", "--db", str(path)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    match = re.search(r"via (http://127\.0\.0\.1:\d+)", result.output)
    assert match, result.output
    db = open_db(path)
    yield db, match.group(1), result.output
    db.close()


def test_every_demo_source_polls_cleanly(demo_db):
    db = demo_db[0]
    config = yaml.safe_load((DEMO / "sources.yaml").read_text(encoding="utf-8"))
    polls = {r["source"]: r for r in db.query("SELECT * FROM polls")}
    assert set(polls) == {s["name"] for s in config["sources"]}
    for name, row in polls.items():
        assert row["status"] == "ok", (name, row["error"])
        assert row["new_items"] > 0, name
        warnings = json.loads(row["warnings"] or "[]")
        assert not [w for w in warnings if "date" in w], (name, warnings)


def test_the_summary_says_what_was_stored(demo_db):
    db, _base, output = demo_db
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("items", "stories", "events")]
    assert counts[2] > 0  # the demo's reports join into events
    assert "{} item(s) in {} stories and {} events".format(*counts) in output


def item_id(expected: dict[str, Any]) -> str:
    slug = expected["url"].rstrip("/").rsplit("/", 1)[-1]
    return f"{expected['site']}:{expected['language']}:{slug}"


@pytest.mark.parametrize("expected", expected_items(), ids=item_id)
def test_expected_item_is_stored(demo_db, expected):
    db, base, _output = demo_db
    url = expected["url"].replace(PLACEHOLDER, base)
    rows = list(db.query("SELECT * FROM items WHERE url = ?", [url]))
    if not rows and url in duplicate_pairs(base):
        # An exact repeat (same title and text on one site) is counted, not stored again: the
        # other page of the pair holds it, seen twice (see monitor.store.stories.find_duplicate).
        other = duplicate_pairs(base)[url]
        rows = list(db.query("SELECT * FROM items WHERE url = ?", [other]))
        assert rows and rows[0]["times_seen"] >= 2, f"neither {url} nor {other} stored"
        expected = {**expected, "published": None, "translations": {}}
    assert check_item(rows[0] if rows else None, expected, base) == []


def duplicate_pairs(base: str) -> dict[str, str]:
    """Both directions of every `duplicate_of` pair in expected.json, as served URLs."""
    pairs = {}
    for item in expected_items():
        if item.get("duplicate_of"):
            a = item["url"].replace(PLACEHOLDER, base)
            b = item["duplicate_of"].replace(PLACEHOLDER, base)
            pairs[a], pairs[b] = b, a
    return pairs


def test_demo_covers_english_russian_and_kazakh(demo_db):
    db = demo_db[0]
    languages = {r["language"] for r in db.query("SELECT DISTINCT language FROM items")}
    assert {"en", "ru", "kk"} <= languages


def test_demo_covers_every_site_of_expected(demo_db):
    db = demo_db[0]
    sites = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))["sites"]
    stored = {r["url"] for r in db.query("SELECT url FROM items")}
    base = demo_db[1]
    for site, items in sites.items():
        assert any(i["url"].replace(PLACEHOLDER, base) in stored for i in items), site


def test_failing_sources_page_shows_what_monitor_sources_shows(demo_db, tmp_path):
    """Issue 15.6: the newsroom's failing-sources page and `monitor sources` agree."""
    import asyncio
    from pathlib import Path

    from click.testing import CliRunner

    from monitor.cli import cli
    from monitor.publish.datasette import datasette_instance

    path = Path(demo_db[0].conn.execute("PRAGMA database_list").fetchone()[2])
    listed = CliRunner().invoke(cli, ["--config", str(DEMO / "sources.yaml"), "--db", str(path),
                                      "sources"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    flagged = {line.split()[0] for line in listed.output.splitlines()[1:]
               if re.search(r"\s(FAILING|NEEDS ATTENTION)", line)}

    async def page():
        ds = datasette_instance(path)
        return (await ds.client.get(f"/{path.stem}/failing_sources.json?_shape=array")).json()

    shown = asyncio.run(page())
    assert flagged, listed.output  # the demo's archived sites are silent: there is something
    assert {r["name"] for r in shown} == flagged
    assert all(r["why"] for r in shown)
