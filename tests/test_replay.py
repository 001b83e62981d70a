"""monitor/replay.py, the one local replay server: a directory tree (the demo's sites) and a
record-source fixture folder, each through real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from monitor.errors import MonitorError
from monitor.replay import ReplayServer


def raw_get(base: str, target: str) -> bytes:
    """A GET with the target exactly as written (httpx would remove the `..`)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    site = tmp_path / "www" / "union.example"
    (site / "news").mkdir(parents=True)
    (site / "news" / "index.html").write_text(
        '<a href="{{SITE}}/union.example/feed/">feed</a> Забастовка', encoding="utf-8")
    (site / "feed").mkdir()
    (site / "feed" / "index.xml").write_text("<rss><link>{{SITE}}/a</link></rss>",
                                             encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG {{SITE}}")
    (tmp_path / "secret.txt").write_text("outside the tree", encoding="utf-8")
    return tmp_path / "www"


def test_a_directory_tree_is_one_site_with_its_index_files_and_types(tree: Path) -> None:
    with ReplayServer(tree, placeholder="{{SITE}}") as replay:
        base = replay.local_url("{{SITE}}")
        assert base.startswith("http://127.0.0.1:") and base == replay.origins["{{SITE}}"]
        page = httpx.get(f"{base}/union.example/news/?page=2")  # the query plays no part
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.text == f'<a href="{base}/union.example/feed/">feed</a> Забастовка'
        feed = httpx.get(f"{base}/union.example/feed")
        assert feed.headers["content-type"] == "application/rss+xml; charset=utf-8"
        assert feed.text == f"<rss><link>{base}/a</link></rss>"
        logo = httpx.get(f"{base}/union.example/logo.png")
        assert logo.headers["content-type"] == "image/png"
        assert logo.content == b"\x89PNG {{SITE}}"  # binary bodies are never rewritten
        assert httpx.get(f"{base}/robots.txt").status_code == 404
        assert httpx.get(f"{base}/union.example/").status_code == 404  # no index file there
        assert replay.missing == ["{{SITE}}/union.example/"]
        assert replay.original_url(f"{base}/union.example/news/") == "{{SITE}}/union.example/news/"


@pytest.mark.parametrize("target", ["/../secret.txt", "/union.example/../../secret.txt",
                                    "/%2e%2e/secret.txt", "/union.example/%2E%2E/../secret.txt"])
def test_a_directory_tree_refuses_paths_outside_it(tree: Path, target: str) -> None:
    with ReplayServer(tree, placeholder="{{SITE}}") as replay:
        base = replay.local_url("{{SITE}}")
        inside = raw_get(base, "/union.example/../union.example/feed/")  # `..` reaches the server
        answer = raw_get(base, target)
    assert inside.startswith(b"HTTP/1.1 200 ") and inside.endswith(b"/a</link></rss>")
    assert answer.startswith(b"HTTP/1.1 404 ") and b"outside the tree" not in answer


def test_a_missing_tree_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MonitorError, match="no such folder"):
        ReplayServer(tmp_path / "nowhere", placeholder="{{SITE}}")


def manifest(folder: Path, *responses: dict[str, object]) -> Path:
    (folder / "manifest.json").write_text(json.dumps({"responses": list(responses)}),
                                          encoding="utf-8")
    return folder


def test_recorded_status_headers_and_redirect_targets_are_served(tmp_path: Path) -> None:
    (tmp_path / "moved.html").write_bytes(b"")
    (tmp_path / "news.html").write_text("<a href='//site.example/x'>x</a>", encoding="utf-8")
    manifest(tmp_path,
             {"url": "http://site.example/old", "status": 301, "file": "moved.html",
              "headers": {"Location": "https://site.example/news"}},
             {"url": "https://site.example/news?p=1", "final_url": "https://cdn.example/n",
              "file": "news.html"})
    with ReplayServer(tmp_path) as replay:
        moved = httpx.get(replay.local_url("http://site.example/old"))
        assert moved.status_code == 301 and moved.headers["location"] == "https://site.example/news"
        for url in ("https://site.example/news?p=1", "https://cdn.example/n"):
            news = httpx.get(replay.local_url(url))
            assert news.headers["content-type"] == "text/html; charset=utf-8"  # the default
            assert news.text == f"<a href='{replay.origins['https://site.example']}/x'>x</a>"
        assert httpx.get(replay.local_url("https://site.example/news")).status_code == 404
        assert replay.missing == ["https://site.example/news"]


def test_origins_are_told_apart_by_their_whole_host_and_port(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"a")
    manifest(tmp_path, {"url": "https://site.example/a", "file": "a.html"})
    with ReplayServer(tmp_path) as replay:
        local = replay.origins["https://site.example"]
        assert replay.local_url("https://site.example.org/a") == "https://site.example.org/a"
        assert replay.local_url("https://site.example:8443/a") == "https://site.example:8443/a"
        assert replay.original_url(local + "1/a") == local + "1/a"  # another port
        assert replay.original_url(local + "/a") == "https://site.example/a"


@pytest.mark.parametrize("file", ["../outside.html", "missing.html"])
def test_a_manifest_file_outside_the_folder_or_absent_is_a_clear_error(
        tmp_path: Path, file: str) -> None:
    (tmp_path / "outside.html").write_text("secret", encoding="utf-8")
    folder = tmp_path / "fixtures"
    folder.mkdir()
    manifest(folder, {"url": "https://site.example/a", "file": file})
    with pytest.raises(MonitorError, match=r"responses\[0\]\.file .* is not a file in"):
        ReplayServer(folder).start()
