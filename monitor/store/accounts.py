"""The newsroom's accounts: names, roles and salted password hashes, in a file of their own.

The accounts live in a separate SQLite file beside the database (``data/monitor.db-accounts``
for ``data/monitor.db``; ``$MONITOR_ACCOUNTS`` names another), never in the published database:
Datasette is only ever given the database, so no page, JSON or CSV answer can reach a hash, and
a snapshot copied for publishing carries no accounts. The file is created readable by its owner
only. Passwords are PBKDF2-SHA256 hashes with a random salt (datasette-auth-passwords' format,
the one `datasette hash-password` prints). Each account has a session key: changing the
password or removing the account changes it, which ends every session signed with the old one.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from monitor.errors import MonitorError
from monitor.store.faults import StorageFault, describe
from monitor.values import utc_now

ACCOUNTS_ENV = "MONITOR_ACCOUNTS"
ROLES = ("reader", "reviewer", "admin")
"""reader: may read (and, with --private, log in to read); reviewer and admin: may also review."""
MIN_PASSWORD = 8
NAME = re.compile(r"^[\w.@+-]{1,64}$")
NAME_RULE = "is 1 to 64 letters, digits or . @ + - _ (no spaces)"

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('reader', 'reviewer', 'admin')),
    password_hash TEXT NOT NULL,
    session_key TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL
)
"""


class AccountError(MonitorError):
    """A user mistake about accounts: unknown name, bad role, weak password, name taken."""


@dataclass(frozen=True)
class Account:
    """One account as the newsroom and `monitor users list` see it (never its hash)."""

    name: str
    role: str
    session_key: str
    created: str
    changed: str


def accounts_path(db_path: str | Path) -> Path:
    """Where the accounts of the newsroom on `db_path` live: $MONITOR_ACCOUNTS, else beside it."""
    override = os.environ.get(ACCOUNTS_ENV)
    if override:
        return Path(override)
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + "-accounts")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"no such role: {role!r} (one of {', '.join(ROLES)})")
    return role


def check_name(name: str) -> str:
    if not NAME.match(name or ""):
        raise AccountError(f"account name {name!r} {NAME_RULE}")
    return name


def check_password(password: str) -> str:
    if not password:
        raise AccountError("the password is empty")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if password != password.strip() or "\n" in password:
        raise AccountError("the password starts or ends with a space, or has a line break")
    return password


@contextmanager
def _faults(path: Path) -> Iterator[None]:
    """SQLite's complaints about the accounts file, in words that name the accounts file."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            raise StorageFault(f"{path} is not an accounts file (not SQLite, or damaged): move "
                               f"it away, or set {ACCOUNTS_ENV} to another file") from None
        message = describe(exc, path)
        if message is None:
            raise
        raise StorageFault(message.replace("the database", "the accounts file")) from None


@contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    """The accounts file for a change, created (owner-only) with its table when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():  # hashes are for its owner's eyes: 0600 before SQLite writes one
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    with _faults(path), closing(sqlite3.connect(path, timeout=10)) as conn:
        conn.execute(SCHEMA)
        with conn:
            yield conn


def _query(path: Path, sql: str, args: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Rows from the accounts file, read-only (the newsroom never writes it); none without one."""
    if not path.exists():
        return []
    with _faults(path), closing(sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)) as conn:
        try:
            return list(conn.execute(sql, args))
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # an empty file: no accounts yet
                return []
            raise


def _row(row: tuple[str, ...]) -> Account:
    return Account(*row[:5])


def add_account(path: Path, name: str, role: str, password: str) -> Account:
    check_name(name)
    check_role(role)
    check_password(password)
    now = utc_now()
    with _writing(path) as conn:
        taken = conn.execute("SELECT name FROM accounts WHERE name = ?", (name,)).fetchone()
        if taken:
            raise AccountError(f"there is already an account {taken[0]!r} (change its password "
                               "with `monitor users passwd`)")
        conn.execute(
            "INSERT INTO accounts (name, role, password_hash, session_key, created, changed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (name, role, hash_password(password), secrets.token_hex(8), now, now))
    account = get_account(path, name)
    assert account is not None
    return account


def remove_account(path: Path, name: str) -> None:
    with _writing(path) as conn:
        if not conn.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount:
            raise AccountError(_unknown(name))


def set_password(path: Path, name: str, password: str) -> None:
    """A new password, and a new session key: every session of the account ends."""
    check_password(password)
    with _writing(path) as conn:
        changed = conn.execute(
            "UPDATE accounts SET password_hash = ?, session_key = ?, changed = ? WHERE name = ?",
            (hash_password(password), secrets.token_hex(8), utc_now(), name)).rowcount
        if not changed:
            raise AccountError(_unknown(name))


def set_role(path: Path, name: str, role: str) -> None:
    """Another role, and a new session key (a session carries its role)."""
    check_role(role)
    with _writing(path) as conn:
        changed = conn.execute(
            "UPDATE accounts SET role = ?, session_key = ?, changed = ? WHERE name = ?",
            (role, secrets.token_hex(8), utc_now(), name)).rowcount
        if not changed:
            raise AccountError(_unknown(name))


def _unknown(name: str) -> str:
    return f"no such account: {name!r} (see `monitor users list`)"


_COLUMNS = "name, role, session_key, created, changed"


def list_accounts(path: Path) -> list[Account]:
    return [_row(r) for r in _query(path, f"SELECT {_COLUMNS} FROM accounts ORDER BY name")]


def get_account(path: Path, name: str) -> Account | None:
    rows = _query(path, f"SELECT {_COLUMNS} FROM accounts WHERE name = ?", (name,))
    return _row(rows[0]) if rows else None


def has_accounts(path: Path) -> bool:
    return bool(_query(path, "SELECT 1 FROM accounts LIMIT 1"))


def authenticate(path: Path, name: str, password: str) -> Account | None:
    """The account when `password` is its password, else None (the same work either way)."""
    rows = _query(path, f"SELECT {_COLUMNS}, password_hash FROM accounts WHERE name = ?",
                  (name,))
    if not rows:
        matches_hash(password, _dummy_hash())  # an unknown name takes as long as a known one
        return None
    return _row(rows[0]) if matches_hash(password, rows[0][5]) else None


def hash_password(password: str) -> str:
    """datasette-auth-passwords' PBKDF2 hash (the shared password's format too)."""
    # lazy: importing it imports Datasette (50 ms), which `monitor poll` never needs
    from datasette_auth_passwords.utils import hash_password as pbkdf2

    return str(pbkdf2(password))


def verify_password(password: str, password_hash: str) -> bool:
    from datasette_auth_passwords.utils import verify_password as check  # lazy: as above

    return bool(check(password, password_hash))


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def matches_hash(password: str, password_hash: str) -> bool:
    """`password` against a stored hash; a malformed hash matches nothing."""
    try:
        return bool(verify_password(password, password_hash))
    except (AssertionError, ValueError):
        return False
