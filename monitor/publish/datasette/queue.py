"""The review queue: unreviewed labour stories, newest first, for reviewers to confirm or reject.

A story is waiting when it has a relevant report and no review of its own (a report outside any
story counts as a story of one). Filters are the news desk's region and event presets (desk.yaml)
and a source; the counts say how many are waiting and how many were reviewed for the same choice.
The page writes nothing: its buttons and keys submit forms to POST /-/review (the review
endpoint, with Datasette's CSRF token), and for an actor who may not review the page is the same
list without the forms.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import NotFound, Response

from monitor.publish.datasette.desk import (
    newest_story_keys,
    preset_choice,
    preset_filters,
    presets,
    story_entries,
)
from monitor.publish.datasette.roles import can_review
from monitor.store.reviews import REJECT_REASONS

QUEUE_ROUTE = r"^/(?P<database>[^/]+)/-/review-queue$"
REVIEW_ENDPOINT = "/-/review"
SHOWN = 25
CANDIDATES = 500  # newest waiting items read to find SHOWN distinct stories
STATUS_LABELS = ("confirmed", "corrected", "rejected")
# An item waits when it is relevant and neither it nor its story has been reviewed.
STORY_STATUS = "(select s.review_status from stories s where s.id = items.story_id)"
WAITING_SQL = f"relevant = 1 and review_status is null and {STORY_STATUS} is null"
WAITING_CAP = 1_000  # beyond it the page says "more than 1,000": counting stops there


def _where(codes: list[str], event: str | None, source: str | None
           ) -> tuple[list[str], dict[str, Any]]:
    where, params = preset_filters(codes, event)
    if source:
        where.append("source = :queue_source")
        params["queue_source"] = source
    return where, params


async def waiting_keys(db: Any, where: list[str], params: dict[str, Any]
                       ) -> list[tuple[str, int]]:
    """('story', id) or ('item', id) of the newest stories with a report waiting for review."""
    return await newest_story_keys(db, [WAITING_SQL, *where], params, SHOWN, CANDIDATES)


async def queue_counts(db: Any, where: list[str], params: dict[str, Any]) -> dict[str, Any]:
    """Stories waiting (up to WAITING_CAP), and stories reviewed by status, for the filters.

    Each count reads what it needs through an index: waiting items newest first until the cap,
    stories by their review status, reviewed reports by theirs; none counts every item.
    """
    filters = " and ".join(where) or "1"
    waiting = (await db.execute(
        "select count(*) from (select distinct coalesce('s' || story_id, 'i' || id) "
        f"from items where {WAITING_SQL} and {filters} limit {WAITING_CAP + 1})",
        params)).first()[0]
    counts: dict[str, Any] = {"waiting": min(int(waiting), WAITING_CAP),
                              "more": waiting > WAITING_CAP,
                              **{status: 0 for status in STATUS_LABELS}}
    for row in (await db.execute(
            "select review_status as status, count(*) as n from stories s "
            "where review_status is not null and exists (select 1 from items where "
            f"items.story_id = s.id and {filters}) group by review_status", params)).rows:
        if row["status"] in counts:
            counts[str(row["status"])] += int(row["n"])
    # reports reviewed one by one: reviewed stories once none of their matching reports waits
    by_story: dict[tuple[str, int], set[str]] = {}
    for row in (await db.execute(
            "select id, story_id, review_status from items where review_status is not null "
            f"and {STORY_STATUS} is null and {filters}", params)).rows:
        key = ("story", row["story_id"]) if row["story_id"] is not None else ("item", row["id"])
        by_story.setdefault(key, set()).add(str(row["review_status"]))
    stories = [i for kind, i in by_story if kind == "story"]
    if stories:
        still = {r["story_id"] for r in (await db.execute(
            "select distinct story_id from items where story_id in (select value from "
            f"json_each(:queue_stories)) and {WAITING_SQL} and {filters}",
            {**params, "queue_stories": json.dumps(stories)})).rows}
        by_story = {k: v for k, v in by_story.items() if k[0] == "item" or k[1] not in still}
    for statuses in by_story.values():
        status = next((s for s in ("corrected", "confirmed", "rejected") if s in statuses), None)
        if status in counts:
            counts[str(status)] += 1
    counts["reviewed"] = sum(counts[s] for s in STATUS_LABELS)
    return counts


async def _sources(db: Any) -> list[str]:
    rows = (await db.execute("select value from facet_counts where facet = 'source' and n > 0 "
                             "order by value")).rows
    return [str(r["value"]) for r in rows]


async def queue_context(datasette: Any, database: str, request: Any) -> dict[str, Any]:
    """Everything the queue page shows for the filters chosen in the request."""
    db = datasette.get_database(database)
    chosen = presets()
    region = preset_choice(chosen["regions"], request.args.get("region"))
    event = preset_choice(chosen["events"], request.args.get("event"))
    sources = await _sources(db)
    source = request.args.get("source") or None
    if source not in sources:
        source = None
    event_code = None if event["key"] == "all" else str(event["key"])
    where, params = _where(region["codes"], event_code, source)
    keys = await waiting_keys(db, where, params)
    current = {"region": str(region["key"]), "event": str(event["key"])}
    if source:
        current["source"] = source
    here = request.path + ("?" + urlencode(current) if current else "")
    reviewer = can_review(request.actor)
    return {
        "database": database,
        "entries": await story_entries(datasette, database, keys, region["codes"]),
        "counts": await queue_counts(db, where, params),
        "region": region, "event": event, "source": source, "sources": sources,
        "presets": chosen, "current": current, "here": here,
        "can_review": reviewer, "actor": request.actor,
        "reasons": dict(REJECT_REASONS) if reviewer else {},
        "review_endpoint": REVIEW_ENDPOINT,
        "login_url": "/-/login",
    }


async def review_queue_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    try:
        datasette.get_database(database)
    except KeyError:
        raise NotFound("no such database") from None
    # a route of our own: Datasette checks nothing for it, so --private must be checked here
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database, "items")), ("view-database", database), "view-instance"])
    tables = set(await datasette.get_database(database).table_names())
    if not {"items", "stories"} <= tables:
        raise NotFound("this database holds no items and stories")
    return Response.html(await datasette.render_template(
        "review_queue.html", {"queue": await queue_context(datasette, database, request)},
        request=request))
