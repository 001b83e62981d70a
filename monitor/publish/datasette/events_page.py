"""The newsroom's events: the list's filters and chart, the event page, an event in one line.

The list is Datasette's table page of `events` (facets, the map of datasette-cluster-map, CSV,
GeoJSON, Atom) with our filters (`?_region=central_asia&_event_type=strike&_days=30`) and a
chart of events per week drawn for the same filters. The event page lists its reports in every
language, with what each stated, and where each figure comes from.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

from datasette.filters import FilterArguments

from monitor.publish.datasette.charts import chart_svg, monday
from monitor.publish.datasette.desk import presets
from monitor.publish.datasette.labels import (
    country_name,
    json_list,
    label,
    language_name,
    readable_time,
    tag_label,
)
from monitor.publish.datasette.translate import translate_url
from monitor.publish.watches import regions

MAX_DAYS = 36500
CHART_WEEKS = 26
MAX_CHART_WEEKS = 520
# plain columns a facet click filters on (?country=KZ): the chart follows them too
COLUMN_FILTERS = ("country", "region", "event_type", "sector", "geo_precision", "review_status",
                  "site", "town")
FACET_KINDS = {"country": "country", "region": "region", "event_type": "event_type",
               "sector": "sector"}
FIGURE_NAMES = {"killed": "Killed", "injured": "Injured", "workers_involved": "Workers involved"}
PRECISION_NAMES = {"site": "the site (mine, plant)", "town": "the town", "region":
                   "the region", "country": "the country only"}


def region_codes(key: str) -> list[str]:
    """A desk preset's countries (desk.yaml) or a region of regions.yaml."""
    for region in presets()["regions"]:
        if str(region["key"]) == key:
            return list(region["codes"])
    return sorted(regions().get(key, ()))


def _region_name(key: str) -> str:
    for region in presets()["regions"]:
        if str(region["key"]) == key:
            return str(region["label"])
    return key.replace("_", " ").title()


def choices() -> dict[str, Any]:
    """The front page's presets, as links on the events list."""
    chosen = presets()
    return {"events_regions": [r for r in chosen["regions"] if r["key"] != "all"],
            "events_kinds": [(str(e["key"]), str(e["label"])) for e in chosen["events"]
                             if e["key"] != "all"]}


def feed_url(datasette: Any, database: str, args: Any) -> str:
    """The Atom feed of these events, newest first (the list's filters kept)."""
    kept = [(k, v) for k in args for v in args.getlist(k) if not k.startswith("_sort")
            and k not in ("_next", "_size")]
    return (datasette.urls.table(database, "events", format="atom") + "?"
            + urlencode([*kept, ("_sort_desc", "id")]))


def events_filters(args: Any) -> FilterArguments | None:
    """Where clauses for ?_region, ?_country, ?_event_type, ?_sector, ?_days, ?_since,
    ?_until on the events table: what the front page's presets and staff links use."""
    where: list[str] = []
    params: dict[str, Any] = {}
    described: list[str] = []

    def marks(values: list[str], name: str) -> str:
        out = []
        for value in values:
            key = f"ev_{name}_{len(params)}"
            params[key] = value
            out.append(f":{key}")
        return ", ".join(out)

    for key in [v for v in args.getlist("_region") if v]:
        codes = region_codes(key)
        where.append(f"country in ({marks(codes, 'region') or 'null'})")
        described.append(f"in {_region_name(key)}")
    if countries := [v for v in args.getlist("_country") if v]:
        where.append(f"country in ({marks(countries, 'country')})")
        described.append("country is " + " or ".join(label("country", c) for c in countries))
    for param, column, kind in (("_event_type", "event_types", "event_type"),
                                ("_sector", "sectors", "sector")):
        if values := [v for v in args.getlist(param) if v]:
            where.append(f"exists (select 1 from json_each(case when json_valid({column}) "
                         f"then {column} else '[]' end) j where j.value in "
                         f"({marks(values, kind)}))")
            described.append(f"{tag_label(kind)} is " + " or ".join(tag_label(v) for v in values))
    if days := args.get("_days"):
        try:
            number = max(0, min(int(days), MAX_DAYS))
        except ValueError:
            number = 30
        params["ev_since"] = (dt.datetime.now(dt.timezone.utc).date()
                              - dt.timedelta(days=number)).isoformat()
        where.append("last_seen >= :ev_since")
        described.append(f"reported in the last {number} days")
    for param, op, words in (("_since", ">=", "started on or after"),
                             ("_until", "<=", "started on or before")):
        value = args.get(param)
        if value and _is_date(value):
            params[f"ev{param}"] = value[:10]
            where.append(f"start_date {op} :ev{param}")
            described.append(f"{words} {readable_time(value[:10])}")
    return FilterArguments(where, params, described) if where else None


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _where(args: Any) -> tuple[str, dict[str, Any]]:
    found = events_filters(args)
    clauses, params = (list(found.where_clauses), dict(found.params)) if found else ([], {})
    for column in COLUMN_FILTERS:
        for n, value in enumerate(args.getlist(column)):
            clauses.append(f"[{column}] = :col_{column}_{n}")
            params[f"col_{column}_{n}"] = value
    return (" and ".join(clauses) or "1"), params


async def events_chart(datasette: Any, database: str, args: Any) -> dict[str, Any]:
    """Events per week (by the week they started, under their main type) for the list's
    filters: the last CHART_WEEKS weeks up to the latest event shown."""
    db = datasette.get_database(database)
    where, params = _where(args)
    rows = (await db.execute(
        f"select week_of, coalesce(event_type, '') as event_type, count(*) as n from events "
        f"where week_of is not null and {where} group by week_of, event_type order by week_of",
        params)).rows
    try:
        count = max(1, min(int(args.get("_weeks") or CHART_WEEKS), MAX_CHART_WEEKS))
    except ValueError:
        count = CHART_WEEKS
    if not rows:
        return {"empty": True, "weeks": count}
    last = monday(dt.date.fromisoformat(max(str(r["week_of"]) for r in rows)))
    first = last - dt.timedelta(weeks=count - 1)
    weeks = [(first + dt.timedelta(weeks=i)).isoformat() for i in range(count)]
    shown = [(str(r["week_of"]), str(r["event_type"]), int(r["n"])) for r in rows
             if str(r["week_of"]) >= weeks[0]]
    return {"empty": False, "weeks": count, "chart": chart_svg(shown, weeks),
            "total": sum(n for _, _, n in shown), "since": readable_time(weeks[0]),
            "until": readable_time(weeks[-1]),
            "earlier": sum(int(r["n"]) for r in rows if str(r["week_of"]) < weeks[0])}


def readable_reasons(text: str | None) -> str:
    """'same town or site; names: KSTNK TMRT' -> 'same town or site; 2 names in common': the
    skeletons are the joining's evidence, not words a reader knows."""
    out = []
    for reason in (text or "").split("; "):
        if reason.startswith("names: "):
            count = len(reason.split()) - 1
            reason = f"{count} name{'s' if count != 1 else ''} in common (in any script)"
        out.append(reason)
    return "; ".join(r for r in out if r)


def event_line(row: dict[str, Any]) -> str:
    """An event in one English line, from its columns only: 'Safety incident: 45 killed,
    Kostenko mine, Karaganda region, Kazakhstan; 9 reports in Russian, English and Arabic'."""
    kinds = ", ".join(tag_label(t) for t in json_list(row.get("event_types")))
    head = kinds[:1].upper() + kinds[1:]
    details = []
    for column, word in (("workers_involved", "workers"), ("killed", "killed"),
                         ("injured", "injured")):
        if isinstance(row.get(column), int) and row[column] > 0:
            details.append(f"{row[column]:,} {word}")
    for column in ("site", "town"):
        if row.get(column):
            details.append(str(row[column]))
    if row.get("country"):
        details.append(country_name(row["country"]))
    languages = [language_name(code) for code in json_list(row.get("languages"))]
    reports = row.get("reports") or 0
    said = f"{reports} report{'s' if reports != 1 else ''}"
    if languages:
        said += " in " + (", ".join(languages[:-1]) + " and " + languages[-1]
                          if len(languages) > 1 else languages[0])
    line = head + (": " if head and details else "") + ", ".join(details)
    return (line + "; " if line else "") + said


def evidence_lines(value: Any) -> list[dict[str, Any]]:
    """The stored figure evidence as rows a person reads: figure, value, report, date."""
    try:
        data = json.loads(value) if isinstance(value, str) and value else {}
    except ValueError:
        return []
    out: list[dict[str, Any]] = []
    if not isinstance(data, dict):
        return out
    for column, stated in data.items():
        for entry in stated if isinstance(stated, list) else []:
            if isinstance(entry, dict):
                out.append({"figure": FIGURE_NAMES.get(column, column.replace("_", " ")),
                            "value": entry.get("value"), "item_id": entry.get("item_id"),
                            "source": entry.get("source"),
                            "published": readable_time(str(entry.get("published") or ""))})
    return out


def evidence_text(value: Any) -> str:
    """The figure evidence as text for CSV: 'killed: 11 (item 2, 28 Oct 2023), 45 (item 9)'."""
    groups: dict[str, list[str]] = {}
    for line in evidence_lines(value):
        groups.setdefault(line["figure"], []).append(
            f"{line['value']} (item {line['item_id']}, {line['source']}, {line['published']})")
    return "; ".join(f"{figure}: {', '.join(values)}" for figure, values in groups.items())


def facet_label(table: str | None, column: str, value: Any) -> str:
    """Facet values of the events list by name ('Kazakhstan (KZ)', 'safety incident')."""
    text = "" if value is None else str(value)
    if table == "events" and column in FACET_KINDS:
        return label(FACET_KINDS[column], text)
    if table == "events" and column == "geo_precision":
        return PRECISION_NAMES.get(text, text)
    return text


async def event_context(datasette: Any, database: str | None, request: Any) -> dict[str, Any]:
    """Everything the event page shows, through Datasette's read-only connection."""
    db = datasette.get_database(database)
    try:
        event_id = int(str(request.url_vars.get("pks", "")).split(",")[0])
    except ValueError:
        return {}
    found = (await db.execute("select * from events where id = ?", [event_id])).rows
    if not found:
        return {}
    row = dict(found[0])
    reports = []
    for r in (await db.execute(
            "select r.item_id, r.published, r.source, r.language, r.title, r.place, "
            "r.killed, r.injured, r.workers_involved, r.reasons, i.url, i.summary "
            "from event_reports r left join items i on i.id = r.item_id "
            "where r.event_id = ? order by r.published, r.item_id limit 500",
            [event_id])).rows:
        language = r["language"] or ""
        reports.append({
            **dict(r), "published": readable_time(r["published"]),
            "reasons": readable_reasons(r["reasons"]),
            "language_name": language_name(language) if language else "unknown",
            "link": datasette.urls.row(database, "items", str(r["item_id"])),
            "translate": translate_url(r["url"], language, "\n\n".join(
                t for t in (r["title"], r["summary"]) if t))
            if language and not language.startswith("en") and r["url"] else None,
        })
    languages = sorted({r["language_name"] for r in reports})
    events_url = datasette.urls.table(database, "events")
    return {
        "id": event_id, "title": row.get("title") or "(no title)", "line": event_line(row),
        "kinds": [{"label": tag_label(t), "link": f"{events_url}?_event_type={t}"}
                  for t in json_list(row.get("event_types"))],
        "sectors": [tag_label(s) for s in json_list(row.get("sectors"))],
        "country": label("country", row.get("country")) if row.get("country") else None,
        "country_link": f"{events_url}?country={row['country']}" if row.get("country")
        else None,
        "region": label("region", row.get("region")) if row.get("region") else None,
        "site": row.get("site"), "town": row.get("town"),
        "precision": PRECISION_NAMES.get(row.get("geo_precision") or "", None),
        "latitude": row.get("latitude"), "longitude": row.get("longitude"),
        "start": readable_time(row.get("start_date")),
        "start_precision": row.get("start_precision"),
        "end": readable_time(row.get("end_date")) if row.get("end_date") else None,
        "employer": row.get("employer"), "unions": json_list(row.get("unions")),
        "last": readable_time(str(row.get("last_seen") or "")[:10]),
        "updates": row.get("updates") or 0, "ongoing": bool(row.get("ongoing")),
        "figures": [(name, row.get(column)) for column, name in FIGURE_NAMES.items()
                    if row.get(column) is not None],
        "evidence": evidence_lines(row.get("figure_evidence")),
        "reports": reports, "languages": languages,
        "sources": len({r["source"] for r in reports}),
        "review": {"status": row.get("review_status"), "reviewed_by": row.get("reviewed_by"),
                   "reviewed_at": readable_time(row.get("reviewed_at"))},
        "stories": [{"id": s, "link": datasette.urls.row(database, "stories", str(s))}
                    for s in json_list(row.get("story_ids"))],
        "events_url": events_url,
    }


async def item_event(datasette: Any, database: str | None, item_id: int) -> dict[str, Any] | None:
    """The event an item reports, for its page: title, line and link."""
    db = datasette.get_database(database)
    if "event_reports" not in set(await db.table_names()):
        return None
    found = (await db.execute(
        "select e.* from event_reports r join events e on e.id = r.event_id "
        "where r.item_id = ? limit 1", [item_id])).rows
    if not found:
        return None
    row = dict(found[0])
    return {"title": row.get("title"), "line": event_line(row),
            "link": datasette.urls.row(database, "events", str(row["id"]))}
