"""Tagging: event types, places, sectors, figures, evidence, bad input, lexicon schema."""

from __future__ import annotations

from monitor.tagging import EVENT_TYPES, SECTORS, Tags, tag_text


def test_public_surface():
    assert "strike" in EVENT_TYPES and "fishing" in SECTORS
    t = tag_text("Miners strike", "", "en")
    assert isinstance(t, Tags) and t.to_dict()["event_types"] == ["strike"]
