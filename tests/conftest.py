"""Shared test fixtures: real local HTTP servers, real SQLite files, the CLI."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
# Installed packages' plugins stay out of the tests unless a test asks (monitor.plugins).
sys._monitor_testing = True  # type: ignore[attr-defined]
DEMO_WWW = ROOT / "data" / "demo" / "www"
SHARED = Path(os.environ.get("MONITOR_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"


def corpus(name: str) -> Path:
    """A folder of ../shared/corpora, or skip the test with the reason."""
    path = CORPORA / name
    if not path.is_dir():
        pytest.skip(f"corpus {name} not available ({path} missing; set MONITOR_SHARED)")
    return path


@dataclass
class Route:
    body: bytes | Callable[[BaseHTTPRequestHandler], None] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class QuietHTTPServer(ThreadingHTTPServer):
    """A client hanging up mid-request (a connection pool closing a kept-alive connection) is
    not a fault of the code under test, but http.server prints its traceback to stderr, which
    CliRunner captures into the command's output: such errors are left unprinted."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class LocalServer:
    """A real HTTP server on 127.0.0.1 with routes set by the test."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                if callable(route.body):
                    route.body(self)
                    return
                body = route.body.replace(b"{{BASE}}", server.url.encode())
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add(self, path: str, body: bytes | str | Callable[..., None], status: int = 200,
            content_type: str = "application/rss+xml; charset=utf-8",
            headers: dict[str, str] | None = None) -> str:
        """Serve `body` at `path` ({{BASE}} in it becomes the server URL); returns the URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body, status, {"Content-Type": content_type, **(headers or {})})
        return self.url + path


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def demo_site() -> Iterator[str]:
    """The bundled demo corpus behind the real demo replay server."""
    from monitor.kit.demo import serve_demo_sites

    if not DEMO_WWW.is_dir():
        pytest.skip("no demo corpus")
    with serve_demo_sites(DEMO_WWW) as base:
        yield base


@pytest.fixture
def registry() -> Any:
    """Our own plugins only: never whatever happens to be installed on the machine."""
    from monitor.plugins import load_plugins

    return load_plugins(ROOT / "plugins", entry_points=False)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Any]:
    from monitor.store.schema import open_db

    database = open_db(tmp_path / "monitor.db")
    yield database
    database.close()


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "sources.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli_run(tmp_path: Path) -> Callable[..., Any]:
    """Run `monitor ARGS` in-process with --db in tmp_path unless given."""
    from monitor.cli import cli

    def run(*args: str, input: str | None = None, config: Path | None = None) -> Any:
        base = ["--db", str(tmp_path / "monitor.db"), "--plugins-dir", str(ROOT / "plugins")]
        if config is not None:
            base += ["--config", str(config)]
        return CliRunner().invoke(cli, [*base, *args], input=input, catch_exceptions=False)

    return run


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The suite leaves no process behind: a server a test started and did not stop fails it."""
    from process_tree import descendants

    left = {pid: cmd for pid, cmd in descendants(os.getpid()).items()
            if "datasette" in cmd or "monitor" in cmd}
    if left:
        lines = "\n".join(f"  {pid}: {cmd[:200]}" for pid, cmd in left.items())
        print(f"\nerror: the tests left {len(left)} process(es) running:\n{lines}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
