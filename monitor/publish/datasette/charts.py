"""Items per week by event type, drawn as an SVG bar chart on the server: no scripts, no CDN."""

from __future__ import annotations

import datetime as dt
from typing import Any

from datasette.utils.asgi import NotFound, Response

from monitor.publish.datasette.labels import tag_label

COLOURS = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]
WEEKLY_SQL = """
select substr(value, 1, 7) as week, substr(value, 9) as event_type, n as items
from facet_counts
where facet = 'week_event_type' and n > 0 and value >= strftime('%Y-%W', :since)
order by value
"""


def chart_svg(rows: list[tuple[str, str, int]], width: int = 900, height: int = 320
              ) -> dict[str, Any]:
    """Stacked bars, one per week, one colour per event type; returns the parts to draw."""
    weeks = sorted({r[0] for r in rows})
    types = sorted({r[1] for r in rows})
    totals = {w: sum(r[2] for r in rows if r[0] == w) for w in weeks}
    top = max(totals.values(), default=0) or 1
    left, bottom, plot_h = 50, 40, height - 60
    step = (width - left - 10) / max(len(weeks), 1)
    colour = {t: COLOURS[i % len(COLOURS)] for i, t in enumerate(types)}
    bars = []
    for i, week in enumerate(weeks):
        y: float = height - bottom
        for r in rows:
            if r[0] != week:
                continue
            h = r[2] / top * plot_h
            y -= h
            bars.append({"x": round(left + i * step + 1, 1), "y": round(y, 1),
                         "w": round(max(step - 2, 1), 1), "h": round(h, 1),
                         "fill": colour[r[1]], "title": f"{week}: {tag_label(r[1])} {r[2]}"})
    labels = [{"x": round(left + i * step + step / 2, 1), "text": w}
              for i, w in enumerate(weeks) if len(weeks) < 20 or i % 4 == 0]
    legend = [{"colour": colour[t], "label": tag_label(t)} for t in types]
    return {"width": width, "height": height, "bars": bars, "labels": labels,
            "legend": legend, "top": top, "base_y": height - bottom, "left": left}


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
        weeks = max(1, min(int(request.args.get("weeks") or 26), 520))
    except ValueError:
        weeks = 26
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(weeks=weeks)).date().isoformat()
    result = await db.execute(WEEKLY_SQL, {"since": since})
    rows = [(r["week"], r["event_type"], r["items"]) for r in result.rows]
    return Response.html(await datasette.render_template(
        "items_per_week.html",
        {"database": database, "chart": chart_svg(rows), "rows": rows, "weeks": weeks,
         "tag_label": tag_label, "sql": WEEKLY_SQL, "since": since},
        request=request,
    ))
