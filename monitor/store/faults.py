"""The machine's faults in words: a full disk, a read-only file system, a file that is not SQLite.

These are not our bugs and not the sources' failures, so they never become a traceback or a
source's error: the command says in one line what happened and what to do, and exits with
EXIT_STORAGE (74, sysexits' EX_IOERR).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from monitor.errors import MonitorError

EXIT_STORAGE = 74

_FULL = {getattr(sqlite3, "SQLITE_FULL", 13)}
_READONLY = {getattr(sqlite3, n, -1) for n in (
    "SQLITE_READONLY", "SQLITE_READONLY_DBMOVED", "SQLITE_READONLY_DIRECTORY",
    "SQLITE_READONLY_RECOVERY", "SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_CANTINIT",
    "SQLITE_READONLY_CANTLOCK", "SQLITE_PERM", "SQLITE_AUTH")}
_NOT_A_DB = {getattr(sqlite3, "SQLITE_NOTADB", 26), getattr(sqlite3, "SQLITE_CORRUPT", 11)}
_CANT_OPEN = {getattr(sqlite3, n, -1) for n in (
    "SQLITE_CANTOPEN", "SQLITE_CANTOPEN_ISDIR", "SQLITE_CANTOPEN_NOTEMPDIR",
    "SQLITE_CANTOPEN_FULLPATH")}


class StorageFault(MonitorError):
    """The database or an output file cannot be written or read; the message says why."""


def is_disk_full(exc: BaseException) -> bool:
    """SQLite's "database or disk is full", or ENOSPC/EDQUOT from the file system."""
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        return code in _FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _writable_folder(path: Path) -> bool:
    folder = path.parent if path.parent != Path("") else Path(".")
    return not folder.is_dir() or os.access(folder, os.W_OK)


def describe(exc: BaseException, db_path: Path | str | None = None) -> str | None:
    """One line for a storage fault (what happened, what to do), or None if it is not one."""
    where = f" {db_path}" if db_path else ""
    if is_disk_full(exc):
        return (f"the disk holding{where or ' the database'} is full: free some space and run "
                "again (what was stored is kept; the next poll catches up)")
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc)
        if code in _READONLY or "readonly" in text or "read-only" in text:
            return (f"cannot write the database{where}: the file or its folder is read-only. "
                    "Fix the permissions, or serve a read-only copy with "
                    "`monitor serve --immutable`")
        if code in _NOT_A_DB or "not a database" in text or "malformed" in text:
            return (f"{db_path or 'the database'} is not a monitor database (not SQLite, or "
                    "damaged): point --db at the monitor's database or at a new file name")
        if db_path and not _writable_folder(Path(db_path)):
            return (f"cannot write the database{where}: its folder is read-only (a read-only "
                    "file system or no permission). Serve a read-only copy with "
                    "`monitor serve --immutable`, or move the database")
        if code in _CANT_OPEN or "unable to open" in text:
            return (f"cannot open the database{where}: check that its folder exists and can be "
                    "written (--db names a file, e.g. data/monitor.db)")
        if code is not None and (code & 0xFF) == getattr(sqlite3, "SQLITE_IOERR", 10):
            return f"the database{where} could not be read or written ({text}): check the disk"
        return None
    if isinstance(exc, OSError):
        name = exc.filename or db_path or "a file"
        if exc.errno == errno.EROFS:
            return f"cannot write {name}: the file system is read-only"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"cannot write {name}: permission denied"
        if exc.errno == errno.EISDIR:
            return f"cannot write {name}: it is a folder, give a file name"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return f"cannot write {name}: its folder does not exist"
        return f"cannot use {name}: {exc.strerror or exc}"
    return None


def message(exc: BaseException, db_path: Path | str | None = None) -> str:
    """describe(), or the exception itself when it is not a fault we know."""
    return describe(exc, db_path) or f"{type(exc).__name__}: {exc}"
