"""Publishing through Datasette: our metadata, canned queries and Datasette plugins."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
METADATA_TEMPLATE = HERE / "metadata.yaml"
PLUGINS_DIR = HERE / "plugins"
TEMPLATES_DIR = HERE / "templates"
TEMPLATE_DB_NAME = "monitor"

SETTINGS = {
    "default_page_size": "50",
    "facet_time_limit_ms": "500",
    "sql_time_limit_ms": "3000",
    "allow_download": "on",
}


def build_metadata(db_path: Path) -> dict[str, Any]:
    """Our metadata with the database key renamed to the file's stem, as Datasette names it."""
    template = yaml.safe_load(METADATA_TEMPLATE.read_text(encoding="utf-8"))
    metadata = copy.deepcopy(template)
    databases = metadata.get("databases", {})
    if TEMPLATE_DB_NAME in databases and db_path.stem != TEMPLATE_DB_NAME:
        databases[db_path.stem] = databases.pop(TEMPLATE_DB_NAME)
    return metadata


def datasette_args(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The `datasette serve` command line for our database."""
    args = [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--metadata", str(metadata_path),
        "--host", host, "--port", str(port),
    ]
    if PLUGINS_DIR.is_dir():
        args += ["--plugins-dir", str(PLUGINS_DIR)]
    if TEMPLATES_DIR.is_dir():
        args += ["--template-dir", str(TEMPLATES_DIR)]
    for key, value in SETTINGS.items():
        args += ["--setting", key, value]
    return args


def write_metadata(db_path: Path, target: Path) -> Path:
    target.write_text(json.dumps(build_metadata(db_path), ensure_ascii=False, indent=2))
    return target
