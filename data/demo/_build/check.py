"""Self-checks for the demo corpus.

1. every must_contain phrase of expected.json occurs in the text of the page it names;
2. no run of N consecutive words of our text also occurs in a seed text (paraphrase check);
3. XML feeds parse.

Usage: python3 check.py [SEED_DIR]   (default /work/shared/seeds; skipped when absent)
"""

from __future__ import annotations

import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from common import EXPECTED, WWW

N = 8
# Proper names (organizations, documents, titles of works) may be shared with the seeds.
NAMES = [
    "National Federation of Textile, Leather and Ready-Made Garment Workers",
    "Declaration on Fundamental Principles and Rights at Work",
    "Declaration on Social Justice for a Fair Globalization",
    "Enhancing Transparency and Accountability in the Cotton Industry of Uzbekistan",
    "Reflejos de Lucha: Miradas sobre el movimiento laboral en América del Norte",
    "Health Care Is a Human Right", "Organization of Trade Unions of West Africa",
    "Trade Union of Construction and Building Materials Workers",
    "World Day for Safety and Health at Work",
    "Promoting Occupational Safety through Social Dialogue in Kazakhstan's Mining Industry",
    "Federation of Trade Unions of the Republic of Kazakhstan",
    "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
    "UN Convention against Transnational Organized Crime",
    "Bureau of International Narcotics and Law Enforcement Affairs",
    "Safe Migration in Central Asia",
    "Global Trafficking in Persons Report",
]
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def strip_names(text: str) -> str:
    for name in NAMES:
        text = re.sub(r"\W+".join(map(re.escape, words(name))), " NAME ", text, flags=re.I)
    return text


def page_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = raw.replace("<![CDATA[", " ").replace("]]>", " ")
    for _ in range(2):  # feeds carry escaped HTML inside elements
        raw = re.sub(r"(?s)<[^>]+>", " ", raw)
        raw = html.unescape(raw)
    return re.sub(r"\s+", " ", raw)


def local(url: str) -> Path:
    rest = url.replace("{{DEMO}}/", "", 1).split("#")[0].split("?")[0]
    p = WWW / rest
    if rest.endswith("/"):
        return p / "index.xml" if (p / "index.xml").exists() else p / "index.html"
    return p


def main() -> int:
    bad = 0
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for site, items in data["sites"].items():
        for it in items:
            f = local(it["url"])
            parts = f.relative_to(WWW).parts
            if parts[0] == "t.me" and parts[1] != "s" and len(parts) == 3:
                # a post permalink: its text is on the channel's preview pages
                chan = WWW / "t.me" / "s" / parts[1]
                text = " ".join(page_text(p) for p in sorted(chan.glob("*.html")))
            elif not f.exists():
                print("MISSING", site, it["url"])
                bad += 1
                continue
            else:
                text = page_text(f)
            for phrase in it["must_contain"]:
                if phrase not in text:
                    print("NOT FOUND", site, it["url"], repr(phrase))
                    bad += 1
    for f in WWW.rglob("*.xml"):
        try:
            ET.fromstring(f.read_bytes())
        except ET.ParseError as e:
            print("XML", f, e)
            bad += 1
    seed_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds")
    if seed_dir.is_dir():
        grams: set[tuple[str, ...]] = set()
        for s in seed_dir.glob("*.txt"):
            w = words(strip_names(s.read_text(encoding="utf-8")))
            grams.update(tuple(w[i:i + N]) for i in range(len(w) - N + 1))
        hits: dict[str, set[str]] = {}
        for f in sorted(WWW.rglob("*")):
            if f.is_file():
                w = words(strip_names(page_text(f)))
                for i in range(len(w) - N + 1):
                    g = tuple(w[i:i + N])
                    if g in grams:
                        hits.setdefault(str(f.relative_to(WWW)), set()).add(" ".join(g))
        for f, gs in hits.items():
            print("OVERLAP", f)
            for g in sorted(gs):
                print("   ", g)
            bad += 1
    print("problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
