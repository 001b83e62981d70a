"""Named accounts and roles (issue 17, items 1 and 8): `monitor users`, logging in and out of a
real in-process Datasette, sessions that expire or end, the actor and its role, `--private` on
accounts, and no password hash on any page."""

from __future__ import annotations

import asyncio
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from newsroom_data import build

from monitor.publish.datasette import datasette_instance
from monitor.publish.datasette.login import LEGACY_KEY, session_cookie, session_is_valid
from monitor.publish.datasette.roles import can_review
from monitor.store import accounts as store

PASSWORDS = {"ana": "ana's long password", "bo": "bo reads the news", "cy": "cy administers"}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A newsroom with three accounts beside it: ana reviews, bo reads, cy administers."""
    path = build(tmp_path_factory.mktemp("accounts") / "monitor.db")
    accounts = store.accounts_path(path)
    for name, role in (("ana", "reviewer"), ("bo", "reader"), ("cy", "admin")):
        store.add_account(accounts, name, role, PASSWORDS[name])
    return path


@pytest.fixture(autouse=True)
def _no_stray_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MONITOR_ACCOUNTS", raising=False)
    monkeypatch.delenv("MONITOR_PASSWORD_HASH", raising=False)


async def log_in(ds: Any, name: str, password: str, next_path: str = "") -> Any:
    form = await ds.client.get("/-/login")
    token = form.cookies.get("ds_csrftoken")
    return await ds.client.post("/-/login", data={
        "username": name, "password": password, "csrftoken": token, "next": next_path},
        cookies={"ds_csrftoken": token})


async def actor_of(ds: Any, cookie: str | None) -> Any:
    response = await ds.client.get("/-/actor.json", cookies={"ds_actor": cookie} if cookie else {})
    return response.json()["actor"]


# -- the command line --------------------------------------------------------------------------

def test_users_add_list_passwd_remove(cli_run: Any, tmp_path: Path) -> None:
    added = cli_run("users", "add", "ana", "--role", "reviewer", "--password-stdin",
                    input="a good password\n")
    assert added.exit_code == 0, added.output
    assert "added ana (reviewer)" in added.output and "monitor.db-accounts" in added.output
    typed = cli_run("users", "add", "bo", input="typed twice!\ntyped twice!\n")
    assert typed.exit_code == 0, typed.output
    path = tmp_path / "monitor.db-accounts"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # hashes for the owner's eyes only
    assert not (tmp_path / "monitor.db").exists() or "accounts" not in _tables(
        tmp_path / "monitor.db")

    listed = cli_run("users", "list")
    assert listed.exit_code == 0
    assert re.search(r"ana\s+reviewer", listed.output) and re.search(r"bo\s+reader",
                                                                     listed.output)
    assert "pbkdf2" not in listed.output and "$" not in listed.output
    assert store.authenticate(path, "bo", "typed twice!") is not None

    key = store.get_account(path, "ana").session_key  # type: ignore[union-attr]
    changed = cli_run("users", "passwd", "ana", "--password-stdin", input="another password\n")
    assert changed.exit_code == 0, changed.output
    assert store.authenticate(path, "ana", "a good password") is None
    assert store.authenticate(path, "ana", "another password") is not None
    assert store.get_account(path, "ana").session_key != key  # type: ignore[union-attr]

    assert cli_run("users", "role", "bo", "admin").exit_code == 0
    assert store.get_account(path, "bo").role == "admin"  # type: ignore[union-attr]
    removed = cli_run("users", "remove", "ana")
    assert removed.exit_code == 0 and store.get_account(path, "ana") is None
    assert [a.name for a in store.list_accounts(path)] == ["bo"]


def _tables(path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("users", "add", "ana", "--role", "boss", "--password-stdin"), "a good password\n",
     "no such role: 'boss' (one of reader, reviewer, admin)"),
    (("users", "add", "ana", "--password-stdin"), "\n", "the password is empty"),
    (("users", "add", "ana"), "\n\n", "the password is empty"),
    (("users", "add", "ana", "--password-stdin"), "short\n", "too short"),
    (("users", "add", "a b", "--password-stdin"), "a good password\n", "no spaces"),
    (("users", "remove", "nobody"), None, "no such account: 'nobody'"),
    (("users", "passwd", "nobody", "--password-stdin"), "a good password\n",
     "no such account: 'nobody'"),
    (("users", "role", "nobody", "reader"), None, "no such account: 'nobody'"),
])
def test_users_mistakes_are_one_clear_line(cli_run: Any, args: tuple[str, ...],
                                           stdin: str | None, message: str) -> None:
    result = cli_run(*args, input=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_users_add_twice_and_mismatched_typing(cli_run: Any, tmp_path: Path) -> None:
    assert cli_run("users", "add", "ana", "--password-stdin", input="a good password\n"
                   ).exit_code == 0
    again = cli_run("users", "add", "Ana", "--password-stdin", input="other password\n")
    assert again.exit_code == 2 and "already an account 'ana'" in again.output
    mismatch = cli_run("users", "add", "bo", input="first one!\nsecond one\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    assert "Traceback" not in mismatch.output
    path = tmp_path / "monitor.db-accounts"
    assert [a.name for a in store.list_accounts(path)] == ["ana"]
    assert store.authenticate(path, "ana", "a good password") is not None  # nothing lost


def test_users_list_without_accounts_and_the_accounts_env(cli_run: Any, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    empty = cli_run("users", "list")
    assert empty.exit_code == 0 and "no accounts in" in empty.output
    elsewhere = tmp_path / "private" / "newsroom-accounts"
    monkeypatch.setenv("MONITOR_ACCOUNTS", str(elsewhere))
    cli_run("users", "add", "ana", "--password-stdin", input="a good password\n")
    assert elsewhere.exists() and not (tmp_path / "monitor.db-accounts").exists()
    assert str(elsewhere) in cli_run("users", "list").output


def test_a_damaged_accounts_file_is_named_in_one_line(cli_run: Any, tmp_path: Path) -> None:
    (tmp_path / "monitor.db-accounts").write_bytes(b"not SQLite at all " * 20)
    for args in (("users", "list"), ("users", "add", "ana", "--password-stdin")):
        result = cli_run(*args, input="a good password\n")
        assert result.exit_code == 74, result.output
        assert "monitor.db-accounts is not an accounts file" in result.output
    assert (tmp_path / "monitor.db-accounts").read_bytes() == b"not SQLite at all " * 20


def test_serve_private_needs_an_account(cli_run: Any) -> None:
    result = cli_run("serve", "--private")
    assert result.exit_code == 2
    assert "monitor users add" in result.output and "Traceback" not in result.output


# -- logging in ----------------------------------------------------------------------------

def test_login_logout_and_the_actor_with_its_role(newsroom: Path) -> None:
    async def run() -> dict[str, Any]:
        ds = datasette_instance(newsroom)
        out: dict[str, Any] = {"anonymous": await actor_of(ds, None)}
        for name in PASSWORDS:
            response = await log_in(ds, name, PASSWORDS[name], next_path="/monitor/items")
            out[name] = response
            out[f"{name} actor"] = await actor_of(ds, response.cookies.get("ds_actor"))
        ana = out["ana"].cookies["ds_actor"]
        page = await ds.client.get("/monitor/items", cookies={"ds_actor": ana})
        out["page"] = page.text
        token = page.cookies.get("ds_csrftoken") or ""
        logout = await ds.client.post("/-/logout", data={"csrftoken": token},
                                      cookies={"ds_actor": ana, "ds_csrftoken": token})
        out["logout"] = logout
        out["wrong"] = await log_in(ds, "ana", "not the password")
        out["unknown"] = await log_in(ds, "nobody", PASSWORDS["ana"])
        out["case"] = await actor_of(ds, (await log_in(ds, "ANA", PASSWORDS["ana"])
                                          ).cookies.get("ds_actor"))
        out["open page"] = (await ds.client.get("/monitor/items")).text
        return out

    out = asyncio.run(run())
    assert out["anonymous"] is None
    assert out["ana"].status_code == 302 and out["ana"].headers["location"] == "/monitor/items"
    assert out["ana actor"] == {"id": "ana", "role": "reviewer"}
    assert out["bo actor"] == {"id": "bo", "role": "reader"}
    assert out["cy actor"] == {"id": "cy", "role": "admin"}
    assert [can_review(out[f"{n} actor"]) for n in PASSWORDS] == [True, False, True]
    assert can_review(None) is False and can_review({"id": "staff"}) is False
    cookie = out["ana"].headers["set-cookie"].lower()
    assert "httponly" in cookie and "max-age=43200" in cookie and "samesite=lax" in cookie
    # the header says who is logged in, in which role, and offers to log out
    assert re.search(r"Logged in as <strong>ana</strong>\s*\(reviewer\)", out["page"])
    assert 'action="/-/logout"' in out["page"]
    assert out["logout"].status_code == 302
    assert 'ds_actor="";' in out["logout"].headers["set-cookie"] or \
        "ds_actor=;" in out["logout"].headers["set-cookie"]
    for refused in (out["wrong"], out["unknown"]):
        assert refused.status_code == 200 and "ds_actor" not in refused.cookies
        assert "Wrong name or password." in refused.text
    assert out["case"] == {"id": "ana", "role": "reviewer"}  # the account's own spelling
    # reading stays open with accounts but without --private, and offers a login
    assert "News items" in out["open page"] and 'href="/-/login?next=/monitor/items"' in \
        out["open page"]
    # one way in: datasette-auth-passwords' own menu item and login page are blocked
    assert out["open page"].count(">Log in<") == 1, re.findall(r"<a[^>]*>Log in<", out["open page"])


def test_next_is_only_ever_a_path_of_this_site(newsroom: Path) -> None:
    async def run() -> list[str]:
        ds = datasette_instance(newsroom)
        return [(await log_in(ds, "bo", PASSWORDS["bo"], next_path=target)).headers["location"]
                for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example",
                               "/monitor/items?_country=KZ")]

    assert asyncio.run(run()) == ["/", "/", "/", "/monitor/items?_country=KZ"]


def test_sessions_expire_and_end_with_their_account(newsroom: Path, tmp_path: Path) -> None:
    import shutil
    import time

    copy = tmp_path / "monitor.db"
    shutil.copy(newsroom, copy)
    shutil.copy(store.accounts_path(newsroom), store.accounts_path(copy))
    accounts = store.accounts_path(copy)

    async def run() -> dict[str, Any]:
        ds = datasette_instance(copy, session_hours=0.5)
        ana = store.get_account(accounts, "ana")
        assert ana is not None
        now = time.time()
        out = {
            "fresh": await actor_of(ds, session_cookie(ds, "ana", "reviewer", ana.session_key,
                                                       12)),
            # issued 13 hours ago for 12 hours: over
            "expired": await actor_of(ds, session_cookie(
                ds, "ana", "reviewer", ana.session_key, 12, now=now - 13 * 3600)),
            # a session that claims another role than the account's
            "promoted": await actor_of(ds, session_cookie(ds, "bo", "admin", "x", 12)),
            "forged": await actor_of(ds, "eyJhIjp7ImlkIjoiYW5hIn19.forged"),
        }
        login = await log_in(ds, "bo", PASSWORDS["bo"])
        out["set-cookie"] = login.headers["set-cookie"].lower()
        bo = login.cookies["ds_actor"]
        out["bo before"] = await actor_of(ds, bo)
        out["bo decoded"] = ds.unsign(bo, "actor")
        store.set_password(accounts, "bo", "a brand new password")
        out["bo after passwd"] = await actor_of(ds, bo)
        cy = (await log_in(ds, "cy", PASSWORDS["cy"])).cookies["ds_actor"]
        store.set_role(accounts, "cy", "reader")
        out["cy after role"] = await actor_of(ds, cy)
        ana_cookie = (await log_in(ds, "ana", PASSWORDS["ana"])).cookies["ds_actor"]
        store.remove_account(accounts, "ana")
        out["ana after remove"] = await actor_of(ds, ana_cookie)
        out["ana page"] = (await ds.client.get("/monitor/items",
                                               cookies={"ds_actor": ana_cookie})).text
        return out

    out = asyncio.run(run())
    assert out["fresh"] == {"id": "ana", "role": "reviewer"}
    assert out["expired"] is None and out["promoted"] is None and out["forged"] is None
    assert "max-age=1800" in out["set-cookie"]  # --session-hours 0.5
    assert out["bo before"] == {"id": "bo", "role": "reader"}
    from datasette.utils import baseconv

    lasts = int(baseconv.base62.decode(out["bo decoded"]["e"])) - time.time()
    assert 1790 < lasts <= 1800
    assert out["bo after passwd"] is None and out["cy after role"] is None
    assert out["ana after remove"] is None and "Logged in as" not in out["ana page"]


def test_signed_actors_from_elsewhere_stand_without_accounts(tmp_path: Path) -> None:
    """The review helpers' tests sign an actor without accounts; only our sessions need one."""
    path = build(tmp_path / "monitor.db")

    async def run() -> tuple[Any, Any]:
        ds = datasette_instance(path)
        contract = ds.sign({"a": {"id": "ana", "role": "reviewer"}}, "actor")
        ours = session_cookie(ds, "ana", "reviewer", "somekey", 12)
        return await actor_of(ds, contract), await actor_of(ds, ours)

    contract, ours = asyncio.run(run())
    assert contract == {"id": "ana", "role": "reviewer"} and ours is None


def test_login_without_accounts_says_so(tmp_path: Path) -> None:
    path = build(tmp_path / "monitor.db")

    async def run() -> tuple[Any, Any]:
        ds = datasette_instance(path)
        return await ds.client.get("/-/login"), await log_in(ds, "ana", "any password")

    form, attempt = asyncio.run(run())
    assert form.status_code == 200 and "has no accounts" in form.text
    assert "ds_actor" not in attempt.cookies


def test_the_old_shared_password_still_logs_in_as_a_reader(newsroom: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv("MONITOR_PASSWORD_HASH", hash_password("correct horse"))

    async def run() -> tuple[Any, Any, Any]:
        private = datasette_instance(newsroom, private=True)
        staff = (await log_in(private, "staff", "correct horse")).cookies.get("ds_actor")
        open_ = datasette_instance(newsroom)  # the shared password is for --private only
        refused = await log_in(open_, "staff", "correct horse")
        return await actor_of(private, staff), refused, session_is_valid(private, staff)

    actor, refused, valid = asyncio.run(run())
    assert actor == {"id": "staff", "role": "reader"} and not can_review(actor)
    assert valid and "ds_actor" not in refused.cookies
    assert ds_key(newsroom, "staff", "correct horse") == LEGACY_KEY
    # once the shared password is gone from the environment, its sessions are over
    monkeypatch.delenv("MONITOR_PASSWORD_HASH")

    async def after() -> Any:
        ds = datasette_instance(newsroom, private=True)
        return session_is_valid(ds, session_cookie(ds, "staff", "reader", LEGACY_KEY, 12))

    assert asyncio.run(after()) is False


def ds_key(db: Path, name: str, password: str) -> Any:
    async def run() -> Any:
        ds = datasette_instance(db, private=True)
        cookie = (await log_in(ds, name, password)).cookies["ds_actor"]
        return ds.unsign(cookie, "actor")["k"]
    return asyncio.run(run())


def test_an_account_named_staff_wins_over_the_shared_password(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datasette_auth_passwords.utils import hash_password

    path = build(tmp_path / "monitor.db")
    store.add_account(store.accounts_path(path), "staff", "reviewer", "the staff account")
    monkeypatch.setenv("MONITOR_PASSWORD_HASH", hash_password("correct horse"))

    async def run() -> tuple[Any, Any]:
        ds = datasette_instance(path, private=True)
        shared = await log_in(ds, "staff", "correct horse")
        own = await log_in(ds, "staff", "the staff account")
        return shared, await actor_of(ds, own.cookies.get("ds_actor"))

    shared, own = asyncio.run(run())
    assert "ds_actor" not in shared.cookies
    assert own == {"id": "staff", "role": "reviewer"}


# -- private mode --------------------------------------------------------------------------

def test_private_newsroom_needs_a_login_and_any_role_reads(newsroom: Path) -> None:
    async def run() -> dict[str, Any]:
        ds = datasette_instance(newsroom, private=True)
        out: dict[str, Any] = {}
        for path in ("/monitor/items", "/monitor/items.json", "/monitor/items.csv",
                     "/monitor/items.atom", "/monitor/items/1",
                     "/monitor/items?_country=KZ&_event_type=strike"):
            out[path] = await ds.client.get(path)
        asked = out["/monitor/items?_country=KZ&_event_type=strike"].headers["location"]
        out["form"] = await ds.client.get(asked)
        bo = (await log_in(ds, "bo", PASSWORDS["bo"])).cookies["ds_actor"]
        for path in ("/monitor/items", "/monitor/items.json", "/monitor/items.csv",
                     "/monitor/items.atom"):
            out[f"bo {path}"] = await ds.client.get(path, cookies={"ds_actor": bo})
        return out

    out = asyncio.run(run())
    page = out["/monitor/items"]
    assert page.status_code == 302 and page.headers["location"] == "/-/login?next=/monitor/items"
    for path in ("/monitor/items.json", "/monitor/items.csv", "/monitor/items.atom"):
        assert out[path].status_code == 403, path  # a feed reader or script: no redirect
    assert out["/monitor/items/1"].status_code == 302
    # the login form sends the browser back where it was going, filters and all
    assert 'name="next" value="/monitor/items?_country=KZ&amp;_event_type=strike"' in \
        out["form"].text
    for path in ("/monitor/items", "/monitor/items.json", "/monitor/items.csv",
                 "/monitor/items.atom"):
        assert out[f"bo {path}"].status_code == 200, path  # a reader reads everything


def test_no_served_page_shows_a_password_hash(newsroom: Path) -> None:
    """Logged in as an admin, every kind of route: neither hash nor salt nor session key."""
    import sqlite3

    from test_hostile_newsroom import EXAMPLES

    with sqlite3.connect(store.accounts_path(newsroom)) as conn:
        secrets = [part for row in conn.execute("SELECT password_hash, session_key FROM accounts")
                   for value in row for part in value.split("$") if len(part) >= 16]
    assert len(secrets) >= 6

    async def run() -> dict[str, str]:
        ds = datasette_instance(newsroom, private=True)
        cy = (await log_in(ds, "cy", PASSWORDS["cy"])).cookies["ds_actor"]
        paths = [*EXAMPLES, "/monitor/items.csv", "/-/databases.json", "/-/metadata.json",
                 "/monitor.json?sql=select+*+from+sqlite_master"]
        return {path: (await ds.client.get(path, cookies={"ds_actor": cy},
                                           follow_redirects=True)).text for path in paths}

    bodies = asyncio.run(run())
    assert "What happened" in bodies["/"]  # really logged in
    leaks = {path for path, body in bodies.items()
             if any(s in body for s in secrets) or "pbkdf2" in body}
    assert leaks == set()
    assert "-accounts" not in bodies["/-/databases.json"]


def test_accounts_file_is_not_the_published_database(newsroom: Path) -> None:
    assert "accounts" not in _tables(newsroom)
    assert os.path.dirname(store.accounts_path(newsroom)) == os.path.dirname(newsroom)
