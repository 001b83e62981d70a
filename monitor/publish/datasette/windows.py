"""Date-window views say what their window is, and show the latest items when it is empty.

`/DB/items?_days=7` on a database whose newest item is a year old would show "0 rows"; staff
then think the monitor is broken. The page says the window ("published since 26 Nov 2026") and,
when nothing is in it, lists the latest items of the same filters instead, saying so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from datasette.utils import MultiParams

from monitor.publish.datasette.filters import MAX_DAYS, items_filters
from monitor.publish.datasette.labels import readable_time

LATEST_SHOWN = 10


def _without_days(args: Any) -> Any:

    return MultiParams([(k, v) for k in args for v in args.getlist(k) if k != "_days"])


async def window_context(datasette: Any, database: str, args: Any) -> dict[str, Any] | None:
    """{'since', 'empty', 'latest': [...], 'latest_url'} for an items page with `_days`."""
    days = args.get("_days")
    if not days:
        return None
    try:
        number = max(0, min(int(days), MAX_DAYS))
    except ValueError:
        number = 7
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=number)).date().isoformat()
    found = items_filters(args)
    db = datasette.get_database(database)
    where = " and ".join(found.where_clauses) if found else "1"
    params = dict(found.params) if found else {}
    if args.get("_search"):  # a search in a window: Datasette's own count says enough
        return {"since": readable_time(since), "days": number, "empty": False, "latest": []}
    hit = (await db.execute(f"select 1 from items where {where} limit 1", params)).rows
    context: dict[str, Any] = {"since": readable_time(since), "days": number,
                               "empty": not hit, "latest": []}
    if hit:
        return context
    rest = _without_days(args)
    others = items_filters(rest)
    where = " and ".join(others.where_clauses) if others else "1"
    rows = (await db.execute(
        f"select id, title, published, language, source from items where {where} "
        f"order by published desc limit {LATEST_SHOWN}", dict(others.params) if others else {}
    )).rows
    context["latest"] = [{"title": r["title"] or "(no title)", "language": r["language"],
                          "source": r["source"], "published": readable_time(r["published"]),
                          "url": datasette.urls.row(database, "items", str(r["id"]))}
                         for r in rows]
    query = urlencode([(k, v) for k in rest for v in rest.getlist(k)])
    context["latest_url"] = datasette.urls.table(database, "items") + (
        "?" + query if query else "")
    return context
