"""A real `monitor serve` in a child process for the browser tests, stopped with its Datasette."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

MONITOR = [sys.executable, "-c", "from monitor.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_newsroom(db: Path, *args: str, env: dict[str, str] | None = None,
                   ready: str = "/-/versions.json") -> Iterator[str]:
    """`monitor serve ARGS` on a free port for `db`, until the block ends; its base URL.

    `env` replaces the environment (MONITOR_DB is set to `db`); the server is ready when
    `ready` answers. A server that does not start fails the test with its last messages."""
    port = free_port()
    env = {**(os.environ if env is None else env), "MONITOR_DB": str(db)}
    log = db.with_suffix(".log")
    with log.open("wb") as stderr:
        process = subprocess.Popen([*MONITOR, "serve", *args, "--port", str(port)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(base + ready, timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("monitor serve did not start: " + log.read_text()[-2000:])
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
