"""A facet type backed by our side tables: fast counts for tags and plain columns at 1M items.

`{tag: countries}` in metadata (or `?_facet_tag=countries`) counts through `item_tags` and, on
the unfiltered page, reads the running totals in `facet_counts` instead of counting every row.
Clicking a value adds `?_country=KZ` (a filter from `filters.py`), an index lookup.
"""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import path_with_added_args, path_with_removed_args

from monitor.datasette.labels import label

# facet name -> (kind in item_tags/facet_counts, query-string parameter, is a tag array)
FACETS: dict[str, tuple[str, str, bool]] = {
    "event_types": ("event_type", "_event_type", True),
    "countries": ("country", "_country", True),
    "sectors": ("sector", "_sector", True),
    "source": ("source", "source", False),
    "language": ("language", "language", False),
}
TITLES = {"event_types": "What happened", "countries": "Country", "sectors": "Sector",
          "source": "Source", "language": "Language"}


class TagFacet(Facet):  # type: ignore[misc]
    type = "tag"

    async def suggest(self) -> list[Any]:
        return []

    def _unfiltered(self) -> bool:
        return " where " not in self.sql.lower()

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        if self.table != "items":
            return results, timed_out
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            name = source_and_config["config"].get("simple")
            if name not in FACETS:
                continue
            kind, param, is_tag = FACETS[name]
            params = dict(self.params) if isinstance(self.params, dict) else {}
            params["_facet_kind"] = kind
            if self._unfiltered():
                sql = ("select value, n as count from facet_counts where facet = :_facet_kind "
                       f"and n > 0 order by n desc, value limit {size + 1}")
            elif is_tag:
                sql = ("select value, count(*) as count from item_tags where kind = :_facet_kind "
                       f"and item_id in (select id from ({self.sql})) "
                       f"group by value order by count desc, value limit {size + 1}")
            else:
                sql = (f"select [{name}] as value, count(*) as count from ({self.sql}) "
                       f"where [{name}] is not null group by value "
                       f"order by count desc, value limit {size + 1}")
            try:
                rows = await self.ds.execute(
                    self.database, sql, params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(TITLES[name])
                continue
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                selected = (param, value) in pairs
                path = (path_with_removed_args(self.request, {param: value}) if selected
                        else path_with_added_args(self.request, {param: value}))
                values.append({
                    "value": value, "label": label(kind, value), "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                })
            results.append({
                "name": name, "title": TITLES[name], "type": self.type,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet_tag": name})),
                "results": values, "truncated": len(rows.rows) > size,
            })
        return results, timed_out
