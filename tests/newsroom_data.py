"""A small newsroom database shared by the Datasette and browser tests: real rows, real SQLite."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from monitor import store

INJECTION_TITLE = 'Strike <script>window.__pwned = 1; alert("x")</script> at plant'
INJECTION_SUMMARY = ('<p>Workers walked out.</p><img src="x" onerror="window.__pwned = 2">'
                     '<a href="javascript:window.__pwned = 3">click</a>')


def _ago(days: float) -> str:
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    return when.replace(microsecond=0).isoformat()


def items() -> list[dict[str, Any]]:
    return [
        {"source": "kz-news", "url": "https://kz.example/1", "title": "Шахтёры Караганды бастуют",
         "summary": "Шахтёры угольной шахты объявили забастовку.", "language": "ru",
         "published": _ago(1), "countries": ["KZ"], "event_types": ["strike"],
         "sectors": ["mining"], "relevant": 1, "story_id": 1,
         "tag_evidence": {"strike": ["забастовку"], "KZ": ["Караганды"]},
         "latitude": 49.806, "longitude": 73.085, "place": "Karaganda"},
        {"source": "industriall", "url": "https://industriall.example/kz",
         "title": "Karaganda coal miners strike", "summary": "Miners at a coal mine struck.",
         "language": "en", "published": _ago(2), "countries": ["KZ"], "event_types": ["strike"],
         "sectors": ["mining"], "relevant": 1, "story_id": 1,
         "tag_evidence": {"strike": ["strike"]}},
        {"source": "ir-labour", "url": "https://ir.example/fa/1",
         "title": "اعتراض کارگران هفت‌تپه به دستمزدهای پرداخت‌نشده",
         "summary": "کارگران شرکت نیشکر هفت‌تپه تجمع کردند.", "language": "fa",
         "published": _ago(3), "countries": ["IR"], "event_types": ["protest", "wage_theft"],
         "sectors": ["agriculture"], "relevant": 1, "story_id": 2,
         "tag_evidence": {"protest": ["تجمع"]}},
        {"source": "mm-news", "url": "https://mm.example/my/1",
         "title": "လှိုင်သာယာ စက်ရုံ အလုပ်သမားများ သပိတ်မှောက်", "summary": "အလုပ်သမားများ သပိတ်",
         "language": "my", "published": _ago(4), "countries": ["MM"], "event_types": ["strike"],
         "sectors": ["textile_garment"], "relevant": 1, "story_id": 3},
        {"source": "pk-news", "url": "https://pk.example/ur/1",
         "title": "گڈانی میں دھماکہ، تین مزدور ہلاک", "summary": "شپ بریکنگ یارڈ میں دھماکہ",
         "language": "ur", "published": _ago(5), "countries": ["PK"],
         "event_types": ["safety_incident"], "sectors": [], "relevant": 1, "killed": 3,
         "story_id": 4, "tag_evidence": {"safety_incident": ["دھماکہ"],
                                          "killed": ["تین مزدور ہلاک"]}},
        {"source": "am-news", "url": "https://am.example/hy/1",
         "title": "Ամուլսարի հանքափորները գործադուլ են հայտարարել", "summary": "Գործադուլ",
         "language": "hy", "published": _ago(6), "countries": ["AM"], "event_types": ["strike"],
         "sectors": ["mining"], "relevant": 1, "story_id": 5},
        {"source": "kz-news", "url": "https://kz.example/kk/2",
         "title": "Жаңаөзен мұнайшылары наразылық білдірді", "summary": "Мұнайшылар",
         "language": "kk", "published": _ago(8), "countries": ["KZ"], "event_types": ["protest"],
         "sectors": ["oil_gas"], "relevant": 1, "story_id": 6},
        {"source": "evil-feed", "url": "javascript:window.__pwned = 4", "title": INJECTION_TITLE,
         "summary": INJECTION_SUMMARY, "language": "en", "published": _ago(0.5),
         "countries": ["KZ"], "event_types": ["strike"], "relevant": 1, "story_id": 7},
        {"source": "industriall", "url": "https://industriall.example/old",
         "title": "Old garment factory fire", "summary": "A fire at a garment factory.",
         "language": "en", "published": _ago(400), "countries": ["BD"],
         "event_types": ["safety_incident"], "sectors": ["textile_garment"], "relevant": 1,
         "killed": 12, "story_id": 8},
        {"source": "industriall", "url": "https://industriall.example/culture",
         "title": "Union choir concert", "summary": "Nothing happened.", "language": "en",
         "published": _ago(1.5), "countries": [], "event_types": [], "relevant": 0,
         "story_id": 9},
    ]


def build(path: Path) -> Path:
    """Write the newsroom database at `path` through our store (triggers and all)."""
    db = store.open_db(path)
    with db.conn:
        for row in items():
            store.insert_row(db, "items", store.row_to_db({**row, "fetched": row["published"]}))
        for story_id in range(1, 10):
            reports = db.execute("SELECT title, published, source, language FROM items "
                                 "WHERE story_id = ? ORDER BY published", [story_id]).fetchall()
            db.execute(
                "INSERT INTO stories (id, title, first_seen, last_seen, reports, sources, "
                "languages, countries, event_types) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', '[]')",
                [story_id, reports[0][0], reports[0][1], reports[-1][1], len(reports),
                 json.dumps(sorted({r[2] for r in reports})),
                 json.dumps(sorted({r[3] for r in reports}))])
    for source in ("kz-news", "industriall", "ir-labour", "mm-news", "pk-news", "am-news"):
        store.upsert_source(db, {"name": source, "plugin": "rss", "url": f"https://{source}.x/"})
    store.upsert_source(db, {"name": "evil-feed", "plugin": "rss", "url": "https://evil.x/",
                             "last_error": "HTTP 503 Service Unavailable",
                             "consecutive_failures": 4, "last_polled": _ago(0.1)})
    db.close()
    return path
