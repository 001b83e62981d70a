"""A hostile web on 127.0.0.1: one path per way a union or NGO site can break a poll.

Every handler stops by itself (hanging ones wait on an event that ``close`` sets, at most
``HANG_SECONDS``), so a test never leaves a thread behind.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HANG_SECONDS = 10.0


def rss(items: list[tuple[str, str, str]], base: str, extra: str = "",
        encoding: str = "utf-8") -> str:
    """An RSS 2.0 feed of (slug, title, date) items under ``base``."""
    body = "".join(
        f"<item><title>{title}</title><link>{base}/{slug}</link><guid>{base}/{slug}</guid>"
        f"<pubDate>{date}</pubDate><description>{title}. Workers gathered.</description></item>"
        for slug, title, date in items
    )
    return (f'<?xml version="1.0" encoding="{encoding}"?>{extra}<rss version="2.0"><channel>'
            f"<title>t</title><link>{base}/</link>{body}</channel></rss>")


def healthy(name: str, base: str, count: int = 3) -> str:
    return rss([(f"{name}/{i}", f"{name} strike report {i}",
                 f"Mon, 0{i + 1} Sep 2025 10:00:00 +0000") for i in range(count)], base)


class HostileServer:
    """Routes: path -> handler(request) or (status, headers, body)."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                handler = server.routes.get(path)
                if handler is None:
                    send(self, 404, b"not found", "text/plain")
                    return
                try:
                    handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, handler: Callable[[BaseHTTPRequestHandler], None] | str | bytes,
            status: int = 200, content_type: str = "application/rss+xml; charset=utf-8",
            headers: dict[str, str] | None = None) -> str:
        if not callable(handler):
            body = handler.encode("utf-8") if isinstance(handler, str) else handler

            def handler(req: BaseHTTPRequestHandler, body: bytes = body) -> None:
                send(req, status, body, content_type, headers)

        self.routes[path] = handler
        return self.url + path

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def send(req: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
         headers: dict[str, str] | None = None) -> None:
    req.send_response(status)
    req.send_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    req.wfile.write(body)


def install_hostile_routes(server: HostileServer) -> dict[str, str]:
    """Every failure mode; returns {name: what the poll must say about it (a regex)}."""
    base = server.url
    stop = server.stop

    def hang(req: BaseHTTPRequestHandler) -> None:
        stop.wait(HANG_SECONDS)

    def trickle(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/rss+xml")
        req.end_headers()
        for _ in range(int(HANG_SECONDS / 0.2)):
            if stop.wait(0.2):
                return
            req.wfile.write(b" ")
            req.wfile.flush()

    def reset(req: BaseHTTPRequestHandler) -> None:
        req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        req.connection.close()
        req.close_connection = True

    def short_body(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Length", "5000")
        req.end_headers()
        req.wfile.write(b"<rss><channel><item>")
        req.close_connection = True

    def chunked_huge(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Transfer-Encoding", "chunked")
        req.end_headers()
        chunk = b"x" * 65536
        for _ in range(200):  # 13 MB unless the client hangs up first
            req.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        req.wfile.write(b"0\r\n\r\n")

    cyrillic = "Шахтёры Караганды объявили забастовку из-за невыплаты заработной платы"
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    xxe = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    big = rss([(f"big/{i}", f"Item {i}", "Mon, 01 Sep 2025 10:00:00 +0000")
               for i in range(10_000)], base)
    server.add("/hang", hang)
    server.add("/trickle", trickle)
    server.add("/500", "oops", status=500, content_type="text/plain")
    server.add("/429", "slow down", status=429, headers={"Retry-After": "7200"})
    server.add("/503", "maintenance", status=503, headers={"Retry-After": "3600"})
    server.add("/404", "nope", status=404)
    server.add("/410", "gone", status=410)
    server.add("/loop-a", "", status=302, headers={"Location": "/loop-b"})
    server.add("/loop-b", "", status=302, headers={"Location": "/loop-a"})
    port = server.httpd.server_address[1]
    server.add("/to-private", "", status=302,
               headers={"Location": f"http://127.0.0.2:{port}/ok-1"})
    server.add("/reset", reset)
    server.add("/short-body", short_body)
    server.add("/empty", b"")
    server.add("/html", "<!DOCTYPE html><html><body><h1>Our news</h1></body></html>",
               content_type="text/html")
    server.add("/truncated", healthy("trunc", base)[:-60])
    server.add("/wrong-charset",
               rss([("ru/1", cyrillic, "Mon, 01 Sep 2025 10:00:00 +0000")], base).encode("cp1251"),
               content_type="application/rss+xml; charset=utf-8")
    server.add("/bomb", gzip.compress(b"<rss>" + b" " * 30_000_000),
               headers={"Content-Encoding": "gzip"})
    server.add("/oversized", b"<rss>" + b" " * 5_000_000)
    server.add("/chunked-huge", chunked_huge)
    server.add("/billion-laughs", rss([("l/1", "&lol3;", "")], base, laughs))
    server.add("/xxe", rss([("x/1", "&xxe;", "")], base, xxe))
    server.add("/bad-dates", rss([("d/1", "Dated strike", "yesterday-ish"),
                                  ("d/2", "Protest at the plant", "32 Foo 2025 99:99")], base))
    server.add("/same-guids", rss([("g/1", "First rally", "")], base).replace(
        "</channel>",
        f"<item><title>Second rally</title><link>{base}/g/2</link><guid>{base}/g/1</guid>"
        "</item></channel>"))
    server.add("/ten-thousand", big)
    server.add("/script", rss([("s/1", "Miners march &lt;script&gt;alert(1)&lt;/script&gt;", "")],
                              base).replace(
        "<description>Miners march &lt;script&gt;alert(1)&lt;/script&gt;. Workers gathered.",
        "<description><![CDATA[<p>Miners march.</p><script>steal()</script><style>p{}</style>]]>"))
    server.add("/binary", bytes(range(256)) * 40, content_type="application/octet-stream")
    server.add("/robots.txt", "User-agent: *\nDisallow: /forbidden\n", content_type="text/plain")
    server.add("/forbidden", healthy("forbidden", base))
    for name in ("ok-1", "ok-2", "ok-3"):
        server.add(f"/{name}", healthy(name, base))

    def slow_ok(req: BaseHTTPRequestHandler) -> None:
        time.sleep(0.3)
        send(req, 200, healthy("slow-ok", base).encode(), "application/rss+xml")

    server.add("/slow-ok", slow_ok)
    return {
        "hang": r"timed out after",
        "trickle": r"timed out after",
        "500": r"^HTTP 500 Internal Server Error$",
        "429": r"^HTTP 429 Too Many Requests, retry after 2 h$",
        "503": r"^HTTP 503 Service Unavailable, retry after 1 h$",
        "404": r"^HTTP 404 Not Found$",
        "410": r"^HTTP 410 Gone$",
        "loop-a": r"^redirect loop: .*/loop-a -> .*/loop-b -> .*/loop-a$",
        "to-private": r"^refused: 127\.0\.0\.2 is a private address",
        "reset": r"connection broken|could not connect",
        "short-body": r"connection broken",
        "empty": r"^not a feed: empty response$",
        "html": r"^not a feed: got an HTML page$",
        "bomb": r"larger than 3 MB once decompressed",
        "oversized": r"larger than 3 MB",
        "chunked-huge": r"larger than 3 MB",
        "billion-laughs": r"^refused: the feed declares XML entities",
        "xxe": r"^refused: the feed declares XML entities",
        "binary": r"^not a feed: binary data$",
        "forbidden": r"^refused: robots.txt of 127.0.0.1 disallows /forbidden$",
    }
