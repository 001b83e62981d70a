"""The front page as a news desk: the latest stories, each with an English line of what happened.

The line is built from the tags and figures alone ("Strike, wage theft: 300 miners, Karaganda,
Kazakhstan; 3 reports in Russian, Kazakh and English"), never from invented text, so a reader
who cannot read Kazakh still learns what a Kazakh report is about. Presets for regions, event
types and periods come from desk.yaml; a period with nothing in it says so and shows the latest
stories instead, and every choice has its Atom feed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from datasette.utils import MultiParams

from monitor.publish.datasette.filters import items_filters
from monitor.publish.datasette.labels import (
    country_name,
    json_list,
    language_name,
    readable_time,
    review_label,
    tag_label,
)
from monitor.publish.watches import regions

PRESETS_FILE = Path(__file__).resolve().parent / "desk.yaml"
STORIES_SHOWN = 25
CANDIDATES = 400  # newest matching items read to find STORIES_SHOWN distinct stories
REPORTS_PER_STORY = 20
COUNTRIES_NAMED = 3
REPORT_COLUMNS = ("id, story_id, title, language, source, published, url, countries, "
                  "event_types, sectors, place, killed, injured, workers_involved, review_status")


@functools.lru_cache(maxsize=1)
def presets() -> dict[str, Any]:
    """desk.yaml with each region's countries resolved (regions.yaml names expanded)."""

    data = yaml.safe_load(PRESETS_FILE.read_text(encoding="utf-8"))
    known = regions()
    for region in data["regions"]:
        codes = list(region.get("countries") or [])
        if region.get("region"):
            codes += sorted(known[region["region"]])
        region["codes"] = codes
    return dict(data)


def preset_choice(options: list[dict[str, Any]], wanted: str | None) -> dict[str, Any]:
    """The preset whose key was asked for (`?region=`, `?event=`, `?period=`), else the first."""
    for option in options:
        if str(option["key"]) == wanted:
            return option
    return options[0]


def _and_list(words: list[str]) -> str:
    """['Russian', 'Kazakh', 'English'] -> 'Russian, Kazakh and English'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _largest(reports: list[dict[str, Any]], key: str) -> int | None:
    values = [r[key] for r in reports if isinstance(r.get(key), int) and r[key] > 0]
    return max(values) if values else None


def english_line(reports: list[dict[str, Any]], first: list[str] | None = None) -> str:
    """What happened where, from the reports' tags and figures only.

    Countries in `first` (the region chosen) are named before the others.
    """
    events: Counter[str] = Counter()
    sectors: Counter[str] = Counter()
    countries: list[str] = []
    places: Counter[str] = Counter()
    languages: list[str] = []
    for report in reports:
        events.update(json_list(report.get("event_types")))
        sectors.update(json_list(report.get("sectors")))
        for code in json_list(report.get("countries")):
            if code not in countries:
                countries.append(code)
        if report.get("place"):
            places[str(report["place"]).strip()] += 1
        name = language_name(report.get("language")) if report.get("language") else ""
        if name and name not in languages and report.get("language") != "und":
            languages.append(name)
    head = ", ".join(tag_label(e) for e, _ in events.most_common())
    head = head[:1].upper() + head[1:]
    details = []
    workers = _largest(reports, "workers_involved")
    if workers:
        sector = sectors.most_common(1)[0][0] if sectors else ""
        details.append(f"{workers:,} {presets()['workers'].get(sector, 'workers')}")
    for key, word in (("killed", "killed"), ("injured", "injured")):
        number = _largest(reports, key)
        if number:
            details.append(f"{number:,} {word}")
    wanted = set(first or [])
    countries.sort(key=lambda c: c not in wanted)  # stable: otherwise in the reports' order
    names = [country_name(c) for c in countries]
    if places:
        place = places.most_common(1)[0][0]
        if place.casefold() not in {n.casefold() for n in names}:
            details.append(place)
    if len(names) > COUNTRIES_NAMED:
        details.append(", ".join(names[:COUNTRIES_NAMED])
                       + f" and {len(names) - COUNTRIES_NAMED} more countries")
    else:
        details.extend(names)
    line = head + (": " if head and details else "") + ", ".join(details)
    count = len(reports)
    said = f"{count} report{'s' if count != 1 else ''}"
    if languages:
        said += " in " + _and_list(languages)
    return (line + "; " if line else "") + said


def story_review(story: dict[str, Any] | None, reports: list[dict[str, Any]]) -> str | None:
    """The story's own review status, else the one its reports share once all are reviewed."""
    if story and story.get("review_status"):
        return str(story["review_status"])
    statuses = {r.get("review_status") for r in reports}
    if not reports or None in statuses:
        return None
    for status in ("corrected", "confirmed", "rejected"):
        if status in statuses:
            return status
    return None


def english_title(reports: list[dict[str, Any]], fallback: str | None) -> str | None:
    """The title of an English report when the story has one, else the story's own title."""
    for report in reports:
        if str(report.get("language") or "").startswith("en") and report.get("title"):
            return str(report["title"])
    return fallback


def _since(period: dict[str, Any]) -> str | None:
    if period["key"] == "all":
        return None
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=int(period["key"]))
    return moment.replace(microsecond=0).isoformat()


def preset_filters(codes: list[str], event: str | None) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions on items (and their parameters) for a region's country codes and an
    event type, as the items page's own `_country` and `_event_type` filters write them."""
    args: dict[str, list[str]] = {}
    if codes:
        args["_country"] = codes
    if event:
        args["_event_type"] = [event]
    found = items_filters(MultiParams(args))
    if found is None:
        return [], {}
    return list(found.where_clauses), dict(found.params)


async def _story_keys(db: Any, codes: list[str], event: str | None, since: str | None
                      ) -> list[tuple[str, int]]:
    """('story', id) or ('item', id) of the newest matching stories, newest first."""
    where, params = preset_filters(codes, event)
    where.insert(0, "relevant = 1")
    if since:
        where.append("published >= :desk_since")
        params["desk_since"] = since
    return await newest_story_keys(db, where, params, STORIES_SHOWN, CANDIDATES)


async def newest_story_keys(db: Any, where: list[str], params: dict[str, Any], shown: int,
                            candidates: int) -> list[tuple[str, int]]:
    """('story', id) or ('item', id) of the `shown` newest stories with an item matching
    `where`, read from the `candidates` newest such items (a story of many reports counts
    once; an item outside any story is a story of one)."""
    rows = (await db.execute(
        f"select id, story_id from items where {' and '.join(where)} "
        f"order by published desc limit {candidates}", params)).rows
    keys: list[tuple[str, int]] = []
    for row in rows:
        key = ("story", row["story_id"]) if row["story_id"] is not None else ("item", row["id"])
        if key not in keys:
            keys.append(key)
        if len(keys) >= shown:
            break
    return keys


async def story_entries(datasette: Any, database: str, keys: list[tuple[str, int]],
                        first: list[str]) -> list[dict[str, Any]]:
    """One entry per ('story', id) or ('item', id): titles, the English line, the reports."""
    db = datasette.get_database(database)
    story_ids = [i for kind, i in keys if kind == "story"]
    item_ids = [i for kind, i in keys if kind == "item"]
    marks = ", ".join("?" * len(story_ids)) or "null"
    stories = {r["id"]: dict(r) for r in (await db.execute(
        f"select * from stories where id in ({marks})", story_ids)).rows}
    reports: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in (await db.execute(
            f"select {REPORT_COLUMNS} from items where story_id in ({marks}) "
            "order by published", story_ids)).rows:
        reports.setdefault(("story", row["story_id"]), []).append(dict(row))
    marks = ", ".join("?" * len(item_ids)) or "null"
    for row in (await db.execute(
            f"select {REPORT_COLUMNS} from items where id in ({marks})", item_ids)).rows:
        reports[("item", row["id"])] = [dict(row)]
    entries = []
    for key in keys:
        found = reports.get(key, [])[:REPORTS_PER_STORY]
        if not found:
            continue
        story = stories.get(key[1]) if key[0] == "story" else None
        original = (story or {}).get("title") or found[0].get("title")
        title = english_title(found, original)
        last = max(str(r.get("published") or "") for r in found)
        sources = {r.get("source") for r in found if r.get("source")}
        entries.append({
            "target": key[0], "target_id": key[1],
            "review": review_label(story_review(story, found)),
            "title": title or "(no title)",
            "original_title": original if original != title else None,
            "original_language": found[0].get("language"),
            "line": english_line(found, first),
            "date": readable_time(last[:10]) if last else "",
            "sources": len(sources),
            "killed": _largest(found, "killed"), "injured": _largest(found, "injured"),
            "story_url": datasette.urls.row(database, "stories", str(key[1]))
            if story else None,
            "reports": [{"title": r.get("title") or "(no title)", "language": r.get("language"),
                         "language_name": language_name(r.get("language")),
                         "source": r.get("source"),
                         "url": datasette.urls.row(database, "items", str(r["id"]))}
                        for r in found],
        })
    return entries


async def desk_database(datasette: Any) -> str | None:
    """The first database holding our items and stories."""
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        tables = set(await db.table_names())
        if {"items", "stories"} <= tables:
            return str(name)
    return None


async def desk_context(datasette: Any, request: Any) -> dict[str, Any]:
    """Everything the front page shows for the presets chosen in the request."""
    database = await desk_database(datasette)
    if database is None:
        return {}
    chosen = presets()
    region = preset_choice(chosen["regions"], request.args.get("region"))
    event = preset_choice(chosen["events"], request.args.get("event"))
    period = preset_choice(chosen["periods"], request.args.get("period"))
    event_code = None if event["key"] == "all" else str(event["key"])
    since = _since(period)
    db = datasette.get_database(database)
    keys = await _story_keys(db, region["codes"], event_code, since)
    empty_period = since is not None and not keys
    if empty_period:
        keys = await _story_keys(db, region["codes"], event_code, None)
    feed_args: list[tuple[str, str]] = [("_country", c) for c in region["codes"]]
    if event_code:
        feed_args.append(("_event_type", event_code))
    if since and not empty_period:
        feed_args.append(("_days", str(period["key"])))
    query = urlencode(feed_args)
    items_url = datasette.urls.table(database, "items")
    current = {"region": str(region["key"]), "event": str(event["key"]),
               "period": str(period["key"])}

    def preset_url(**change: str) -> str:
        return "?" + urlencode({**current, **change})

    return {
        "database": database,
        "entries": await story_entries(datasette, database, keys, region["codes"]),
        "region": region, "event": event, "period": period,
        "since": readable_time(since[:10]) if since else None,
        "empty_period": empty_period,
        "presets": chosen, "preset_url": preset_url, "current": current,
        "list_url": items_url + ("?" + query if query else ""),
        "atom_url": datasette.urls.table(database, "items", format="atom")
        + ("?" + query if query else ""),
    }
