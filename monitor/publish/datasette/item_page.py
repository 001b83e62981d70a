"""What the item page shows beyond the row: tags with their evidence, the story, the snapshot."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from monitor.publish.datasette.desk import english_title
from monitor.publish.datasette.labels import json_list, label, language_name, readable_time
from monitor.publish.datasette.review import review_context
from monitor.publish.datasette.safe import safe_url, text_to_html
from monitor.publish.datasette.translate import translate_url

RTL_LANGUAGES = {"ar", "fa", "ur", "he", "ps", "sd", "ug", "ckb", "yi", "dv"}
TAG_KINDS = (("event_types", "event_type", "What happened"), ("countries", "country", "Countries"),
             ("sectors", "sector", "Sectors"))


def evidence_dict(value: Any) -> dict[str, list[str]]:
    """The stored tag evidence as {tag: [words]}; anything malformed as empty."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): [str(w) for w in (v if isinstance(v, list) else [v])]
            for k, v in value.items()}


def evidence_text(value: Any) -> str:
    return "; ".join(f"{tag}: {', '.join(words)}" for tag, words in evidence_dict(value).items())


def _evidence_for(evidence: dict[str, list[str]], kind: str, code: str) -> list[str]:
    for key in (code, f"{kind}:{code}", f"{kind}s:{code}", code.lower()):
        if key in evidence:
            return evidence[key]
    return []


# Evidence that is not a tag, under a heading staff can read.
EVIDENCE_HEADINGS = {
    "suppressed": "Words ruled out (not counted as an event)",
    "place": "Place",
    "place_skipped": "Place names not used",
    "killed": "Killed, as stated",
    "injured": "Injured, as stated",
    "workers": "Workers involved, as stated",
}


def _plain(text: str) -> str:

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip().casefold()


def summary_repeated(summary: str | None, text: str | None) -> bool:
    """True when the full text opens with the summary (a teaser cut from it): show it once."""
    if not summary or not text:
        return False
    teaser = _plain(summary).rstrip(".…").removesuffix("read more").strip().rstrip(".…").strip()
    if len(teaser) < 20:
        return False
    return teaser[:300] in _plain(text)[:len(teaser) + 300]


async def item_context(datasette: Any, database: str | None, request: Any) -> dict[str, Any]:
    """Everything the item template needs, read through Datasette's read-only connection."""
    db = datasette.get_database(database)
    pks = request.url_vars.get("pks", "")
    try:
        item_id = int(str(pks).split(",")[0])
    except ValueError:
        return {}
    rows = (await db.execute("select * from items where id = ?", [item_id])).rows
    if not rows:
        return {}
    row = dict(rows[0])
    evidence = evidence_dict(row.get("tag_evidence"))
    used: set[str] = set()
    tags: list[dict[str, Any]] = []
    for column, kind, heading in TAG_KINDS:
        values: list[dict[str, Any]] = []
        for code in json_list(row.get(column)):
            words = _evidence_for(evidence, kind, code)
            used.update(k for k in evidence if evidence[k] is words)
            values.append({"code": code, "label": label(kind, code), "evidence": words,
                           "link": datasette.urls.table(database, "items")
                           + f"?_{kind}={code}"})
        if values:
            tags.append({"heading": heading, "values": values, "column": column})
    other_evidence = {EVIDENCE_HEADINGS.get(k, k.replace("_", " ")): v
                      for k, v in evidence.items() if k not in used}
    language = row.get("language") or ""
    story, reports = None, []
    tables = set(await db.table_names())
    if row.get("story_id") and "stories" in tables:
        found = (await db.execute("select * from stories where id = ?", [row["story_id"]])).rows
        story = dict(found[0]) if found else None
        if story:
            story["first_seen"] = readable_time(story.get("first_seen"))
        found = (await db.execute(
            "select id, title, source, published, language, url from items "
            "where story_id = ? and id != ? order by published limit 50",
            [row["story_id"], item_id])).rows
        reports = [{**dict(r), "published": readable_time(r["published"])} for r in found]
        if story:

            story["title"] = english_title([row, *map(dict, found)], story.get("title"))
    snapshot_link = snapshot_page = None
    if row.get("snapshot_id") and "snapshots" in tables:
        snapshot_link = datasette.urls.row(database, "snapshots", str(row["snapshot_id"]))
        snapshot_page = f"{datasette.urls.database(database)}/-/snapshot/{row['snapshot_id']}"
    return {
        "id": item_id, "title": row.get("title") or "(no title)", "source": row.get("source"),
        "published": readable_time(row.get("published")),
        "fetched": readable_time(row.get("fetched")),
        "language": language, "language_name": language_name(language) if language else "",
        "dir": "rtl" if language.split("-")[0] in RTL_LANGUAGES else "auto",
        "summary_html": Markup("") if summary_repeated(row.get("summary"), row.get("text"))
        else text_to_html(row.get("summary")),
        "text_html": text_to_html(row.get("text")) if row.get("text") != row.get("summary")
        else Markup(""),
        "url": safe_url(row.get("url")), "raw_url": row.get("url"),
        "translate_url": translate_url(
            row.get("url"), language,
            "\n\n".join(t for t in (row.get("title"), row.get("summary")) if t))
        if language and not language.startswith("en") else None,
        "tags": tags, "other_evidence": other_evidence,
        # the words behind each tag, then the tagger's other notes: for whoever asks why
        "why": [(f"{v['label']}, because of", v["evidence"], True)
                for group in tags for v in group["values"] if v["evidence"]]
        + [(heading, words, False) for heading, words in other_evidence.items()],
        "place": row.get("place"), "killed": row.get("killed"), "injured": row.get("injured"),
        "workers_involved": row.get("workers_involved"),
        "story": story, "reports": reports,
        "story_link": datasette.urls.row(database, "stories", str(row["story_id"]))
        if story else None,
        "snapshot_link": snapshot_link,
        "snapshot_page": snapshot_page,
        "items_url": datasette.urls.table(database, "items"),
        "review": await review_context(datasette, database or "", request, "item", item_id, row),
        "story_id": row.get("story_id"),
        "story_alone": not reports,
    }


async def story_context(datasette: Any, database: str | None, request: Any) -> dict[str, Any]:
    """A story's page beyond its row: its reports and its reviews."""
    db = datasette.get_database(database)
    try:
        story_id = int(str(request.url_vars.get("pks", "")).split(",")[0])
    except ValueError:
        return {}
    found = (await db.execute("select * from stories where id = ?", [story_id])).rows
    if not found:
        return {}
    row = dict(found[0])
    reports = [{**dict(r), "published": readable_time(r["published"])} for r in (await db.execute(
        "select id, title, source, published, language, review_status from items "
        "where story_id = ? order by published limit 200", [story_id])).rows]
    return {"id": story_id, "title": english_title(reports, row.get("title")),
            "reports": reports,
            "review": await review_context(datasette, database or "", request, "story",
                                           story_id, row)}
