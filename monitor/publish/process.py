"""Running Datasette as a child of `monitor serve` / `monitor demo`, and stopping it honestly.

The child is ours: SIGTERM, SIGINT and SIGHUP to the monitor stop it (terminate, then kill after
a grace period), the temporary metadata goes with it, and its exit status becomes ours. A port
that is taken is found before anything else happens, so `monitor demo` never rebuilds a database
under a server that is still running, and the error says what to do.
"""

from __future__ import annotations

import errno
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from types import FrameType
from typing import Any

from monitor.errors import MonitorError

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
GRACE_SECONDS = 10.0


class ServeError(MonitorError):
    """Datasette cannot start here (port in use, bad address) or stopped with an error."""


def check_port(host: str, port: int) -> None:
    """Raise ServeError when `host:port` cannot be listened on (taken, or not our address)."""
    if not 0 < port < 65536:
        raise ServeError(f"--port {port}: a port is a number from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"--host {host}: not an address of this machine ({exc.strerror})"
                         ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"port {port} on {host} is already in use (another `monitor serve` or "
                    f"`monitor demo`?): stop it, or choose another with --port") from None
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def run_child(args: Sequence[str], grace: float = GRACE_SECONDS) -> int:
    """Run `args` until it exits or we are told to stop; returns the status for our exit.

    A stop signal terminates the child and waits for it (killing it after `grace` seconds);
    that is a normal stop, status 0. A child that exits by itself passes its status on.
    """
    stopped: list[int] = []
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.append(signum)
        if child is not None and child.poll() is None:
            child.terminate()

    previous: dict[int, Any] = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
    try:
        if stopped:
            return 0
        child = subprocess.Popen(list(args))
        if stopped:  # a signal between the handler and the Popen
            child.terminate()
        deadline: float | None = None
        while True:
            try:
                status = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopped and deadline is None:
                    deadline = time.monotonic() + grace
                if deadline is not None and time.monotonic() > deadline:
                    child.kill()  # did not stop when asked
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0 if stopped else status
