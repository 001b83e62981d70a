"""``monitor add URL``: from a site's address to a checked sources.yaml entry.

The flow, each step shown to the person:

    fetch the page (the shared Fetcher: robots.txt, size caps, SSRF rules, the URL's own host)
      |-- it is a feed already ------------------> try it as `rss`
      |-- it is a Telegram channel --------------> try it as `telegram`
      '-- an HTML page: the feeds it declares or links (monitor.parse.discover), tried in turn;
          none works -> its CMS's usual feed addresses; none works -> an `html_list` proposal
          from the page's repeated link blocks
    every candidate runs as check-source runs it (nothing stored): count, titles, language, tags
    language and country guessed from what the working candidate would store

Discovery itself is pure (monitor/parse/discover.py); this module only fetches and checks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from monitor.errors import FetchError, MonitorError, SourceError
from monitor.fetch import Fetcher, Response
from monitor.kit.plugin_kit import CheckResult, check_source
from monitor.kit.sources_file import check_entries
from monitor.parse.discover import (
    FeedCandidate,
    ListProposal,
    discover_feeds,
    guess_country,
    majority,
    propose_html_list,
    telegram_links,
    telegram_preview,
)
from monitor.parse.feeds import parse_feed

PROBE_NAME = "candidate"
MAX_TRIALS = 8
"""At most this many addresses are tried per page: a page listing a thousand "feeds" must not
make us fetch a thousand addresses from someone's server."""


@dataclass
class Trial:
    """One candidate tried as a source: the entry it would be and what it would store."""

    candidate: FeedCandidate
    entry: dict[str, Any]
    result: CheckResult | None = None
    problem: str = ""

    @property
    def works(self) -> bool:
        return self.result is not None and self.result.status == "ok" and bool(
            self.result.records)

    @property
    def summary(self) -> str:
        if self.problem:
            return self.problem
        assert self.result is not None
        if self.result.status != "ok":
            return self.result.error
        if not self.result.records:
            return "no items"
        return f"{len(self.result.records)} item(s)"


@dataclass
class Exploration:
    url: str
    final_url: str
    trials: list[Trial] = field(default_factory=list)
    proposal: ListProposal | None = None
    telegram: list[FeedCandidate] = field(default_factory=list)
    skipped: int = 0
    """Candidates beyond MAX_TRIALS, not tried."""

    @property
    def working(self) -> list[Trial]:
        return [t for t in self.trials if t.works]


def _entry(candidate: FeedCandidate, options: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": PROBE_NAME, "plugin": candidate.plugin, "url": candidate.url,
            **(options or {})}


def _is_feed(response: Response) -> bool:

    try:
        feed = parse_feed(response.content, response.final_url, response.content_type,
                          response.declared_charset)
    except SourceError:
        return False
    return bool(feed.entries) or feed.kind != "unknown"


async def _try(trial: Trial, registry: Any, page: Fetcher | None = None) -> Trial:
    """Check one candidate. ``page``: the fetcher bound to the page it was found on; an address
    on another host must then be public (a page cannot point us at a private address)."""

    if page is not None:

        try:
            await page._check_url(httpx.URL(trial.entry["url"]))
        except FetchError as exc:
            trial.problem = str(exc)
            return trial
    if trial.entry["plugin"] not in registry.source_types:
        trial.problem = f"needs the {trial.entry['plugin']!r} plugin, which is not loaded"
        return trial
    config, problems = check_entries([trial.entry], registry, Path("(candidate)"))
    if config is None:
        trial.problem = "; ".join(problems)
        return trial
    source = config.sources[0]
    trial.result = await check_source(source, config.plugin_options[source.name], registry)
    return trial


async def explore(url: str, registry: Any) -> Exploration:
    """Fetch ``url`` and try every way of reading it; MonitorError if it cannot be fetched."""
    preview = telegram_preview(url)
    if preview:  # t.me/NAME is a landing page; the channel's posts are at t.me/s/NAME
        url = preview
    async with Fetcher() as fetcher:
        view = fetcher.for_source(url)
        try:
            page = await view.get(url)
        except FetchError as exc:
            raise MonitorError(f"{url}: {exc}") from None
        view = fetcher.for_source(page.final_url)
        return await _explore_page(url, page, view, registry)


async def _explore_page(url: str, page: Response, view: Fetcher, registry: Any) -> Exploration:
    found = Exploration(url, page.final_url)
    if _is_feed(page):
        found.trials.append(await _try(Trial(FeedCandidate(url, "the address is a feed"),
                                             _entry(FeedCandidate(url, ""))), registry))
        return found
    html = page.text()
    candidates = discover_feeds(html, page.final_url)
    if url != page.final_url and candidates and candidates[0].plugin == "telegram":
        candidates = [FeedCandidate(url, candidates[0].how, plugin="telegram")]
    found.telegram = [c for c in telegram_links(html, page.final_url)
                      if c.url not in {d.url for d in candidates}]
    declared = [c for c in candidates if not c.how.startswith(("WordPress", "Joomla", "Drupal",
                                                                 "Blogger"))]
    guessed = [c for c in candidates if c not in declared]
    for group in (declared, guessed):
        for candidate in group:
            if len(found.trials) >= MAX_TRIALS:
                found.skipped += 1
                continue
            found.trials.append(await _try(Trial(candidate, _entry(candidate)), registry, view))
        if found.working:
            return found
    proposal = propose_html_list(html, page.final_url)
    found.proposal = proposal
    if proposal is not None:
        candidate = FeedCandidate(url, "html_list from the page's repeated link blocks",
                                  plugin="html_list")
        found.trials.append(await _try(Trial(candidate, _entry(candidate, proposal.options)),
                                       registry))
    return found


def guess_language(records: list[dict[str, Any]]) -> str | None:
    """The language most of the items are in (as the poll would tag them)."""
    return majority([r.get("language") for r in records])


def guess_country_of(url: str, records: list[dict[str, Any]]) -> str | None:
    """The country of a country-code domain, else the country most items are about."""
    host = urlsplit(url).netloc.split(":")[0]
    by_domain = guess_country(host) if not re.fullmatch(r"[\d.]+", host) else None
    if by_domain:
        return by_domain
    firsts: list[str | None] = []
    for record in records:
        countries = record.get("countries") or []
        if isinstance(countries, str):

            try:
                countries = json.loads(countries)
            except ValueError:
                countries = []
        firsts.append(str(countries[0]) if countries else None)
    return majority(firsts)


def final_entry(trial: Trial, name: str, language: str | None, country: str | None,
                tags: list[str] | None = None, enabled: bool = True) -> dict[str, Any]:
    """The entry to write: the tried candidate under its real name, with where it came from."""
    entry = {**trial.entry, "name": name}
    if language:
        entry["language"] = language
    if country:
        entry["country"] = country
    if tags:
        entry["tags"] = list(tags)
    if not enabled:
        entry["enabled"] = False
    today = dt.date.today().isoformat()
    count = len(trial.result.records) if trial.result else 0
    entry["note"] = (f"added by `monitor add` on {today} ({trial.candidate.how}; "
                     f"{count} item(s) when checked)")
    return entry
