"""The `monitor` command line: every command, its help, and its exit statuses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from monitor.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def all_commands(group=cli, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("command", list(all_commands()), ids=" ".join)
def test_every_command_has_help(cli_run, command):
    result = cli_run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    doc = cli.get_command(None, command[0]).help  # type: ignore[union-attr]
    assert doc and doc.strip()


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in cli.commands:
        assert f"monitor {command}" in readme, f"`monitor {command}` is not documented"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.DOTALL)
    first_two = [line.strip() for block in commands[:2] for line in block.splitlines()
                 if line.strip() and not line.startswith("#")]
    assert first_two[:2] == ["python3 run.py demo", "python3 run.py test"]
    assert "python3 run.py test" in ci


def test_tag_reads_and_writes_json_lines(cli_run):
    lines = [
        {"title": "Шахтёры Караганды объявили забастовку", "text": "", "id": 7},
        {"title": "Miners strike over unpaid wages in Karaganda", "text": "", "url": "x"},
        '{"title": broken',
        "Ишчилер маяна төлөнбөгөнү үчүн иш таштоо жарыялашты",  # plain text is a title
    ]
    stdin = "\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n\n"
    result = cli_run("tag", input=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["id"] == 7 and out[1]["url"] == "x"  # other keys passed through
    assert out[2]["title"].startswith("Ишчилер") and out[2]["language"] == "ky"
    for row in out:
        for key in ("language", "language_confidence", "event_types", "countries", "relevant",
                    "sectors"):
            assert key in row
    assert out[0]["language"] == "ru"
    assert result.exit_code == 1  # one bad line
    assert "line 3: not JSON" in result.stderr


def test_import_stores_items_as_a_manual_source(cli_run, tmp_path):
    data = tmp_path / "export.jsonl"
    data.write_text("\n".join([
        json.dumps({"url": "https://example.org/a", "title": "Garment workers walk out",
                    "text": "Hundreds stopped work over unpaid wages.",
                    "published": "2025-02-25T08:00:00Z", "sheet_row": 4}),
        json.dumps({"title": "no url"}),
        json.dumps({"url": "https://example.org/b", "title": "Union registered",
                    "published": "yesterday-ish"}),
    ]) + "\n", encoding="utf-8")
    result = cli_run("import", str(data), "--source", "staff-sheet")
    assert "imported 1 new item(s), 0 already stored, 2 skipped" in result.output
    assert "line 2: skipped: url: required field is missing" in result.output
    assert result.exit_code == 1
    again = cli_run("import", str(data), "--source", "staff-sheet")
    assert "imported 0 new item(s), 1 already stored" in again.output

    from monitor.store.schema import open_db

    db = open_db(tmp_path / "monitor.db")
    row = db["items"].get(1)
    assert row["source"] == "staff-sheet" and row["published"] == "2025-02-25T08:00:00+00:00"
    assert json.loads(row["extra"]) == {"sheet_row": 4}
    assert db["sources"].get("staff-sheet")["manual"] == 1


def test_import_rejects_a_bad_source_name(cli_run, tmp_path):
    data = tmp_path / "x.jsonl"
    data.write_text("")
    result = cli_run("import", str(data), "--source", "Not A Slug")
    assert result.exit_code == 2


def test_poll_exit_status_and_unknown_source(cli_run, http_server, write_config):
    from tests.test_rss import RSS2

    http_server.add("/feed", RSS2)
    config = write_config(
        f"sources:\n  - {{name: ok, plugin: rss, url: '{http_server.url}/feed'}}\n"
        f"  - {{name: dead, plugin: rss, url: '{http_server.url}/dead'}}\n")
    result = cli_run("poll", "--json", config=config)
    summary = json.loads(result.stdout)
    assert result.exit_code == 1
    assert summary["failed"] == ["dead"] and summary["new_items"] == 2
    ok_only = cli_run("poll", "--source", "ok", config=config)
    assert ok_only.exit_code == 0
    unknown = cli_run("poll", "--source", "nope", config=config)
    assert unknown.exit_code == 2 and "no such source: nope" in unknown.output
    sources = cli_run("sources", config=config)
    assert "FAILING x1: HTTP 404" in sources.output
    assert re.search(r"ok\s+rss\s+ok, 2 items", sources.output)


def test_retag_recomputes_tags(cli_run, tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"url": "https://example.org/r", "title": "Miners strike"}) + "\n")
    cli_run("import", str(data), "--source", "manual")
    from monitor.store.schema import open_db

    db = open_db(tmp_path / "monitor.db")
    db.execute("UPDATE items SET language = 'xx', event_types = '[]'")
    result = cli_run("retag")
    assert result.exit_code == 0 and "re-tagged 1 item(s)" in result.output
    row = db["items"].get(1)
    assert row["language"] != "xx"


def test_log_level_shows_what_a_poll_did(cli_run, write_config, http_server, caplog) -> None:
    url = http_server.add("/feed", '<?xml version="1.0"?><rss version="2.0"><channel>'
                          "<title>t</title><item><title>Strike at the mine</title>"
                          "<link>{{BASE}}/a</link></item></channel></rss>")
    config = write_config(f"sources:\n  - name: logged\n    plugin: rss\n    url: {url}\n")
    import logging

    logger = logging.getLogger("monitor")
    try:
        result = cli_run("--log-level", "info", "poll", "--all", config=config)
        assert result.exit_code == 0, result.output
        assert logger.level == logging.INFO
        messages = [r.getMessage() for r in caplog.records if r.name == "monitor.poll"]
        assert any(m.startswith("logged: new in") and "(1 new, 0 seen)" in m for m in messages)
    finally:
        logger.setLevel(logging.WARNING)
