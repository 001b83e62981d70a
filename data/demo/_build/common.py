"""Shared helpers for the demo-corpus generators (see data/demo/README.md).

Every absolute link is written as ``{{DEMO}}/<host>/<path>``; the demo server swaps the
placeholder for ``http://127.0.0.1:PORT`` when it serves a file.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

DEMO = "{{DEMO}}"
ROOT = Path(__file__).resolve().parents[1]  # data/demo
WWW = ROOT / "www"
EXPECTED = ROOT / "expected.json"


def url(host: str, path: str) -> str:
    """Absolute demo URL for ``host`` + ``path`` (path starts with '/')."""
    return f"{DEMO}/{host}{path}"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def write(host: str, rel: str, text: str) -> Path:
    """Write ``text`` to data/demo/www/<host>/<rel> (UTF-8, trailing newline)."""
    target = WWW / host / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if not text.endswith("\n"):
        text += "\n"
    target.write_text(text, encoding="utf-8")
    return target


def save_expected(site: str, items: list[dict]) -> None:
    """Replace the golden items of ``site`` in expected.json, keeping the other sites."""
    data: dict = {}
    if EXPECTED.exists():
        data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    data.setdefault("_about", "Golden results for the demo corpus: the items a correct scraper "
                    "produces for each site. URLs use the {{DEMO}} placeholder. "
                    "See data/demo/README.md.")
    data.setdefault("sites", {})
    data["sites"][site] = items
    data["sites"] = dict(sorted(data["sites"].items()))
    EXPECTED.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
