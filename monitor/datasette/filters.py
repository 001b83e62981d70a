"""Query-string filters on items that staff links use: ?_country=KZ&_event_type=strike&_days=7.

Tag filters are index lookups in `item_tags`; several values of one filter mean "any of them".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from datasette.filters import FilterArguments

from monitor.datasette.labels import label

# Most selective first: the first tag's index range leads, the others are probed per item.
TAG_FILTERS = {"_country": "country", "_sector": "sector", "_event_type": "event_type"}
MAX_DAYS = 36500


def _match(alias: str, kind: str, marks: list[str]) -> str:
    return f"{alias}.kind = '{kind}' and {alias}.value in ({', '.join(marks)})"


def items_filters(args: Any) -> FilterArguments | None:
    """The where clauses for our parameters in a Datasette request's args."""
    where: list[str] = []
    params: dict[str, Any] = {}
    described: list[str] = []
    joins: list[str] = []
    for param, kind in TAG_FILTERS.items():
        values = [v for v in args.getlist(param) if v]
        if not values:
            continue
        marks = []
        for i, value in enumerate(values):
            key = f"{param[1:]}_{i}"
            params[key] = value
            marks.append(f":{key}")
        if args.get("_days"):  # a date range leads: probe each of its items' tags
            where.append("exists (select 1 from item_tags t where t.item_id = items.id and "
                         f"{_match('t', kind, marks)})")
        else:
            joins.append(_match(f"t{len(joins)}", kind, marks))
        described.append(f"{kind.replace('_', ' ')} is "
                         + " or ".join(label(kind, v) for v in values))
    if joins:  # the first tag's items from the (kind, value) index, the others probed on each
        sql = "select t0.item_id from item_tags t0"
        for n, match in enumerate(joins[1:], start=1):
            sql += f" cross join item_tags t{n} on t{n}.item_id = t0.item_id and {match}"
        where.append(f"id in ({sql} where {joins[0]})")
    days = args.get("_days")
    if days:
        try:
            number = max(0, min(int(days), MAX_DAYS))
        except ValueError:
            number = 7
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=number)
        params["since"] = since.replace(microsecond=0).isoformat()
        where.append("published >= :since")
        described.append(f"published in the last {number} days")
    if not where:
        return None
    return FilterArguments(where, params, described)
