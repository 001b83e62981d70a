"""The plugin author's kit: new-plugin, record-source + replay, check-source, run_source, docs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from monitor.testing import ReplayServer, run_source

ROOT = Path(__file__).resolve().parent.parent
HTML = "text/html; charset=utf-8"
ARTICLE = (Path(__file__).resolve().parent / "fixtures" / "fulltext" / "ngo_article.html")

LIST_PAGE = """<html><body>
  <div class="item"><a href="/news/walkout">Garment walkout</a><time>04.03.2025</time></div>
  <div class="item"><a href="{{BASE}}/news/strike">Miners strike</a><time>05.03.2025</time></div>
</body></html>"""

CONFIG = """
sources:
  - name: kit-site
    plugin: html_list
    url: {url}/news/
    language: en
    item_selector: div.item
    date_selector: time
    full_text: true
"""


def _site(http_server: Any) -> None:
    http_server.add("/news/", LIST_PAGE, content_type=HTML)
    http_server.add("/news/walkout", ARTICLE.read_bytes(), content_type=HTML)
    http_server.add("/news/strike", "<html><body><article><h1>Miners strike</h1><p>"
                    + "Miners of the Kostenko mine refused to come up from the shaft. " * 5
                    + "</p></article></body></html>", content_type=HTML)


def test_new_plugin_scaffold_passes_its_own_test_as_generated(
    cli_run: Any, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    result = cli_run("--plugins-dir", str(project / "plugins"), "new-plugin", "unions_kz",
                     "--tests-dir", str(project / "tests"))
    assert result.exit_code == 0, result.output
    made = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert made == {
        "plugins/unions_kz.py", "tests/test_plugin_unions_kz.py",
        "tests/fixtures/unions_kz/manifest.json", "tests/fixtures/unions_kz/news.html",
    }
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error",
         "--rootdir", str(project), str(project / "tests")],
        cwd=project, capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout
    # The generated plugin is a plugin like any other: `monitor plugins` lists it.
    listed = cli_run("--plugins-dir", str(project / "plugins"), "plugins")
    assert "unions_kz" in listed.output


def test_new_plugin_refuses_bad_names_and_overwriting(cli_run: Any, tmp_path: Path) -> None:
    args = ("--plugins-dir", str(tmp_path / "plugins"))
    bad = cli_run(*args, "new-plugin", "Bad-Name", "--tests-dir", str(tmp_path / "tests"))
    assert bad.exit_code == 2 and "lower-case letters" in bad.output
    ok = cli_run(*args, "new-plugin", "site_a", "--tests-dir", str(tmp_path / "tests"))
    assert ok.exit_code == 0
    again = cli_run(*args, "new-plugin", "site_a", "--tests-dir", str(tmp_path / "tests"))
    assert again.exit_code == 2 and "not overwriting" in again.output


def test_recorded_source_replays_offline_with_the_same_items(
    http_server: Any, cli_run: Any, write_config: Any, tmp_path: Path
) -> None:
    _site(http_server)
    config = write_config(CONFIG.format(url=http_server.url))
    folder = tmp_path / "fixtures" / "kit-site"
    result = cli_run("record-source", "kit-site", "--into", str(folder), config=config)
    assert result.exit_code == 0, result.output
    assert "recorded 3 response(s), 2 item(s)" in result.output
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["item_selector"] == "div.item"
    assert manifest["source"]["full_text"] is True
    assert manifest["responses"][0]["url"] == http_server.url + "/news/"
    assert sorted(r["url"] for r in manifest["responses"][1:]) == [
        http_server.url + "/news/strike", http_server.url + "/news/walkout",
    ]
    assert not (tmp_path / "monitor.db").exists()  # recording stores nothing

    original = http_server.url
    http_server.httpd.shutdown()  # from here on the site is gone: only the replay answers
    http_server.httpd.server_close()

    run = run_source("html_list", folder)
    assert run.ok, run.error
    assert run.missing == []
    assert [item.url for item in run.items] == [original + "/news/walkout",
                                                original + "/news/strike"]
    walkout = run.items[0]
    assert walkout.text.startswith("More than four hundred workers")
    assert walkout.published is not None and walkout.published.isoformat().startswith("2025-03-04")
    assert walkout.language == "en"


def test_replay_server_answers_unrecorded_urls_with_404_and_lists_them(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<a href="https://site.example/b">b</a>', encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"responses": [
        {"url": "https://site.example/a", "file": "a.html", "content_type": "text/html"},
    ]}), encoding="utf-8")
    import httpx

    with ReplayServer(tmp_path) as replay:
        local = replay.local_url("https://site.example/a")
        body = httpx.get(local).text
        assert body == f'<a href="{replay.origins["https://site.example"]}/b">b</a>'
        assert httpx.get(replay.local_url("https://site.example/b")).status_code == 404
        assert replay.missing == ["https://site.example/b"]


def test_run_source_against_a_live_local_url_and_bad_manifests(
    http_server: Any, tmp_path: Path
) -> None:
    _site(http_server)
    run = run_source("html_list", url=http_server.url + "/news/",
                     options={"item_selector": "div.item"})
    assert run.ok and len(run.items) == 2 and run.items[0].text == ""
    broken = run_source("html_list", url=http_server.url + "/news/",
                        options={"item_selector": "ul.gone"})
    assert broken.status == "error" and "matched 0 elements" in broken.error
    from monitor.errors import MonitorError

    with pytest.raises(MonitorError, match="no manifest"):
        run_source("html_list", tmp_path)
    with pytest.raises(MonitorError, match="no source type 'nope'"):
        run_source("nope", url="http://127.0.0.1:9/")


def test_check_source_prints_items_with_language_and_tags_and_writes_nothing(
    http_server: Any, cli_run: Any, write_config: Any, tmp_path: Path
) -> None:
    _site(http_server)
    config = write_config(CONFIG.format(url=http_server.url))
    result = cli_run("check-source", "kit-site", config=config)
    assert result.exit_code == 0, result.output
    assert "* Garment walkout" in result.output
    assert "language:  en" in result.output
    assert "events:" in result.output and "countries:" in result.output
    assert "2025-03-04" in result.output
    assert "2 item(s)" in result.output and "nothing stored" in result.output
    assert not (tmp_path / "monitor.db").exists()
    as_json = cli_run("check-source", "kit-site", "--json", "--limit", "1", config=config)
    lines = [json.loads(line) for line in as_json.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1 and lines[0]["language"] == "en" and "event_types" in lines[0]


def test_check_source_reports_a_failing_source(
    http_server: Any, cli_run: Any, write_config: Any
) -> None:
    http_server.add("/news/", "<html><body>redesigned</body></html>", content_type=HTML)
    config = write_config(CONFIG.format(url=http_server.url))
    result = cli_run("check-source", "kit-site", config=config)
    assert result.exit_code == 1
    assert "matched 0 elements" in result.output
    missing = cli_run("check-source", "no-such", config=config)
    assert missing.exit_code == 2 and "no source 'no-such'" in missing.output


def test_docs_describe_the_api_and_every_kit_command() -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for needle in ("register_source_types", "register_commands", "SourceType", "SourceContext",
                   "Item", "entry-points", "plugins/", "monitor new-plugin",
                   "monitor record-source", "monitor check-source", "monitor.testing",
                   "run_source", "ReplayServer", "html_list", "full_text"):
        assert needle in docs, needle
