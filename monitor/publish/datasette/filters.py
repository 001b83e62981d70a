"""Query-string filters on items that staff links use: ?_country=KZ&_event_type=strike&_days=7.

Tag filters are index lookups in `item_tags`; several values of one filter mean "any of them".
A country with an event type reads the precomputed pairs (kind `country_event_type`), and every
tag row carries the item's `published`, so "this week" narrows the same index range: at a
million items the filter reads a few thousand index entries instead of probing 40,000 items.
"""

from __future__ import annotations

import datetime as dt
from itertools import product
from typing import Any

from datasette.filters import FilterArguments

from monitor.publish.datasette.labels import label
from monitor.store.facet_tables import PAIR_KIND

# Most selective first: the first tag's index range leads, the others are probed per item.
TAG_FILTERS = {"_country": "country", "_sector": "sector", "_event_type": "event_type"}
MAX_DAYS = 36500
MAX_PAIRS = 100  # more country x event type combinations: lead with the country instead


def _match(alias: str, kind: str, marks: list[str]) -> str:
    return f"{alias}.kind = '{kind}' and {alias}.value in ({', '.join(marks)})"


def items_filters(args: Any) -> FilterArguments | None:
    """The where clauses for our parameters in a Datasette request's args."""
    where: list[str] = []
    params: dict[str, Any] = {}
    described: list[str] = []
    chosen: dict[str, list[str]] = {}
    for param, kind in TAG_FILTERS.items():
        values = [v for v in args.getlist(param) if v]
        if values:
            chosen[kind] = values
            described.append(f"{kind.replace('_', ' ')} is "
                             + " or ".join(label(kind, v) for v in values))
    matches: list[tuple[str, list[str]]] = []  # (kind, parameter marks), leading one first
    pairs = list(product(chosen.get("country", []), chosen.get("event_type", [])))
    if pairs and len(pairs) <= MAX_PAIRS:
        chosen.pop("country")
        chosen.pop("event_type")
        chosen = {PAIR_KIND: [f"{c} {e}" for c, e in pairs], **chosen}
    for kind, values in chosen.items():
        marks = []
        for value in values:
            key = f"{kind}_{len(params)}"
            params[key] = value
            marks.append(f":{key}")
        matches.append((kind, marks))
    days = args.get("_days")
    since = None
    if days:
        try:
            number = max(0, min(int(days), MAX_DAYS))
        except ValueError:
            number = 7
        moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=number)
        params["since"] = since = moment.replace(microsecond=0).isoformat()
        where.append("published >= :since")
        described.append(f"published in the last {number} days")
    if matches:  # the first tag's items from the (kind, value, published) index, others probed
        sql = "select t0.item_id from item_tags t0"
        for n, (kind, marks) in enumerate(matches[1:], start=1):
            sql += f" cross join item_tags t{n} on t{n}.item_id = t0.item_id and " + _match(
                f"t{n}", kind, marks)
        sql += " where " + _match("t0", *matches[0])
        if since:
            sql += " and t0.published >= :since"
        where.insert(0, f"id in ({sql})")
    if not where:
        return None
    return FilterArguments(where, params, described)
