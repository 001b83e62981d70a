"""Per-source HTTP options: headers, cookies, user agent, proxy, basic auth from the environment.

Validated like every other key of sources.yaml and applied by the shared client, so every plugin
gets them; secrets never leave the source's own host."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest
from conftest import LocalServer

from monitor.api import HttpOptions
from monitor.config import load_config
from monitor.errors import ConfigError, FetchError
from monitor.fetch import Fetcher, FetchSettings

FAST = FetchSettings(connect_timeout=2, read_timeout=2, total_timeout=4, retries=0)


def _get(url: str, source_url: str, http: HttpOptions, allow_private: bool = False) -> Any:
    async def go() -> Any:
        async with Fetcher(FAST) as fetcher:
            return await fetcher.for_source(source_url, allow_private, http=http).get(url)

    return asyncio.run(go())


def test_headers_cookies_agent_and_auth_reach_the_own_host_only(
        http_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNION_USER", "press")
    monkeypatch.setenv("UNION_PASS", "s3cret:with colon")
    port = http_server.url.rsplit(":", 1)[1]
    http_server.add("/feed", "", status=302, headers={"Location": f"http://localhost:{port}/x"})
    http_server.add("/x", "<rss/>")
    http = HttpOptions.model_validate({
        "headers": {"Accept-Language": "kk"}, "cookies": {"consent": "yes", "lang": "kk"},
        "user_agent": "UnionWatch/1.0 (+mailto:ops@example.org)",
        "basic_auth": {"username_env": "UNION_USER", "password_env": "UNION_PASS"},
    })
    response = _get(http_server.url + "/feed", http_server.url + "/feed", http,
                    allow_private=True)
    assert response.status == 200
    (own, other) = [h for p, h in http_server.requests if p in ("/feed", "/x")]
    assert own["Accept-Language"] == "kk" and own["Cookie"] == "consent=yes; lang=kk"
    token = base64.b64encode(b"press:s3cret:with colon").decode()
    assert own["Authorization"] == f"Basic {token}"
    assert own["User-Agent"] == other["User-Agent"] == "UnionWatch/1.0 (+mailto:ops@example.org)"
    # the redirect went to another host (localhost): no secrets there
    assert "Authorization" not in other and "Cookie" not in other
    assert "Accept-Language" not in other


def test_a_missing_environment_variable_fails_the_source_with_its_name(
        http_server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_PASSWORD_VAR", raising=False)
    http_server.add("/feed", "<rss/>")
    http = HttpOptions.model_validate(
        {"basic_auth": {"username_env": "HOME", "password_env": "NO_SUCH_PASSWORD_VAR"}})
    with pytest.raises(FetchError, match="environment variable NO_SUCH_PASSWORD_VAR is not set"):
        _get(http_server.url + "/feed", http_server.url + "/feed", http)


def test_requests_go_through_the_source_proxy(http_server: LocalServer) -> None:
    """The proxy (a local server answering absolute-form requests) sees the feed request."""
    http_server.add("http://feeds.invalid/feed", "<rss>via proxy</rss>")
    http = HttpOptions.model_validate({"proxy": http_server.url})
    response = _get("http://feeds.invalid/feed", "http://feeds.invalid/feed", http)
    assert response.content == b"<rss>via proxy</rss>"
    assert "http://feeds.invalid/feed" in [p for p, _ in http_server.requests]


@pytest.mark.parametrize(("http", "message"), [
    ("{headers: {Authorization: 'Bearer abc'}}", "would put a secret in sources.yaml"),
    ("{headers: {Cookie: 'a=b'}}", "would put a secret in sources.yaml"),
    ("{proxy: 'http://user:pw@proxy.example:3128'}", "must not hold credentials"),
    ("{proxy: 'ftp://proxy.example'}", "not a proxy URL"),
    ("{basic_auth: {username_env: 'my user', password_env: P}}", "not an environment variable"),
    ("{basic_auth: {username: alice, password_env: P}}", "username"),
    ("{user_agnt: x}", "user_agnt"),
    ("{cookies: {a: 'b; c=d'}}", "not a cookie"),
])
def test_http_options_are_validated_with_their_place(write_config: Any, registry: Any,
                                                     http: str, message: str) -> None:
    path = write_config(
        "sources:\n  - name: union\n    plugin: rss\n    url: https://union.example.org/feed\n"
        f"    http: {http}\n")
    with pytest.raises(ConfigError) as error:
        load_config(path, registry)
    text = str(error.value)
    assert message in text and "line 5" in text and "http" in text


def test_valid_http_options_load(write_config: Any, registry: Any) -> None:
    path = write_config(
        "sources:\n  - name: union\n    plugin: rss\n    url: https://union.example.org/feed\n"
        "    http:\n      headers: {Accept-Language: kk}\n      user_agent: UnionWatch/1.0\n"
        "      proxy: http://proxy.example:3128\n"
        "      basic_auth: {username_env: UNION_USER, password_env: UNION_PASS}\n")
    source = load_config(path, registry).sources[0]
    assert source.http is not None and source.http.proxy == "http://proxy.example:3128"
    assert source.http.basic_auth is not None
    assert source.http.basic_auth.password_env == "UNION_PASS"
