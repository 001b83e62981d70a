"""One poll at a time per database: an advisory lock beside it, released even on kill -9.

cron starts a poll every few minutes; when one runs long the next must not start a second one on
the same database. ``flock`` is released by the kernel when the process dies, however it dies, so
a killed poll never leaves a stale lock behind.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from monitor.errors import PollLocked


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".poll.lock")


@contextmanager
def poll_lock(db_path: Path, wait: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the poll lock of ``db_path``; raise PollLocked at once if another poll holds it.

    With ``wait`` the call blocks until the lock is free (or ``timeout`` seconds pass).
    """
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() > deadline):
                    raise PollLocked(_holder_message(path)) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        os.write(fd, f"{os.getpid()} {started}\n".encode())
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder_message(path: Path) -> str:
    try:
        pid, started = path.read_text().split()[:2]
    except (OSError, ValueError):
        return f"another poll is running (lock {path}); exiting"
    return f"another poll is running (pid {pid}, since {started}); exiting"
