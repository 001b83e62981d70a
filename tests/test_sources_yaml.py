"""The shipped sources.yaml and data/demo/sources.yaml validate, and docs/sources.md describes
exactly the sources that sources.yaml lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.kit.demo import PLACEHOLDER

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources.yaml"
DOC = ROOT / "docs" / "sources.md"
SEED_SOURCES = {"solidarity-center", "fprk-kz", "fprk-ru", "fprk-en", "unodc-centralasia-en",
                "unodc-centralasia-ru"}
GLOBAL_UNIONS = ["industriall-union.org", "ituc-csi.org", "bwint.org", "iuf.org",
                 "itfglobal.org", "uniglobalunion.org", "publicservices.international",
                 "ei-ie.org", "ifj.org"]
REGIONS = {"central-asia", "south-asia", "iran", "southeast-asia", "latin-america"}


@pytest.fixture(scope="module")
def config():
    from monitor.plugins import load_plugins

    registry = load_plugins(ROOT / "plugins", entry_points=False)
    assert not registry.errors
    return load_config(SOURCES, registry)


def test_cli_lists_the_shipped_sources(cli_run):
    result = cli_run("sources", config=SOURCES)
    assert result.exit_code == 0, result.output
    assert "solidarity-center" in result.output and "unodc-centralasia-ru" in result.output


def test_seed_sites_and_enough_real_sources(config):
    names = {s.name for s in config.sources}
    assert SEED_SOURCES <= names
    assert len(names - SEED_SOURCES) >= 25
    urls = " ".join(s.url for s in config.sources)
    for host in GLOBAL_UNIONS + ["ilo.org", "labourstart.org", "equaltimes.org",
                                 "labornotes.org", "business-humanrights.org"]:
        assert host in urls, host
    assert REGIONS <= {s.region for s in config.sources}


def test_every_source_is_described(config):
    for source in config.sources:
        assert source.language and re.fullmatch(r"[a-z]{2,3}", source.language), source.name
        assert source.region, source.name
        assert source.tags, source.name
    for source in config.sources:
        if not source.enabled:  # a disabled source says why
            assert source.note and source.note.startswith("unconfirmed"), source.name


def doc_rows() -> dict[str, list[str]]:
    rows = {}
    section = DOC.read_text(encoding="utf-8").split("## All sources", 1)[1]
    for line in section.splitlines():
        match = re.match(r"\| `([a-z0-9_.-]+)`", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in line.strip("|").split("|")]
    return rows


def test_docs_table_matches_sources_yaml(config):
    rows = doc_rows()
    assert set(rows) == {s.name for s in config.sources}
    for source in config.sources:
        name, how, language, country, region, confirmed, url = rows[source.name]
        assert ("(disabled)" in name) == (not source.enabled), source.name
        assert f"`{source.plugin}`" in how, source.name
        assert ("full_text" in how) == source.full_text, source.name
        assert language == source.language and region == source.region, source.name
        assert country == (source.country or "—"), source.name
        unconfirmed = bool(source.note and source.note.startswith("unconfirmed"))
        assert confirmed == ("no" if unconfirmed else "yes"), source.name
        assert url == f"<{source.url}>", source.name


def test_demo_sources_validate_and_point_at_the_demo_server():
    from monitor.plugins import load_plugins

    registry = load_plugins(ROOT / "plugins", entry_points=False)
    path = ROOT / "data" / "demo" / "sources.yaml"
    assert all(
        line.split("url:", 1)[1].strip().strip('"').startswith(PLACEHOLDER)
        for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("url:")
    )
    demo = load_config(path, registry, {PLACEHOLDER: "http://127.0.0.1:1"})
    assert {s.language for s in demo.sources} >= {"en", "ru", "kk"}
    plugins = {s.plugin for s in demo.sources}
    assert {"solidarity_center", "html_list", "telegram", "unodc_centralasia"} <= plugins
