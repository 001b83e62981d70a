"""`monitor serve` and `monitor demo` own their Datasette: stopping them stops it and removes its
temporary files; a port in use or a bad port is a clear error with a non-zero exit (issue 15.10,
issue 19.8). Real processes, real signals, real sockets."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from newsroom_data import build
from process_tree import alive, descendants

ROOT = Path(__file__).resolve().parent.parent
MONITOR = [sys.executable, "-c", "from monitor.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("monitor serve did not start: " + log.read_text()[-2000:])
            time.sleep(0.1)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("processes") / "monitor.db")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_datasette_and_removes_its_files(db: Path, tmp_path: Path,
                                                              stop: signal.Signals) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen([*MONITOR, "--db", str(db), "serve", "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        _wait_ready(process, f"http://127.0.0.1:{port}", log)
        children = descendants(process.pid)
        datasette = [pid for pid, cmd in children.items() if "datasette serve" in cmd]
        assert len(datasette) == 1, children
        metadata = Path(re.search(r"--metadata (\S+)", children[datasette[0]]).group(1))
        assert metadata.is_file()
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0, log.read_text()[-2000:]
        assert not alive(datasette[0]), f"Datasette {datasette[0]} still runs after {stop.name}"
        assert not metadata.parent.exists(), "temporary metadata left behind"
        with socket.socket() as again:  # the port is free again
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind(("127.0.0.1", port))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_port_in_use_is_an_error_and_demo_keeps_its_database(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        demo_db = tmp_path / "monitor.db"
        demo_db.write_bytes(b"")  # a previous demo's database: must not be rebuilt
        for args in (["--db", str(tmp_path / "x.db"), "serve", "--port", str(port)],
                     ["--plugins-dir", str(ROOT / "plugins"), "demo", "--db", str(demo_db),
                      "--port", str(port)]):
            done = subprocess.run([*MONITOR, *args], capture_output=True, text=True,
                                  timeout=120)
            assert done.returncode == 2, (args, done.stderr)
            assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
            assert "--port" in done.stderr and "Traceback" not in done.stderr
        assert demo_db.exists() and not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_bad_port_is_a_usage_error(port: str, tmp_path: Path) -> None:
    done = subprocess.run([*MONITOR, "--db", str(tmp_path / "x.db"), "serve", "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--port" in done.stderr, done.stderr


def test_address_not_ours_is_an_error(tmp_path: Path) -> None:
    done = subprocess.run([*MONITOR, "--db", str(tmp_path / "x.db"), "serve", "--host",
                           "192.0.2.1"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "cannot listen on 192.0.2.1:8001" in done.stderr, done.stderr


def test_child_status_is_passed_on() -> None:
    """Datasette's own non-zero exit (a bind lost in a race, a crash) becomes ours."""
    from monitor.publish.process import run_child

    assert run_child([sys.executable, "-c", "raise SystemExit(3)"]) == 3
    assert run_child([sys.executable, "-c", "pass"]) == 0


def test_this_test_process_has_no_datasette_left() -> None:
    """Runs last in this file: every server the tests above started is gone."""
    left = {pid: cmd for pid, cmd in descendants(os.getpid()).items() if "datasette" in cmd
            or "monitor.cli" in cmd}
    assert not left, left
