"""The bundled demo: a local HTTP server replaying copies of the real sites in data/demo/www."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PLACEHOLDER = "{{DEMO}}"
TEXT_TYPES = {".xml": "application/rss+xml; charset=utf-8", ".json": "application/json"}


def default_demo_dir() -> Path:
    """data/demo of the checkout (the demo corpus is not part of the installed package)."""
    return Path(__file__).resolve().parents[2] / "data" / "demo"


# The demo's database is named `monitor`, as Datasette names a database after its file: the
# newsroom's addresses (/monitor/items, ...) are then the same in the demo as in production.
DEMO_DB = "data/demo/monitor.db"


def is_demo_config(path: Path) -> bool:
    """True for the demo's sources.yaml, whose URLs need the replay server."""
    try:
        return path.resolve() == (default_demo_dir() / "sources.yaml").resolve()
    except OSError:
        return False


def demo_plugins_dir() -> Path:
    """The checkout's plugins/, where the demo's site plugins live."""
    return default_demo_dir().parent.parent / "plugins"


class ReplayHandler(BaseHTTPRequestHandler):
    """Serve files under `root`; `/HOST/PATH/` is `HOST/PATH/index.xml` or `index.html`."""

    server_version = "monitor-demo/1"

    def __init__(self, *args: object, root: Path, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.root / path).resolve()
        if not target.is_relative_to(self.root.resolve()):
            return None
        if target.is_dir():
            for name in ("index.xml", "index.html", "index.json"):
                if (target / name).is_file():
                    return target / name
            return None
        return target if target.is_file() else None

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        target = self._resolve()
        if target is None:
            self.send_error(404, "Not Found")
            return
        body = target.read_bytes()
        host, port = self.server.server_address[:2]  # type: ignore[misc,index,str-unpack]
        base = f"http://{host}:{port}".encode()
        body = body.replace(PLACEHOLDER.encode(), base)
        ctype = TEXT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        if ctype and ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_directory(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run a replay server on a free port in a thread; yields its base URL."""
    server = ThreadingHTTPServer((host, port), partial(ReplayHandler, root=root))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
