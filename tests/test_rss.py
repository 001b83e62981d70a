"""The rss source type against a real local HTTP server, and exact dedup across polls."""

from __future__ import annotations

import json

import pytest

from monitor.config import load_config
from monitor.poll.run import poll

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Union news</title><link>{{BASE}}/</link><language>en-US</language>
<item>
  <title>Nurses in Malé win overtime pay after two-year campaign</title>
  <link>{{BASE}}/nurses-win/?utm_source=rss&amp;utm_medium=feed</link>
  <guid isPermaLink="false">{{BASE}}/?p=101</guid>
  <pubDate>Tue, 15 Jul 2025 14:00:00 +0000</pubDate><dc:creator>Staff</dc:creator>
  <category>Maldives</category>
  <description><![CDATA[<p>Nurses at the main hospital won <b>back pay</b>.</p>]]>
  </description>
  <content:encoded><![CDATA[<p>Nurses at the main hospital in Malé won back pay for
  overtime after a two-year campaign by their union.</p><script>alert(1)</script>]]>
  </content:encoded>
</item>
<item><title>Delivery riders in Cebu protest pay cuts</title>
  <link>{{BASE}}/riders-protest/</link><guid isPermaLink="false">{{BASE}}/?p=102</guid>
  <pubDate>Mon, 14 Jul 2025 09:30:00 +0000</pubDate>
  <description>Riders for a food delivery app rallied against cuts to per-order pay.</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><title>Профсоюзы</title>
<id>urn:x</id><updated>2025-02-25T10:00:00Z</updated>
<entry><title>Горняки Караганды требуют повышения зарплаты</title>
<link href="{{BASE}}/ru/news/1"/><id>urn:news:1</id><updated>2025-02-25T10:00:00Z</updated>
<summary>Шахтёры провели собрание и потребовали повысить заработную плату на 30 процентов.</summary>
</entry></feed>"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{{BASE}}/"><title>RDF news</title><link>{{BASE}}/</link>
<items><rdf:Seq><rdf:li resource="{{BASE}}/rdf/1"/></rdf:Seq></items></channel>
<item rdf:about="{{BASE}}/rdf/1"><title>Textile workers strike in Tangier</title>
<link>{{BASE}}/rdf/1</link><dc:date>2024-10-02T08:00:00Z</dc:date>
<description>Workers at a garment factory stopped work over unpaid wages.</description></item>
</rdf:RDF>"""

JSONFEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "JSON news",
    "items": [{"id": "j1", "url": "{{BASE}}/json/1", "title": "Dockworkers walk out in Durban",
               "content_text": "Port workers began a strike over safety.",
               "date_published": "2025-03-01T12:00:00+02:00"}],
})


@pytest.fixture
def feeds(http_server, write_config, registry):
    http_server.add("/rss2", RSS2)
    http_server.add("/atom", ATOM, content_type="application/atom+xml")
    http_server.add("/rss1", RSS1, content_type="application/rdf+xml")
    http_server.add("/json", JSONFEED, content_type="application/feed+json")
    path = write_config(
        "sources:\n" + "".join(
            f"  - {{name: {n}, plugin: rss, url: '{http_server.url}/{n}'}}\n"
            for n in ("rss2", "atom", "rss1", "json")
        )
    )
    return load_config(path, registry)


def test_all_feed_formats_are_stored(feeds, registry, db):
    report = poll(db, feeds, registry)
    assert report.exit_code == 0, report.to_dict()
    assert {r.name: r.new_items for r in report.results} == {
        "rss2": 2, "atom": 1, "rss1": 1, "json": 1}
    rows = {r["title"]: r for r in db["items"].rows}
    nurses = rows["Nurses in Malé win overtime pay after two-year campaign"]
    assert nurses["published"] == "2025-07-15T14:00:00+00:00"
    assert "won back pay for overtime" in nurses["text"].replace("\n", " ")
    assert "<" not in nurses["text"] and "alert" not in nurses["text"]  # stored as plain text
    assert nurses["summary"] == "Nurses at the main hospital won back pay."
    assert nurses["canonical_url"].endswith("/nurses-win")  # tracking parameters dropped
    assert nurses["language"] == "en"
    assert json.loads(nurses["extra"]) == {"categories": ["Maldives"]}
    assert rows["Горняки Караганды требуют повышения зарплаты"]["language"] == "ru"
    assert rows["Dockworkers walk out in Durban"]["published"] == "2025-03-01T10:00:00+00:00"
    assert rows["Textile workers strike in Tangier"]["published"] == "2024-10-02T08:00:00+00:00"
    for row in rows.values():
        assert row["story_id"] is not None


def test_polling_twice_adds_nothing(feeds, registry, db):
    poll(db, feeds, registry)
    again = poll(db, feeds, registry)
    assert sum(r.new_items for r in again.results) == 0
    assert all(r.unchanged for r in again.results)  # same body: not parsed again
    assert db["items"].count == 5
    assert db.execute("select max(times_seen) from items").fetchone()[0] == 1
    health = {r["name"]: r for r in db["sources"].rows}
    assert health["rss2"]["items_total"] == 2 and health["rss2"]["consecutive_failures"] == 0
    assert db["polls"].count == 8


def test_same_url_with_tracking_params_is_one_item(http_server, write_config, registry, db):
    http_server.add("/a", RSS2)
    http_server.add("/b", RSS2.replace("?p=10", "?q=20").replace(
        "/nurses-win/?utm_source=rss&amp;utm_medium=feed", "/nurses-win#comments"))
    config = load_config(write_config(
        f"sources:\n  - {{name: a, plugin: rss, url: '{http_server.url}/a'}}\n"
        f"  - {{name: b, plugin: rss, url: '{http_server.url}/b'}}\n"), registry)
    poll(db, config, registry, names=["a"])
    poll(db, config, registry, names=["b"])
    assert db["items"].count == 2


def test_broken_feed_fails_its_source_only(http_server, write_config, registry, db):
    http_server.add("/ok", RSS2)
    http_server.add("/html", "<!doctype html><html><body>Hello</body></html>",
                    content_type="text/html")
    http_server.add("/gone", "", status=410)
    config = load_config(write_config(
        "sources:\n" + "".join(f"  - {{name: {n}, plugin: rss, url: '{http_server.url}/{n}'}}\n"
                               for n in ("ok", "html", "gone", "missing"))), registry)
    report = poll(db, config, registry)
    errors = {r.name: r.error for r in report.results}
    assert errors["ok"] == ""
    assert errors["html"] == "not a feed: got an HTML page"
    assert errors["gone"].startswith("HTTP 410")
    assert errors["missing"].startswith("HTTP 404")
    assert db["items"].count == 2
