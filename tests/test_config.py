"""sources.yaml validation: every mistake reported together, with its place, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_config, parse_duration
from monitor.errors import ConfigError


def problems(write_config, registry, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(write_config(text), registry)
    return info.value.problems


def test_empty_list_is_valid(write_config, registry):
    config = load_config(write_config("sources: []\n"), registry)
    assert config.sources == []


def test_valid_source_with_options(write_config, registry):
    config = load_config(write_config(
        "sources:\n"
        "  - name: sc\n    plugin: rss\n    url: https://www.solidaritycenter.org/feed/\n"
        "    language: en\n    country: US\n    interval: 2h\n    max_items: 10\n"
    ), registry)
    (source,) = config.sources
    assert source.interval == 7200
    assert config.plugin_options["sc"].max_items == 10


def test_unknown_plugin_suggests_the_right_one(write_config, registry):
    found = problems(write_config, registry,
                     "sources:\n  - name: a\n    plugin: rsss\n    url: https://x.org/feed\n")
    assert any("unknown plugin 'rsss' (did you mean 'rss'?)" in p for p in found)
    assert found[0].startswith("line 3: sources[0] (a).plugin")


def test_all_problems_reported_together_with_lines(write_config, registry):
    text = (
        "sources:\n"
        "  - name: good\n    plugin: rss\n    url: https://a.org/feed\n"          # lines 2-4
        "  - name: good\n    plugin: rss\n    url: https://b.org/feed\n"          # 5-7
        "  - name: Bad Name\n    plugin: rss\n    url: not-a-url\n"               # 8-10
        "  - plugin: rss\n    url: https://c.org/feed\n"                          # 11-12
        "  - name: d\n    plugin: rss\n    url: https://d.org/feed\n    colour: red\n"  # 13-16
        "  - name: e\n    plugin: rss\n    url: https://e.org/feed\n    interval: often\n"
        "  - name: f\n    plugin: rss\n    url: https://f.org/feed\n    country: Kazakhstan\n"
    )
    found = problems(write_config, registry, text)
    joined = "\n".join(found)
    assert "line 5: sources[1] (good).name: duplicate name 'good'" in joined
    assert "line 8: sources[2] (Bad Name).name: must be a slug" in joined
    assert "line 10: sources[2] (Bad Name).url: not a URL: 'not-a-url'" in joined
    assert "line 11: sources[3].name: required field is missing" in joined
    assert "line 16: sources[4] (d).colour: unknown key for plugin 'rss'" in joined
    assert "sources[5] (e).interval: not a duration: 'often'" in joined
    assert "sources[6] (f).country: not an ISO 3166-1 alpha-2 code" in joined
    assert len(found) == 7


def test_yaml_syntax_error_has_line(write_config, registry):
    found = problems(write_config, registry, "sources:\n  - name: a\n   plugin: [\n")
    assert found[0].startswith("line ") and "not valid YAML" in found[0]


@pytest.mark.parametrize("text, message", [
    ("- a\n- b\n", "the top level must be a mapping"),
    ("source: []\n", "unknown top-level key 'source'"),
    ("sources: 3\n", "'sources' must be a list"),
    ("sources:\n  - just a string\n", "must be a mapping with name, plugin and url"),
])
def test_shapes(write_config, registry, text, message):
    assert any(message in p for p in problems(write_config, registry, text))


def test_missing_file(tmp_path, registry):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml", registry)


def test_durations():
    assert parse_duration("30m") == 1800
    assert parse_duration("1d") == 86400
    assert parse_duration(90) == 90
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_repository_sources_yaml_is_valid(registry):
    config = load_config(Path(__file__).resolve().parent.parent / "sources.yaml", registry)
    assert config.sources


def test_cli_reports_config_errors_without_traceback(cli_run, write_config):
    path = write_config("sources:\n  - name: a\n    plugin: rsss\n    url: https://x.org/f\n")
    result = cli_run("sources", config=path)
    assert result.exit_code == 2
    assert "did you mean 'rss'?" in result.output
    assert "Traceback" not in result.output


def test_a_big_file_is_parsed_once_and_every_edit_is_seen(write_config, registry, tmp_path,
                                                          monkeypatch):
    monkeypatch.setenv("MONITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MONITOR_NO_CACHE", raising=False)
    entries = [f"  - {{name: s{i}, plugin: rss, url: 'https://example.org/feed/{i}', "
               f"language: en, interval: 2h}}" for i in range(3000)]
    text = "sources:\n" + "\n".join(entries) + "\n"
    first = load_config(write_config(text), registry)
    assert list((tmp_path / "cache" / "yaml").glob("*.marshal"))
    again = load_config(write_config(text), registry)
    assert [s.model_dump() for s in again.sources] == [s.model_dump() for s in first.sources]
    assert again.sources[2999].interval == 7200
    # an edit is a new text: parsed afresh, and its mistake still points at its line
    edited = text.replace("name: s10,", "name: s10, max_itemz: 3,")
    assert problems(write_config, registry, edited) == problems(write_config, registry, edited)
    (problem,) = problems(write_config, registry, edited)
    assert problem.startswith("line 12: sources[10] (s10).max_itemz: unknown key")
