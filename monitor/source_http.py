"""A source's own HTTP options (sources.yaml `http:`) turned into headers and a proxy.

Used by the shared client (monitor.fetch) for every plugin. Secrets come from the environment
when the source is polled; a missing variable fails that source with a message, not the poll.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from monitor.errors import FetchError


def own_host_headers(options: Any) -> dict[str, str]:
    """Headers for requests to the source's own host: its headers, cookies and basic auth."""
    headers = dict(options.headers)
    if options.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in options.cookies.items())
    auth = options.basic_auth
    if auth is not None:
        values = []
        for name in (auth.username_env, auth.password_env):
            value = os.environ.get(name)
            if value is None:
                raise FetchError(f"http.basic_auth: environment variable {name} is not set")
            values.append(value)
        token = base64.b64encode(f"{values[0]}:{values[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    return headers


def all_hosts_headers(options: Any) -> dict[str, str]:
    """Headers for every request of the source, whatever the host: its user agent."""
    return {"User-Agent": options.user_agent} if options.user_agent else {}
