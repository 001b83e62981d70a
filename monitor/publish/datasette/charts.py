"""Items per week by event type, drawn as an SVG bar chart on the server: no scripts, no CDN.

Each labour item is counted once, in the week (Monday to Sunday) it was published, under its
first kind of event, so the bars add up to items, not tags. Weeks are labelled by their Monday
("week of 3 Nov 2025"), empty weeks are kept, and each kind of event has one colour on every
page. When nothing was published in the window, the chart shows the same number of weeks up to
the latest item and says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from datasette.utils.asgi import NotFound, Response

from monitor.publish.datasette.labels import tag_label

# One colour per kind of event, the same on every page; others share the last one.
EVENT_COLOURS = {
    "strike": "#d62728", "protest": "#ff7f0e", "safety_incident": "#1f77b4",
    "wage_theft": "#2ca02c", "forced_labour": "#9467bd", "child_labour": "#8c564b",
    "repression": "#e377c2", "organizing": "#17becf", "": "#7f7f7f",
}
OTHER_COLOUR = "#bcbd22"
# Totals kept by the triggers of schema.py (facet "week_item": "2025-11-03 strike").
WEEKLY_SQL = """
select substr(value, 1, 10) as week, substr(value, 12) as event_type, n as items
from facet_counts
where facet = 'week_item' and n > 0 and value >= :since and value < :until
order by value
"""
NEWEST_SQL = ("select substr(max(value), 1, 10) from facet_counts "
              "where facet = 'week_item' and n > 0")


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_label(day: dt.date) -> str:
    """2025-11-03 -> 'week of 3 Nov 2025'."""
    return f"week of {day.day} {day:%b %Y}"


def colour(event_type: str) -> str:
    return EVENT_COLOURS.get(event_type, OTHER_COLOUR)


def chart_svg(rows: list[tuple[str, str, int]], weeks: list[str] | None = None,
              width: int = 900, height: int = 320) -> dict[str, Any]:
    """Stacked bars, one per week (empty weeks included), one colour per event type."""
    weeks = weeks or sorted({r[0] for r in rows})
    order = list(EVENT_COLOURS)
    types = sorted({r[1] for r in rows}, key=lambda t: (order.index(t) if t in order
                                                        else len(order), t))
    totals = {w: sum(r[2] for r in rows if r[0] == w) for w in weeks}
    top = max(totals.values(), default=0) or 1
    left, bottom, plot_h = 50, 40, height - 60
    step = (width - left - 10) / max(len(weeks), 1)
    bars = []
    for i, week in enumerate(weeks):
        y: float = height - bottom
        for kind in types:
            count = sum(r[2] for r in rows if r[0] == week and r[1] == kind)
            if not count:
                continue
            h = count / top * plot_h
            y -= h
            bars.append({"x": round(left + i * step + 1, 1), "y": round(y, 1),
                         "w": round(max(step - 2, 1), 1), "h": round(h, 1),
                         "fill": colour(kind),
                         "title": f"{_week_text(week)}: {count} {_kind_text(kind)}"})
    every = max(1, (len(weeks) + 7) // 8)  # about eight labels whatever the span
    labels = [{"x": round(left + i * step + step / 2, 1), "text": _short(w)}
              for i, w in enumerate(weeks) if i % every == 0]
    legend = [{"colour": colour(t), "label": _kind_text(t)} for t in types]
    return {"width": width, "height": height, "bars": bars, "labels": labels,
            "legend": legend, "top": top, "base_y": height - bottom, "left": left,
            "totals": [(_week_text(w), totals[w]) for w in weeks]}


def _week_text(week: str) -> str:
    try:
        return week_label(dt.date.fromisoformat(week))
    except ValueError:
        return week


def _short(week: str) -> str:
    try:
        day = dt.date.fromisoformat(week)
    except ValueError:
        return week
    return f"{day.day} {day:%b %Y}"


def _kind_text(kind: str) -> str:
    return tag_label(kind) if kind else "no kind of event tagged"


async def items_per_week_view(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound("no such database") from None
    # a route of our own: Datasette checks nothing for it, so --private must be checked here
    await datasette.ensure_permissions(request.actor, [
        ("view-database", database), "view-instance"])
    try:
        count = max(1, min(int(request.args.get("weeks") or 26), 520))
    except ValueError:
        count = 26
    today = dt.datetime.now(dt.timezone.utc).date()
    last = monday(today)
    first = last - dt.timedelta(weeks=count - 1)
    moved = None
    result = await db.execute(WEEKLY_SQL, {"since": first.isoformat(),
                                           "until": (last + dt.timedelta(days=7)).isoformat()})
    if not result.rows:  # nothing in the window: the same span up to the latest item
        newest = (await db.execute(NEWEST_SQL)).first()
        if newest and newest[0]:
            last = monday(dt.date.fromisoformat(str(newest[0])[:10]))
            first = last - dt.timedelta(weeks=count - 1)
            moved = week_label(last)
            result = await db.execute(WEEKLY_SQL, {
                "since": first.isoformat(), "until": (last + dt.timedelta(days=7)).isoformat()})
    weeks = [(first + dt.timedelta(weeks=i)).isoformat() for i in range(count)]
    rows = [(r["week"], r["event_type"], r["items"]) for r in result.rows]
    return Response.html(await datasette.render_template(
        "items_per_week.html",
        {"database": database, "chart": chart_svg(rows, weeks), "rows": rows, "weeks": count,
         "week_text": _week_text, "kind_text": _kind_text, "sql": WEEKLY_SQL,
         "since": week_label(first), "until": week_label(last), "moved": moved},
        request=request,
    ))
