"""Logging in to the newsroom with a named account (issue 17): the login page, sessions that
expire, and sessions that end when their account is removed or its password or role changes.

A session is Datasette's own signed ``ds_actor`` cookie, ``{"a": actor, "e": expiry, "k":
session key}``: Datasette checks the signature and the expiry, and `check_sessions` (an ASGI
wrapper) drops a cookie whose account is gone or whose key is no longer the account's.
Logging out is Datasette's ``/-/logout``. The login limit per address is guard.py's.

With ``--private`` (plugin config ``private``) every page needs a session; a browser asking for
a page is sent to the login form, a feed reader or script gets 403. The old shared password
($MONITOR_PASSWORD_HASH, user name ``staff``) still logs in, as a reader, while it is set.
"""

from __future__ import annotations

import os
import time
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette.utils import baseconv
from datasette.utils.asgi import Response
from itsdangerous import BadSignature

from monitor.publish.datasette import ACCOUNTS_PLUGIN as PLUGIN
from monitor.publish.datasette import PASSWORD_ENV, SESSION_HOURS, STAFF_ACTOR
from monitor.publish.datasette.roles import ROLE_LABELS, can_review
from monitor.store.accounts import (
    ACCOUNTS_ENV,
    accounts_path,
    authenticate,
    get_account,
    has_accounts,
    matches_hash,
)

LEGACY_NAME = STAFF_ACTOR
LEGACY_ROLE = "reader"
LEGACY_KEY = "shared-password"
COOKIE = "ds_actor"
LOGIN_ROUTE = r"^/-/login$"
ASKED = "monitor.asked"  # the scope key of the address as the browser asked for it
FORMAT_SUFFIXES = (".json", ".csv", ".atom", ".geojson", ".raw", ".db", ".txt")


def _config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config(PLUGIN) or {}


def is_private(datasette: Any) -> bool:
    return bool(_config(datasette).get("private"))


def session_hours(datasette: Any) -> float:
    return float(_config(datasette).get("session_hours") or SESSION_HOURS)


def accounts_file(datasette: Any) -> Path | None:
    """The accounts beside the served database ($MONITOR_ACCOUNTS names another)."""
    for database in datasette.databases.values():
        if database.path and not database.is_memory:
            return accounts_path(database.path)
    return accounts_path("monitor.db") if os.environ.get(ACCOUNTS_ENV) else None


def legacy_hash(datasette: Any) -> str | None:
    """The old shared password's hash: honoured only in private mode, as before accounts."""
    if not is_private(datasette):
        return None
    return os.environ.get(PASSWORD_ENV) or None


def logins_configured(datasette: Any) -> bool:
    path = accounts_file(datasette)
    return bool(legacy_hash(datasette)) or (path is not None and has_accounts(path))


def session_cookie(datasette: Any, name: str, role: str, key: str, hours: float,
                   now: float | None = None) -> str:
    """The signed ds_actor value of a session that ends `hours` after `now`."""
    expires = int((time.time() if now is None else now) + hours * 3600)
    return datasette.sign({"a": {"id": name, "role": role},
                           "e": baseconv.base62.encode(expires), "k": key}, "actor")


def session_is_valid(datasette: Any, value: str) -> bool:
    """A ds_actor cookie that is still good: signed, not expired, its account as it was."""
    try:
        decoded = datasette.unsign(value, "actor")
    except BadSignature:
        return False
    if not isinstance(decoded, dict) or not isinstance(decoded.get("a"), dict):
        return False
    expires = decoded.get("e")
    if expires and time.time() > int(baseconv.base62.decode(expires)):
        return False
    key, actor = decoded.get("k"), decoded["a"]
    if key == LEGACY_KEY:
        return legacy_hash(datasette) is not None
    path = accounts_file(datasette)
    if path is None or not path.exists():
        # no accounts here: only a session of ours (with a key) is void; a signed actor from
        # elsewhere (Datasette's --root, tests of the review pages) is Datasette's business
        return key is None
    account = get_account(path, str(actor.get("id") or ""))
    return (account is not None and key == account.session_key
            and actor.get("role") == account.role and actor.get("id") == account.name)


def _cookie_value(header: bytes, name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header.decode("latin-1"))
    except CookieError:
        return None
    return jar[name].value if name in jar else None


def _without_cookie(header: bytes, name: str) -> bytes:
    parts = [p for p in header.split(b";") if p.strip().split(b"=", 1)[0] != name.encode()]
    return b";".join(parts).strip()


def check_sessions(datasette: Any) -> Any:
    """ASGI wrapper: a request whose session is over is served as if it had none.

    It also keeps the address as asked (other wrappers add parameters) for the login's `next`.
    """
    def wrap(app: Any) -> Any:
        async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                query = scope.get("query_string", b"").decode("latin-1")
                scope = {**scope, ASKED: scope.get("path", "/") + (f"?{query}" if query else "")}
                headers = scope.get("headers") or []
                cookies = [v for k, v in headers if k == b"cookie"]
                values = [_cookie_value(v, COOKIE) for v in cookies]
                if any(v is not None and not session_is_valid(datasette, v) for v in values):
                    scope = {**scope, "headers": [
                        (k, _without_cookie(v, COOKIE) if k == b"cookie" else v)
                        for k, v in headers]}
            await app(scope, receive, send)
        return inner
    return wrap


def _local_path(value: str | None) -> str:
    """Where to go after logging in: a path of this site, never another site."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")) \
            and not any(ord(c) < 32 for c in value):
        return value
    return "/"


async def login_view(request: Any, datasette: Any) -> Response:
    """GET: the form. POST: a session for the right name and password, else the form again."""
    error = None
    next_path = _local_path(request.args.get("next"))
    name = ""
    if request.method == "POST":
        form = await request.post_vars()
        name = (form.get("username") or "").strip()
        password = form.get("password") or ""
        next_path = _local_path(form.get("next"))
        session = _log_in(datasette, name, password)
        if session is not None:
            hours = session_hours(datasette)
            response = Response.redirect(next_path)
            response.set_cookie(COOKIE, session_cookie(datasette, *session, hours),
                                max_age=int(hours * 3600), httponly=True,
                                secure=request.scheme == "https", samesite="lax")
            return response
        error = "Wrong name or password."
    context = {"error": error, "next_path": next_path, "username": name,
               "configured": logins_configured(datasette), "private": is_private(datasette),
               "hours": session_hours(datasette)}
    html = await datasette.render_template("monitor_login.html", context, request=request)
    return Response.html(html)


def _log_in(datasette: Any, name: str, password: str) -> tuple[str, str, str] | None:
    """(name, role, session key) for the right password, else None."""
    if not name or not password:
        return None
    path = accounts_file(datasette)
    account = authenticate(path, name, password) if path is not None else None
    if account is not None:
        return account.name, account.role, account.session_key
    legacy = legacy_hash(datasette)
    if legacy and name == LEGACY_NAME and matches_hash(password, legacy) \
            and (path is None or get_account(path, name) is None):  # an account named staff wins
        return LEGACY_NAME, LEGACY_ROLE, LEGACY_KEY
    return None


def _asked(request: Any) -> str:
    return quote(request.scope.get(ASKED) or request.full_path, safe="/")


def login_redirect(datasette: Any, request: Any) -> Response | None:
    """A browser without a session, in private mode, is sent to log in; data stays a 403."""
    if request.actor or not is_private(datasette):
        return None
    last = request.path.rsplit("/", 1)[-1]
    if request.method != "GET" or last.endswith(FORMAT_SUFFIXES):
        return None
    return Response.redirect("/-/login?next=" + _asked(request))


def template_vars(request: Any, datasette: Any) -> dict[str, Any]:
    """Who is logged in and in which role, for the page header (templates/_account.html)."""
    actor = request.actor if request is not None else None
    if isinstance(actor, dict) and actor.get("id"):
        role = str(actor.get("role") or "")
        return {"monitor_account": {"name": str(actor["id"]),
                                    "role": ROLE_LABELS.get(role, role or "reader"),
                                    "can_review": can_review(actor)}}
    if request is None or request.path == "/-/login" or not logins_configured(datasette):
        return {"monitor_account": None}
    return {"monitor_account": None,
            "monitor_login_url": "/-/login?next=" + _asked(request)}
