"""Watches over events (`per: event`): one alert per real-world event however many sites and
languages report it, against a real local webhook receiver and real reports of the set."""

from __future__ import annotations

from pathlib import Path

from test_events_store import KOSTENKO, _store
from test_watches import Webhook, write_watches

from monitor.publish.notify import run_watches
from monitor.publish.watches import load_watches
from monitor.store.schema import open_db


def test_an_event_watch_alerts_once_per_event_a_story_watch_per_story(tmp_path: Path) -> None:
    hook = Webhook()
    try:
        config = load_watches(write_watches(tmp_path, f"""
datasette_url: http://monitor.example:8001
watches:
  - name: deaths-by-event
    per: event
    filter: {{event_types: [safety_incident], regions: [central_asia]}}
    notify: ["{hook.url}"]
  - name: deaths-by-story
    filter: {{event_types: [safety_incident], regions: [central_asia]}}
    notify: ["{hook.url}"]
"""))
        db = open_db(tmp_path / "monitor.db")
        run_watches(db, config)  # first sight: start from now
        _store(db, KOSTENKO[:2])  # two Russian reports of the fire, two sites
        first = run_watches(db, config)
        by_event = [p for p in hook.posts if p["title"].startswith("[deaths-by-event]")]
        by_story = [p for p in hook.posts if p["title"].startswith("[deaths-by-story]")]
        assert len(by_event) == 1 and len(by_story) == 2 and first.sent == 3
        event_id = db.execute("SELECT event_id FROM event_reports LIMIT 1").fetchone()[0]
        message = by_event[0]["message"]
        assert f"The event in the monitor: http://monitor.example:8001/monitor/events/{event_id}" \
            in message
        assert "Event: 2 report(s) from 2 source(s) in ru, since 2023-10-28" in message
        _store(db, KOSTENKO[3:5])  # the English and Arabic reports arrive in the next poll
        second = run_watches(db, config)
        assert second.sent == 2  # the story watch: two new stories; the event watch: none
        assert len([p for p in hook.posts if p["title"].startswith("[deaths-by-event]")]) == 1
        db.close()
    finally:
        hook.close()


def test_per_must_be_story_or_event(tmp_path: Path) -> None:
    import pytest

    from monitor.errors import ConfigError

    path = write_watches(tmp_path, 'watches:\n  - name: x\n    per: article\n'
                                   '    notify: ["json://127.0.0.1:1/x"]\n')
    with pytest.raises(ConfigError) as info:
        load_watches(path)
    assert "watches[0] (x).per" in "\n".join(info.value.problems)
