"""The bundled demo: copies of real sites in data/demo/www, replayed by monitor/replay.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from monitor.replay import ReplayServer

PLACEHOLDER = "{{DEMO}}"


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


@contextmanager
def serve_demo_sites(www: Path | None = None) -> Iterator[str]:
    """The demo's copies of real sites (data/demo/www) on a free 127.0.0.1 port while the block
    runs; yields the URL that ``{{DEMO}}`` stands for in sources.yaml and the pages."""
    with ReplayServer(www or default_demo_dir() / "www", placeholder=PLACEHOLDER) as replay:
        yield replay.local_url(PLACEHOLDER)
