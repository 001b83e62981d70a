"""The events in the newsroom: a real Datasette over a real SQLite file whose events were made
by the pipeline from real reports of the labelled set (tests/test_events_store.py)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from test_events_store import KOSTENKO, KOSTENKO_2018, ZCMC, _store

from monitor.publish.datasette import datasette_instance
from monitor.store.schema import open_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("events-newsroom") / "monitor.db"
    db = open_db(path)
    ids = _store(db, [KOSTENKO_2018, *KOSTENKO, *ZCMC])
    db.close()
    return path, ids


def get(path: Path, *paths: str) -> list[Any]:
    async def run() -> list[Any]:
        ds = datasette_instance(path)
        return [await ds.client.get(p) for p in paths]
    return asyncio.run(run())


def _event_id(path: Path, item_id: int) -> int:
    db = open_db(path)
    try:
        return int(db.execute("SELECT event_id FROM event_reports WHERE item_id = ?",
                              [item_id]).fetchone()[0])
    finally:
        db.close()


def test_events_list_labels_filters_map_and_chart(newsroom) -> None:
    path, _ids = newsroom
    page, central, strikes, kz, old = get(
        path, "/monitor/events", "/monitor/events.json?_region=central_asia&_shape=objects",
        "/monitor/events.json?_event_type=strike&_shape=objects",
        "/monitor/events?country=KZ", "/monitor/events.json?_until=2019-01-01&_shape=objects")
    assert page.status_code == 200
    assert "One row per strike, protest, accident" in page.text
    assert "Kazakhstan (KZ)" in page.text and "safety incident" in page.text  # facets by name
    assert "datasette-cluster-map" in page.text  # the map of the events' places
    assert 'class="chart events-chart"' in page.text and "<rect" in page.text
    assert 'data-column="title"' in page.text and 'data-column="killed"' in page.text
    assert 'data-column="join_keys"' not in page.text  # the technical columns are left out
    assert {r["country"] for r in central.json()["rows"]} == {"KZ"}
    assert [r["country"] for r in strikes.json()["rows"]] == ["AM"]
    assert "<rect" in kz.text and "Armenia" not in kz.text.split("events-chart", 1)[-1][:3000]
    assert [r["start_date"] for r in old.json()["rows"]] == ["2018-03-15"]


def test_event_page_lists_reports_in_every_language_and_figure_evidence(newsroom) -> None:
    path, ids = newsroom
    event = _event_id(path, ids["r009"])
    page, = get(path, f"/monitor/events/{event}")
    assert page.status_code == 200
    text = page.text
    for language in ("Russian", "English", "Arabic"):
        assert language in text
    assert "Reports, in every language" in text and "Where the figures come from" in text
    assert "45 <span class=\"note\">(the latest stated figure)" in text
    assert text.count('class="translate-link"') >= 4  # the Russian and Arabic reports
    assert '{"killed"' not in text and "[&#34;" not in text  # no raw JSON for staff
    assert "names in common (in any script)" in text and "KSTNK" not in text
    item, = get(path, f"/monitor/items/{ids['r012']}")
    assert f"/monitor/events/{event}" in item.text and "Event</h2>" in item.text


def test_csv_in_the_codebooks_columns_geojson_and_atom(newsroom) -> None:
    path, ids = newsroom
    event = _event_id(path, ids["r009"])
    table, geo, feed, new = get(path, "/monitor/events.csv?_size=max",
                                "/monitor/events.geojson", "/monitor/events.atom?_sort_desc=id",
                                "/monitor/new_events.atom")
    assert table.status_code == 200, table.text[:300]
    rows = list(csv.DictReader(io.StringIO(table.text)))
    codebook = (Path(__file__).resolve().parent.parent / "docs" / "events.md").read_text("utf-8")
    table_doc = codebook.split("## The `events` table", 1)[1].split("\n## ", 1)[0]
    for column in rows[0]:  # every exported column is defined in the codebook
        assert f"`{column}`" in table_doc, column
    assert "join_keys" not in rows[0]
    fire = next(r for r in rows if r["id"] == str(event))
    assert fire["killed"] == "45" and fire["country"] == "KZ"
    assert "ru" in fire["languages"].split("; ") and not fire["languages"].startswith("[")
    assert fire["figure_evidence"].startswith("Killed: ") and "item " in fire["figure_evidence"]
    features = json.loads(geo.text)["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)
    assert {"title", "event_type", "killed"} <= set(features[0]["properties"])
    for response in (feed, new):
        assert response.headers["content-type"].startswith("application/atom+xml")
        entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
        assert len(entries) == 3
        links = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link")]
        assert any(h.endswith(f"/monitor/events/{event}") for h in links)
        summaries = [e.find(f"{ATOM}summary").text for e in entries]
        assert any("45 killed" in s and "Kazakhstan" in s for s in summaries)


def test_regions_by_name_on_the_list_event_page_facets_and_csv(newsroom) -> None:
    """The Kostenko mine (Karaganda, GeoNames admin1 KZ 12) is in ISO's KZ-35, which staff
    read as Karaganda Region: on the list, its facet, the event page and in CSV beside the code."""
    path, ids = newsroom
    event = _event_id(path, ids[KOSTENKO[0]])
    page, faceted, one, table = get(
        path, "/monitor/events?_facet=region", "/monitor/events.json?_facet=region",
        f"/monitor/events/{event}", "/monitor/events.csv?_size=max")
    assert "Karaganda Region (KZ-35)" in page.text
    facet = faceted.json()["facet_results"]
    values = (facet.get("results", facet) if isinstance(facet, dict) else facet)["region"]
    assert {"KZ-35"} <= {v["value"] for v in values["results"]}
    assert "Karaganda Region (KZ-35)" in one.text
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(table.text))}
    assert rows[event]["region"] == "KZ-35" and rows[event]["region_name"] == "Karaganda Region"


def test_region_names_for_both_codings() -> None:
    from monitor.enrich.regions import region_code
    from monitor.publish.datasette.labels import label, region_name

    assert region_code("KZ", "12") == "KZ-35"  # Karagandy alias Qaraghandy: KZ-35
    assert region_code("PK", "02") == "PK-BA"  # Quetta: regions.yaml's geonames table
    assert region_code("US", "WA") == "US-WA"
    assert region_name("PK-BA") == "Balochistan" and region_name("KZ-35") == "Karaganda Region"
    assert region_name("ZA.02") == "region of Durban"  # no ISO match known: its largest city
    assert label("region", "AM-SU") == "Syunik (AM-SU)"


def test_event_page_and_csv_name_the_employer(newsroom) -> None:
    path, ids = newsroom
    event = _event_id(path, ids[ZCMC[0]])
    one, table = get(path, f"/monitor/events/{event}", "/monitor/events.csv?_size=max")
    assert "<dt>Employer</dt>" in one.text
    assert "Zangezur Copper and Molybdenum Combine" in one.text
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(table.text))}
    assert rows[event]["employer"] == "Zangezur Copper and Molybdenum Combine"
    assert rows[event]["end_date"] == ""  # none of its reports says it ended
