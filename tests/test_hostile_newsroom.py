"""The newsroom's promises under attack (issue 19, item 7, its security parts): --private holds
on every route, map popups link only to http(s), arbitrary SQL is off where the public or a
private newsroom reaches it, logins are rate-limited, and list pages cut long cells."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import build

from monitor.publish.datasette import build_metadata, datasette_instance
from monitor.store import open_db

# One example path per kind of route; every registered route must match one of them, so a new
# route cannot be added without this test walking it.
EXAMPLES = [
    "/", "/.json", "/favicon.ico", "/monitor", "/monitor.json", "/monitor.db",
    "/monitor/items", "/monitor/items.json", "/monitor/items.atom", "/monitor/items/1",
    "/monitor/items/1.json", "/monitor/snapshots", "/monitor/sources_needing_attention",
    "/monitor/-/items-per-week", "/monitor/-/snapshot/1", "/monitor/-/snapshot/1.raw",
    "/monitor/-/review-queue",
    "/monitor.json?sql=select+1", "/-/metadata", "/-/metadata.json", "/-/versions.json",
    "/-/plugins.json", "/-/settings.json", "/-/config", "/-/config.json", "/-/threads.json",
    "/-/databases.json", "/-/actor.json", "/-/permissions", "/-/messages", "/-/allow-debug",
    "/-/patterns", "/-/password-tool", "/-/login", "/-/logout", "/-/auth-token",
    "/:memory:", "/-/static/app.css", "/fonts/fonts.css", "/-/review",
    "/-/static-plugins/datasette-leaflet/leaflet.js",
    "/-/static-plugins/datasette_leaflet/leaflet.js",
    "/-/static-plugins/datasette-cluster-map/datasette-cluster-map.js",
    "/-/static-plugins/datasette_cluster_map/datasette-cluster-map.js",
]
# Open without a login, and why: the login form itself, the page that leaves, static files of
# Datasette and its plugins, our bundled fonts (the login page needs them too), the tool that
# hashes a password in the browser, and allow-debug (a form that checks an allow block against
# an actor typed into it; it reads no database).
PUBLIC = re.compile(
    r"^/(-/(login|logout|password-tool|allow-debug|static/|static-plugins/)|favicon\.ico|"
    r"fonts/)")
DENIED = (401, 403)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build(tmp_path_factory.mktemp("newsroom-hostile") / "monitor.db")
    db = open_db(path)
    db.execute("INSERT INTO snapshots (url, final_url, fetched, status, content_type, "
               "content_hash, body) VALUES ('https://e.org/a', 'https://e.org/a', "
               "'2025-09-01T00:00:00Z', 200, 'text/html', 'sha256:x', 'secret page')")
    db.close()
    return path


@pytest.mark.parametrize("login", ["accounts", "shared password"])
def test_private_mode_protects_every_registered_route(newsroom, monkeypatch, tmp_path, login):
    from datasette_auth_passwords.utils import hash_password

    from monitor.store.accounts import add_account

    if login == "accounts":
        monkeypatch.setenv("MONITOR_ACCOUNTS", str(tmp_path / "accounts"))
        add_account(tmp_path / "accounts", "ana", "reviewer", "correct horse")
    else:
        monkeypatch.setenv("MONITOR_PASSWORD_HASH", hash_password("correct horse"))
    ds = datasette_instance(newsroom, private=True)
    routes = [regex for regex, _view in ds._routes()]
    unwalked = [r.pattern for r in routes
                if not any(r.match(p.split("?")[0]) for p in EXAMPLES)]
    assert unwalked == [], "add an example path for these routes"
    paths = [*EXAMPLES, "/monitor/items.csv", "/monitor/items.geojson", "/monitor/items/1.csv",
             "/monitor/sources_needing_attention.atom", "/monitor/stories.csv"]

    async def walk() -> dict[str, tuple[int, str]]:
        out = {}
        for path in paths:
            response = await ds.client.get(path, follow_redirects=True)
            # a browser is sent to the login form: that is a refusal too
            status = 403 if response.url.path == "/-/login" and not PUBLIC.match(path) \
                else response.status_code
            out[path] = (status, response.text)
        return out

    walked = asyncio.run(walk())
    leaks = {path: status for path, (status, body) in walked.items()
             if not PUBLIC.match(path) and status not in DENIED and status != 404}
    assert leaks == {}
    # nothing of the database on any answer, the public ones and the refusals alike
    for path, (_status, body) in walked.items():
        assert "secret page" not in body and "walkout" not in body.lower(), path


def test_arbitrary_sql_is_off_in_private_and_published_newsrooms(newsroom, monkeypatch):
    assert build_metadata(newsroom).get("allow_sql") is not False  # a newsroom on one's desk
    assert build_metadata(newsroom, private=True)["allow_sql"] is False
    assert build_metadata(newsroom, published=True)["allow_sql"] is False
    monkeypatch.setenv("MONITOR_ALLOW_SQL", "1")
    assert "allow_sql" not in build_metadata(newsroom, published=True)

    monkeypatch.delenv("MONITOR_ALLOW_SQL")

    async def run() -> Any:
        ds = datasette_instance(newsroom, immutable=True)
        sql = await ds.client.get("/monitor.json?sql=select+count(*)+from+items")
        canned = await ds.client.get("/monitor/sources_needing_attention.json")
        return sql, canned

    sql, canned = asyncio.run(run())
    assert sql.status_code == 403
    assert canned.status_code == 200  # the canned queries stay


def test_sql_where_allowed_has_a_time_limit(newsroom):
    async def run() -> Any:
        ds = datasette_instance(newsroom)
        heavy = ("with recursive n(i) as (select 1 union all select i + 1 from n "
                 "where i < 100000000) select count(*) from n")
        return await ds.client.get("/monitor.json", params={"sql": heavy})

    response = asyncio.run(run())
    assert response.status_code == 400
    assert "interrupted" in response.text.lower() or "time limit" in response.text.lower()


def test_map_popups_link_only_to_http(newsroom):
    popup = ("json_object('title', 'Click', 'link', 'javascript:alert(document.cookie)', "
             "'image', 'data:image/svg+xml,<svg onload=alert(1)>', 'description', 'x')")
    good = "json_object('title', 'Fine', 'link', 'https://example.org/a')"
    sql = (f"select 51.5 as latitude, -0.1 as longitude, {popup} as popup "
           f"union all select 48.8, 2.3, {good}")

    async def run() -> Any:
        ds = datasette_instance(newsroom)
        return await ds.client.get("/monitor.json", params={
            "sql": sql, "_shape": "objects", "_labels": "on", "_size": "max"})

    import json

    rows = asyncio.run(run()).json()["rows"]
    popups = [json.loads(r["popup"]) if isinstance(r["popup"], str) else r["popup"]
              for r in rows]
    assert "link" not in popups[0] and "image" not in popups[0]
    assert popups[0]["title"] == "Click"
    assert popups[1]["link"] == "https://example.org/a"


def test_login_attempts_are_rate_limited(newsroom, monkeypatch):
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv("MONITOR_PASSWORD_HASH", hash_password("correct horse"))

    async def run() -> list[int]:
        ds = datasette_instance(newsroom, private=True)
        form = await ds.client.get("/-/login")
        token = form.cookies.get("ds_csrftoken")
        statuses = []
        for attempt in range(12):
            response = await ds.client.post("/-/login", data={
                "username": "staff", "password": f"guess {attempt}", "csrftoken": token},
                cookies={"ds_csrftoken": token})
            statuses.append(response.status_code)
        right = await ds.client.post("/-/login", data={
            "username": "staff", "password": "correct horse", "csrftoken": token},
            cookies={"ds_csrftoken": token})
        statuses.append(right.status_code)
        return statuses

    statuses = asyncio.run(run())
    assert statuses[:5] == [200] * 5  # the form again, with its error
    assert statuses[10:12] == [429, 429]
    assert statuses[12] == 429  # even the right password waits: guessing gains nothing


def test_list_pages_cut_long_cells(tmp_path):
    path = build(tmp_path / "monitor.db")
    db = open_db(path)
    db.execute("UPDATE items SET title = ? WHERE id = 1", ["Strike " * 150_000])
    db.close()

    async def run() -> Any:
        ds = datasette_instance(path)
        return (await ds.client.get("/monitor/items"), await ds.client.get("/monitor/items/1"))

    listing, item = asyncio.run(run())
    assert listing.status_code == 200
    assert len(listing.content) < 200_000
    assert "Strike Strike" in listing.text and "…" in listing.text
    assert item.status_code == 200 and item.text.count("Strike") > 100_000  # whole on its page
