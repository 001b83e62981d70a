"""Learning from reviews (issue 17, requirement 6) on a real SQLite file: `monitor reviews export`
in the bench's format, the mistakes report, and `bench/tagging.py --reviewed` on the export.
Reviews are written straight into the contract's columns and `reviews` rows."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import build

ROOT = Path(__file__).resolve().parent.parent
T = "2026-12-01T10:00:00+00:00"


def add_review(conn: sqlite3.Connection, **row: Any) -> int:
    row = {"reviewer": "ana", "created": T, **row}
    for key in ("old_value", "new_value", "item_ids"):
        if key in row:
            row[key] = json.dumps(row[key], ensure_ascii=False)
    cursor = conn.execute(f"INSERT INTO reviews ({', '.join(row)}) VALUES "
                          f"({', '.join('?' * len(row))})", list(row.values()))
    return int(cursor.lastrowid or 0)


def reviewed_newsroom(path: Path) -> Path:
    """Item 1 (ru) corrected: wage theft added, Russia removed; story 2 (fa) confirmed as a
    whole; item 5 (ur) rejected; item 8's confirmation undone (so it is not reviewed)."""
    build(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE items SET event_types = '[\"strike\", \"wage_theft\"]', countries = '[\"KZ\"]',"
            " tag_evidence = ?, review_status = 'corrected', reviewed_by = 'ana', reviewed_at = ?"
            " WHERE id = 1", [json.dumps({"strike": ["забастовку"], "KZ": ["Караганды"],
                                          "RU": ["Россия"]}, ensure_ascii=False), T])
        add_review(conn, target="item", target_id=1, item_ids=[1], action="correct",
                   field="event_types", old_value=["strike"], new_value=["strike", "wage_theft"],
                   note="wages unpaid for three months")
        add_review(conn, target="item", target_id=1, item_ids=[1], action="correct",
                   field="countries", old_value=["KZ", "RU"], new_value=["KZ"])
        conn.execute("UPDATE stories SET review_status = 'confirmed', reviewed_by = 'bo', "
                     "reviewed_at = ? WHERE id = 2", [T])
        add_review(conn, target="story", target_id=2, action="confirm", reviewer="bo")
        conn.execute("UPDATE items SET relevant = 0, review_status = 'rejected', "
                     "reviewed_by = 'ana', reviewed_at = ? WHERE id = 5", [T])
        add_review(conn, target="item", target_id=5, item_ids=[5], action="reject",
                   reason="not_labour", note="a gas cylinder at a wedding")
        first = add_review(conn, target="item", target_id=8, item_ids=[8], action="confirm")
        undo = add_review(conn, target="item", target_id=8, item_ids=[8], action="undo",
                          undoes=first)
        conn.execute("UPDATE reviews SET undone_by = ? WHERE id = ?", [undo, first])
    conn.close()
    return path


@pytest.fixture
def reviewed_db(tmp_path: Path) -> Path:
    return reviewed_newsroom(tmp_path / "monitor.db")


def test_export_writes_reviewed_items_in_the_bench_format(cli_run: Any, reviewed_db: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "reviewed.jsonl"
    result = cli_run("--db", str(reviewed_db), "reviews", "export", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "exported 3 reviewed item(s) (1 confirmed, 1 corrected, 1 rejected)" in result.output
    lines = {line["item_id"]: line for line in map(json.loads, out.read_text().splitlines())}
    assert sorted(lines) == [1, 3, 5]  # item 8's confirmation was undone
    corrected, confirmed, rejected = lines[1], lines[3], lines[5]
    assert corrected["labels"] == {
        "relevant": True, "event_types": ["strike", "wage_theft"], "countries": ["KZ"],
        "killed": None, "injured": None, "workers_involved": None, "sectors": ["mining"],
        "place": "Karaganda"}
    assert corrected["reason"] == (
        "event_types corrected by ana from strike to strike, wage_theft (wages unpaid for "
        "three months); countries corrected by ana from KZ, RU to KZ")
    assert corrected["language"] == "ru" and corrected["text"].startswith("Шахтёры")
    assert confirmed["labels"]["event_types"] == ["protest", "wage_theft"]
    assert confirmed["reason"] == "confirmed by bo" and confirmed["review"]["status"] == \
        "confirmed"
    assert rejected["labels"]["relevant"] is False and rejected["labels"]["event_types"] == []
    assert rejected["labels"]["killed"] is None and rejected["kind"] == "other"
    assert rejected["reason"].startswith("rejected by ana: ")
    assert rejected["reason"].endswith("(a gas cylinder at a wedding)")
    # the loader of bench/realnews reads the file as it reads the dev set
    sys.path.insert(0, str(ROOT))
    from bench.realnews import load

    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "reviewed.jsonl").write_text(out.read_text())
    assert len(load(tmp_path / "set")) == 3


def test_export_to_stdout_and_a_missing_database(cli_run: Any, reviewed_db: Path,
                                                 tmp_path: Path) -> None:
    result = cli_run("--db", str(reviewed_db), "reviews", "export")
    assert result.exit_code == 0
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 3
    missing = cli_run("--db", str(tmp_path / "nope.db"), "reviews", "export")
    assert missing.exit_code == 2 and "no database at" in missing.output
    assert not (tmp_path / "nope.db").exists()


def test_report_lists_words_behind_rejected_tags_and_missed_tags(cli_run: Any,
                                                                 reviewed_db: Path) -> None:
    result = cli_run("--db", str(reviewed_db), "reviews", "report")
    assert result.exit_code == 0, result.output
    text = result.output
    urdu = text[text.index("== Urdu (ur)"):]
    assert urdu.startswith("== Urdu (ur): 1 item(s) rejected, 0 with tags the tagger missed")
    assert "safety_incident: دھماکہ  x1" in urdu
    russian = text[text.index("== Russian (ru)"):text.index("== Urdu")] \
        if text.index("== Russian") < text.index("== Urdu") else text[text.index("== Russian"):]
    assert "RU: Россия  x1" in russian  # the country staff removed, and the word behind it
    assert "#1 Шахтёры Караганды бастуют: event_types: wage_theft (by ana)" in russian
    assert "Persian" not in text  # confirmed as tagged: nothing to learn


def test_report_with_nothing_reviewed(cli_run: Any, tmp_path: Path) -> None:
    path = build(tmp_path / "monitor.db")
    result = cli_run("--db", str(path), "reviews", "report")
    assert result.exit_code == 0
    assert result.output == "No rejected tags and no missed tags among the reviewed items yet.\n"


def test_bench_scores_the_tagger_on_a_reviewed_file(cli_run: Any, reviewed_db: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "reviewed.jsonl"
    cli_run("--db", str(reviewed_db), "reviews", "export", "--output", str(out))
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "tagging.py"), "--reviewed",
                          str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    table = run.stdout
    assert f"reviewed items ({out}): 3 excerpts" in table
    for row in ("ALL", "group:ru", "group:fa", "group:ur", "baseline"):
        assert f"  {row}" in table
    all_row = next(line for line in table.splitlines() if line.strip().startswith("ALL"))
    assert all_row.split()[1] == "3"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\nnot json\n')
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "tagging.py"), "--reviewed",
                          str(bad)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 2 and "bad.jsonl:1: " in run.stderr
    assert "Traceback" not in run.stderr
