"""Replay saved responses from 127.0.0.1 (a free port, no logging), so nothing leaves the machine.

Two kinds of saved site, one server: a ``monitor record-source`` fixture folder (``manifest.json``:
each URL's status, content type, headers, body file; one local port per recorded origin, links
to those origins rewritten) or, with ``placeholder``, a directory tree such as data/demo/www
(``/HOST/PATH/`` is its ``index.xml``/``.html``/``.json``, types from suffixes, the placeholder
in bodies becomes the local URL). Paths outside the folder are refused.
"""

from __future__ import annotations

import json
import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from monitor.errors import MonitorError

MANIFEST = "manifest.json"
TEXT_TYPES = ("text/", "html", "xml", "json", "javascript", "rss", "atom")
"""Content types whose bodies get their links rewritten (never images or archives)."""
SUFFIX_TYPES = {".xml": "application/rss+xml; charset=utf-8", ".json": "application/json"}
"""A directory tree's types where mimetypes guesses wrong for feeds (text/xml, no charset)."""
INDEX_FILES = ("index.xml", "index.html", "index.json")


def load_manifest(fixtures: str | Path) -> dict[str, Any]:
    """The manifest of a fixture folder, checked enough to give a clear error."""
    path = Path(fixtures) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MonitorError(
            f"{path}: no manifest (record one with `monitor record-source`)"
        ) from None
    except ValueError as exc:
        raise MonitorError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("responses"), list):
        raise MonitorError(f"{path}: expected an object with a 'responses' list")
    for number, entry in enumerate(data["responses"]):
        if not isinstance(entry, dict) or not {"url", "file"} <= set(entry):
            raise MonitorError(f"{path}: responses[{number}] needs 'url' and 'file'")
    return data


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _under(prefix: str, url: str) -> bool:
    """`url` is `prefix` or below it (http://127.0.0.1:4000 is not a prefix of ...:40001/)."""
    return url.startswith(prefix) and url[len(prefix):len(prefix) + 1] in ("", "/", "?", "#")


def _inside(root: Path, relative: str) -> Path | None:
    """`root/relative`, or None when it would leave `root` (``..``, absolute, symlinks out)."""
    target = (root / relative.lstrip("/")).resolve()
    return target if target.is_relative_to(root.resolve()) else None


def _guess_type(path: Path) -> str:
    ctype = SUFFIX_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    if ctype and ctype.startswith("text/") and "charset" not in ctype:
        ctype += "; charset=utf-8"
    return ctype or "application/octet-stream"


@dataclass
class _Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class ReplayServer:
    """Serves a fixture folder (or, with ``placeholder``, a directory tree) from 127.0.0.1.

    Use as a context manager. ``placeholder`` is the text standing for the site's URL in a
    directory tree's bodies; ``local_url(placeholder)`` is then that URL.
    """

    def __init__(self, fixtures: str | Path, *, placeholder: str | None = None) -> None:
        self.folder = Path(fixtures)
        self.placeholder = placeholder
        if placeholder is None:
            self.manifest = load_manifest(self.folder)
        elif not self.folder.is_dir():
            raise MonitorError(f"{self.folder}: no such folder to replay")
        else:
            self.manifest = {"responses": []}
        self.requests: list[str] = []
        """Original URLs asked for, in order."""
        self.missing: list[str] = []
        """Original URLs asked for that were never recorded (answered 404)."""
        self.origins: dict[str, str] = {}
        """Recorded origin (or the placeholder) -> local origin (http://127.0.0.1:PORT)."""
        self._servers: list[ThreadingHTTPServer] = []
        self._routes: dict[tuple[str, str], _Reply] = {}

    def start(self) -> ReplayServer:
        if self.placeholder is not None:
            self._serve(self.placeholder)
            return self
        for entry in self.manifest["responses"]:
            for url in {entry["url"], entry.get("final_url") or entry["url"]}:
                if _origin(url) not in self.origins:
                    self._serve(_origin(url))
        for number, entry in enumerate(self.manifest["responses"]):
            path = _inside(self.folder, str(entry["file"]))
            if path is None or not path.is_file():
                self.close()
                raise MonitorError(f"{self.folder / MANIFEST}: responses[{number}].file "
                                   f"{entry['file']!r} is not a file in {self.folder}")
            content_type = entry.get("content_type") or "text/html; charset=utf-8"
            reply = _Reply(int(entry.get("status", 200)), content_type,
                           self._rewritten(path.read_bytes(), content_type),
                           dict(entry.get("headers") or {}))
            for url in {entry["url"], entry.get("final_url") or entry["url"]}:
                self._routes[(_origin(url), _target(url))] = reply
        return self

    def _answer(self, origin: str, target: str) -> _Reply | None:
        if self.placeholder is None:
            return self._routes.get((origin, target))
        path = _inside(self.folder, unquote(urlsplit(target).path))
        if path is not None and path.is_dir():
            path = next((path / name for name in INDEX_FILES if (path / name).is_file()), None)
        if path is None or not path.is_file():
            return None
        content_type = _guess_type(path)
        return _Reply(200, content_type, self._rewritten(path.read_bytes(), content_type))

    def _serve(self, origin: str) -> None:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "monitor-replay/1"

            def log_message(self, *args: Any) -> None:
                pass  # quiet: a test's or the demo's output is its own

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                original = origin + self.path
                replay.requests.append(original)
                reply = replay._answer(origin, self.path)
                if reply is None:
                    if self.path != "/robots.txt":
                        replay.missing.append(original)
                    reply = _Reply(404, "text/plain; charset=utf-8",
                                   b"not recorded: " + original.encode())
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        self._servers.append(httpd)
        self.origins[origin] = f"http://127.0.0.1:{httpd.server_address[1]}"

    def _rewritten(self, body: bytes, content_type: str) -> bytes:
        if any(t in content_type.lower() for t in TEXT_TYPES):
            return self.rewrite(body)
        return body

    def rewrite(self, body: bytes) -> bytes:
        """Links to recorded origins -> the local servers (absolute and protocol-relative)."""
        for origin, local in sorted(self.origins.items(), key=lambda kv: -len(kv[0])):
            local_bytes = local.encode()
            if origin == self.placeholder:
                body = body.replace(origin.encode(), local_bytes)
                continue
            host = origin.split("://", 1)[1].encode()
            for scheme in (b"https://", b"http://"):
                body = body.replace(scheme + host, local_bytes)
            body = body.replace(b'"//' + host, b'"' + local_bytes)
            body = body.replace(b"'//" + host, b"'" + local_bytes)
        return body

    def local_url(self, url: str) -> str:
        """A recorded URL (or one written with the placeholder) as served here."""
        for origin, local in self.origins.items():
            if _under(origin, url):
                return local + url[len(origin):]
        return url

    def original_url(self, url: str) -> str:
        """A local URL back to the recorded one (for comparing with golden results)."""
        for origin, local in self.origins.items():
            if _under(local, url):
                return origin + url[len(local):]
        return url

    def close(self) -> None:
        for httpd in self._servers:
            httpd.shutdown()
            httpd.server_close()
        self._servers.clear()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
