"""Publishing through Datasette: our metadata, canned queries, templates and Datasette plugin."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
METADATA_TEMPLATE = HERE / "metadata.yaml"
PLUGINS_DIR = HERE / "plugins"
TEMPLATES_DIR = HERE / "templates"
FONTS_DIR = HERE / "static" / "fonts"  # Noto subsets, served at /fonts/ (OFL.txt)
TEMPLATE_DB_NAME = "monitor"
PASSWORD_ENV = "MONITOR_PASSWORD_HASH"  # the old shared password (login.py honours it)
STAFF_ACTOR = "staff"
ACCOUNTS_PLUGIN = "monitor-accounts"  # login.py's settings
SESSION_HOURS = 12.0
ALLOW_SQL_ENV = "MONITOR_ALLOW_SQL"

SETTINGS = {
    "default_page_size": "50",
    "facet_time_limit_ms": "300",
    "sql_time_limit_ms": "3000",
    "allow_download": "off",
    "suggest_facets": "off",  # suggestions count every column of a million rows
    "default_cache_ttl": "60",
    "truncate_cells_html": "300",  # full article texts belong on the item page, not the list
}


def build_metadata(db_path: Path, private: bool = False, published: bool = False,
                   session_hours: float = SESSION_HOURS) -> dict[str, Any]:
    """Our metadata with the database key renamed to the file's stem, as Datasette names it.

    With `private`, every page needs a login (any account, or the old shared password whose
    hash login.py reads from MONITOR_PASSWORD_HASH at run time). Sessions last `session_hours`.
    """
    from datasette.utils import tilde_encode  # lazy: Datasette loads only to serve

    template = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
    metadata = copy.deepcopy(template)
    databases = metadata.get("databases", {})
    name = db_path.stem
    if TEMPLATE_DB_NAME in databases and name != TEMPLATE_DB_NAME:
        databases[name] = databases.pop(TEMPLATE_DB_NAME)
    if "description_html" in metadata:
        metadata["description_html"] = metadata["description_html"].replace(
            "{db}", tilde_encode(name))
    tile_url = os.environ.get("MONITOR_MAP_TILES")
    if tile_url:
        metadata["plugins"]["datasette-cluster-map"]["tile_layer"] = tile_url
    metadata.setdefault("plugins", {})[ACCOUNTS_PLUGIN] = {
        "private": private, "session_hours": session_hours}
    if private:
        metadata["allow"] = {"id": "*"}  # any logged-in actor, whatever its role
    if (private or published) and os.environ.get(ALLOW_SQL_ENV) != "1":
        # arbitrary SQL is for a newsroom on one's own machine: a published or shared one
        # keeps its canned queries and the table pages (MONITOR_ALLOW_SQL=1 turns it back on)
        metadata["allow_sql"] = False
    return metadata


def datasette_args(db_path: Path, metadata_path: Path, host: str, port: int,
                   immutable: bool = False) -> list[str]:
    """The `datasette serve` command line for our database (read-only; immutable for copies)."""
    args = [sys.executable, "-m", "datasette", "serve"]
    args += ["--immutable", str(db_path)] if immutable else [str(db_path)]
    args += ["--metadata", str(metadata_path), "--host", host, "--port", str(port)]
    if PLUGINS_DIR.is_dir():
        args += ["--plugins-dir", str(PLUGINS_DIR)]
    if TEMPLATES_DIR.is_dir():
        args += ["--template-dir", str(TEMPLATES_DIR)]
    if FONTS_DIR.is_dir():
        args += ["--static", f"fonts:{FONTS_DIR}"]
    for key, value in SETTINGS.items():
        args += ["--setting", key, value]
    return args


def datasette_instance(db_path: Path, private: bool = False, immutable: bool = False,
                       session_hours: float = SESSION_HOURS, secret: str | None = None) -> Any:
    """An in-process Datasette configured exactly as `monitor serve` runs it (tests, bench);
    `secret` signs its cookies (two instances with one secret accept each other's)."""
    from datasette.app import Datasette  # lazy: Datasette loads only to serve

    files = [] if immutable else [str(db_path)]
    return Datasette(
        files, immutables=[str(db_path)] if immutable else [],
        metadata=build_metadata(db_path, private, published=immutable,
                                session_hours=session_hours),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR), settings={k: _setting(v) for k, v in SETTINGS.items()},
        static_mounts=[("fonts", str(FONTS_DIR))] if FONTS_DIR.is_dir() else [],
        secret=secret,
    )


def _setting(value: str) -> Any:
    if value in ("on", "off"):
        return value == "on"
    return int(value) if value.isdigit() else value


def write_metadata(db_path: Path, target: Path, private: bool = False,
                   published: bool = False, session_hours: float = SESSION_HOURS) -> Path:
    target.write_text(json.dumps(build_metadata(db_path, private, published, session_hours),
                                 ensure_ascii=False, indent=2))
    return target
