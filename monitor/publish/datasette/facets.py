"""A facet type backed by our side tables: fast counts for tags and plain columns at 1M items.

`{tag: countries}` in metadata (or `?_facet_tag=countries`) counts through `item_tags` and, on
the unfiltered page, reads the running totals in `facet_counts` instead of counting every row.
Clicking a value adds `?_country=KZ` (a filter from `filters.py`), an index lookup.

On a filtered page (search, tag or date filters) all facets come from one query that evaluates
the filter once. When more than SAMPLE items match, the facets count the SAMPLE most recently
collected of them (highest ids), and say so: counting 20,000 search matches five times took a
second at a million items; a labelled sample takes milliseconds.
"""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import path_with_added_args, path_with_removed_args

from monitor.publish.datasette.labels import label
from monitor.publish.datasette.search import search_count

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
SAMPLE = 2000  # facets over more matches than this count the most recently collected SAMPLE


def counts_sql(filtered_sql: str, names: list[str], sample: bool) -> str:
    """One query giving (kind, value, count) for every facet in `names` over `filtered_sql`."""
    plain = [n for n in names if not FACETS[n][2]]
    tags = [FACETS[n][0] for n in names if FACETS[n][2]]
    ids = f"select id from ({filtered_sql})"
    if sample and " in (select " in filtered_sql.lower():
        ids += f" order by id desc limit {SAMPLE}"  # walks the search or tag id list backwards
    elif sample:  # "+id": find the matches by their own index, then sort only their ids
        ids += f" order by +id desc limit {SAMPLE}"
    columns = "".join(f", items.[{n}]" for n in plain)
    parts = []
    if tags:
        kinds = ", ".join(f"'{k}'" for k in tags)
        parts.append("select t.kind as kind, t.value as value, count(*) as count "
                     "from matched cross join item_tags t on t.item_id = matched.id "
                     f"and t.kind in ({kinds}) group by t.kind, t.value")
    for name in plain:
        parts.append(f"select '{FACETS[name][0]}', [{name}], count(*) from matched "
                     f"where [{name}] is not null group by [{name}]")
    parts.append("select '', null, count(*) from matched")  # how many were counted
    return (f"with matched as materialized (select items.id as id{columns} from ({ids}) s "
            "cross join items on items.id = s.id) "
            + " union all ".join(parts))


class TagFacet(Facet):  # type: ignore[misc]
    type = "tag"

    async def suggest(self) -> list[Any]:
        return []

    def _unfiltered(self) -> bool:
        return " where " not in self.sql.lower()

    async def _counts(self, names: list[str]) -> tuple[dict[str, list[tuple[str, int]]], bool]:
        """Counts per facet kind, largest first, and whether they come from a sample."""
        params = dict(self.params) if isinstance(self.params, dict) else {}
        sample = self.row_count is not None and self.row_count > SAMPLE
        if self._unfiltered():
            kinds = ", ".join(f"'{FACETS[n][0]}'" for n in names)
            sql = f"select facet, value, n from facet_counts where facet in ({kinds}) and n > 0"
        else:
            sql = counts_sql(self.sql, names, sample or self.row_count is None)
        rows = await self.ds.execute(self.database, sql, params, truncate=False,
                                     custom_time_limit=self.ds.setting("facet_time_limit_ms"))
        counts: dict[str, list[tuple[str, int]]] = {}
        for kind, value, count in rows.rows:
            counts.setdefault(kind, []).append((str(value), count))
        for values in counts.values():
            values.sort(key=lambda vc: (-vc[1], vc[0]))
        counted = counts.pop("", [("", 0)])[0][1]
        return counts, sample or (self.row_count is None and counted >= SAMPLE)

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        if self.table != "items":
            return results, timed_out
        configs = [c for c in self.get_configs() if c["config"].get("simple") in FACETS]
        if not configs:
            return results, timed_out
        names = list(dict.fromkeys(c["config"]["simple"] for c in configs))
        try:
            counts, sampled = await self._counts(names)
        except QueryInterrupted:
            return results, [TITLES[n] for n in names]
        of = self.row_count
        if of is None and sampled:  # Datasette skipped its count: a pure search counts fast
            of = await search_count(self.ds, self.database, self.request.args)
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        done = set()
        for source_and_config in configs:
            name = source_and_config["config"]["simple"]
            if name in done:
                continue
            done.add(name)
            kind, param, _ = FACETS[name]
            found = counts.get(kind, [])
            values = []
            for value, count in found[:size]:
                selected = (param, value) in pairs
                path = (path_with_removed_args(self.request, {param: value}) if selected
                        else path_with_added_args(self.request, {param: value}))
                values.append({
                    "value": value, "label": label(kind, value), "count": count,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                })
            results.append({
                "name": name, "title": TITLES[name], "type": self.type,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet_tag": name})),
                "results": values, "truncated": len(found) > size,
                # counted over the SAMPLE most recently collected of `of` matching items
                "sample": SAMPLE if sampled else None, "of": of,
            })
        return results, timed_out
