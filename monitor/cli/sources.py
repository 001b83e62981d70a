"""Commands for adding and confirming sources: add, import-opml, sources --opml, check-source --all.

Thin: options and messages here; discovery in monitor/parse/discover.py, OPML in
monitor/parse/opml.py, the fetching and checking in monitor/kit/add.py, writing sources.yaml in
monitor/kit/sources_file.py. ``add_commands(cli)`` is called once from cli.py.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import click

from monitor.cli.base import print_record, user_errors
from monitor.errors import ConfigError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SHOW_RECORDS = 3


def _config_or_empty(state: Any) -> Any:
    """The configured sources, or none when the file does not exist yet (add creates it)."""
    from monitor.config import Config

    if not state.config_path.exists():
        return Config(path=state.config_path)
    return state.config()


def _entries(config: Any) -> list[dict[str, Any]]:
    from monitor.kit.plugin_kit import source_entry

    return [source_entry(s, config.plugin_options[s.name]) for s in config.sources]


def _newest(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: str(r.get("published") or ""), reverse=True)


def _languages(records: list[dict[str, Any]]) -> str:
    from collections import Counter

    counted = Counter(str(r.get("language") or "?") for r in records)
    return ", ".join(f"{lang} {n}" for lang, n in counted.most_common(3)) or "-"


def _country(text: str) -> str:
    """An ISO 3166-1 alpha-2 code that exists ("kz" -> "KZ"), or "" for "-"."""
    import pycountry

    code = text.strip().upper()
    if code in ("", "-"):
        return ""
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise click.BadParameter(f"{text.strip()!r} is not an ISO 3166-1 alpha-2 country code "
                                 "(e.g. KZ, AM, PK)")
    return code


def _show_trial(number: int, trial: Any) -> None:

    mark = "ok  " if trial.works else "FAIL"
    click.echo(f"[{number}] {mark} {trial.entry['plugin']:10} {trial.entry['url']}")
    click.echo(f"         found as: {trial.candidate.how}"
               + (f" ({trial.candidate.title})" if trial.candidate.title else ""))
    if not trial.works:
        click.echo(f"         {trial.summary}")
        return
    records = trial.result.records
    relevant = sum(1 for r in records if r.get("relevant"))
    dated = sum(1 for r in records if r.get("published"))
    click.echo(f"         would store {len(records)} item(s), {dated} dated, {relevant} about "
               f"labour events; languages: {_languages(records)}")
    if trial.entry["plugin"] == "html_list":
        for key, value in trial.entry.items():
            if key not in ("name", "plugin", "url"):
                click.echo(f"         {key}: {value}")
    for record in _newest(records)[:SHOW_RECORDS]:
        print_record(record)
    for warning in trial.result.warnings[:3]:
        click.echo(f"  warning: {warning}")


def add_commands(cli: click.Group) -> None:
    """Register this module's commands on the `monitor` group."""

    @cli.command()
    @click.argument("url")
    @click.option("--name", help="The source's name (a slug) [default: from the address].")
    @click.option("--yes", is_flag=True,
                  help="Take the first working candidate and the guessed language and country.")
    @click.option("--language", help="The language the source publishes in [default: guessed].")
    @click.option("--country", help="ISO 3166-1 alpha-2 code [default: guessed].")
    @click.option("--tag", "tags", multiple=True, help="A tag for the source (repeatable).")
    @click.option("--disabled", is_flag=True, help="Write it with enabled: false.")
    @click.option("--dry-run", is_flag=True, help="Show the entry; write nothing.")
    @click.pass_obj
    def add(state: Any, url: str, name: str | None, yes: bool, language: str | None,
            country: str | None, tags: tuple[str, ...], disabled: bool, dry_run: bool) -> None:
        """Find how to read URL (its feeds, its CMS's feed, or its list blocks) and add it.

        Every candidate is tried as check-source tries a source (nothing is stored): what it
        would store is shown, and the chosen one is written to the end of sources.yaml, keeping
        the file's comments and order. Exit status 1 when nothing on the page works.
        """
        from monitor.kit.add import (
            MAX_TRIALS,
            explore,
            final_entry,
            guess_country_of,
            guess_language,
        )
        from monitor.kit.sources_file import append_sources
        from monitor.parse.discover import slug_for
        from monitor.parse.opml import feed_key

        if not url.startswith(("http://", "https://")):
            url = "https://" + url
        with user_errors():
            config = _config_or_empty(state)
            known = {feed_key(s.url): s.name for s in config.sources}
            if feed_key(url) in known:
                click.echo(f"{url} is already configured as {known[feed_key(url)]!r}; "
                           "nothing added")
                return
            click.echo(f"fetching {url} ...", err=True)
            found = asyncio.run(explore(url, state.registry))
        for number, trial in enumerate(found.trials, start=1):
            _show_trial(number, trial)
        if found.skipped:
            click.echo(f"{found.skipped} more address(es) were not tried (at most "
                       f"{MAX_TRIALS} per page)")
        for candidate in found.telegram:
            click.echo(f"also: the page links the Telegram channel {candidate.url}; "
                       f"add it with `monitor add {candidate.url}`")
        working = found.working
        if not working:
            tried = len(found.trials)
            click.echo(f"error: nothing on {url} could be read ({tried} candidate(s) tried"
                       + ("" if found.proposal else "; no repeated list of links found") + ")",
                       err=True)
            sys.exit(EXIT_FAILED)
        chosen = working[0]
        if len(working) > 1 and not yes:
            numbers = [found.trials.index(t) + 1 for t in working]
            pick = click.prompt("add which one", type=click.Choice([str(n) for n in numbers]),
                                default=str(numbers[0]))
            chosen = found.trials[int(pick) - 1]
        assert chosen.result is not None
        records = chosen.result.records
        if country is not None:
            try:
                country = _country(country) or None
            except click.BadParameter as exc:
                click.echo(f"error: --country: {exc.message}", err=True)
                sys.exit(EXIT_USAGE)
        guessed_language = language or guess_language(records)
        guessed_country = country or guess_country_of(found.final_url, records)
        if not yes:  # the guesses are the defaults; "-" means none
            if language is None:
                answer = click.prompt("language (- for none)", default=guessed_language or "-")
                guessed_language = None if answer.strip() in ("", "-") else answer.strip()
            if country is None:
                guessed_country = click.prompt("country, an ISO code (- for none)",
                                               default=guessed_country or "-",
                                               value_proc=_country) or None
        else:
            click.echo(f"language: {guessed_language or '-'} (guessed from {len(records)} "
                       f"item(s)), country: {guessed_country or '-'}")
        taken = {s.name for s in config.sources}
        entry = final_entry(chosen, name or slug_for(url, taken), guessed_language,
                            guessed_country, list(tags),
                            enabled=not disabled)
        if feed_key(entry["url"]) in known:
            click.echo(f"{entry['url']} is already configured as {known[feed_key(entry['url'])]!r};"
                       " nothing added")
            return
        if dry_run:
            from monitor.kit.sources_file import entry_yaml

            click.echo("would add:\n" + entry_yaml(entry).rstrip())
            return
        with user_errors():
            append_sources(state.config_path, [entry], state.registry)
        click.echo(f"added {entry['name']} ({entry['plugin']}) to {state.config_path}; poll it "
                   f"with `monitor poll --source {entry['name']}`")

    @cli.command(name="import-opml")
    @click.argument("file", type=click.Path(dir_okay=False, exists=True))
    @click.option("--dry-run", is_flag=True, help="Report what would be added; write nothing.")
    @click.pass_obj
    def import_opml(state: Any, file: str, dry_run: bool) -> None:
        """Add the feeds of another reader's OPML export (or our own) to sources.yaml.

        Feeds already configured are reported as duplicates and left alone; entries that are
        not web addresses or do not validate are reported and skipped. Exit status 1 if any
        entry was bad.
        """
        from monitor.kit.sources_file import append_sources, check_entries
        from monitor.parse.discover import slug_for
        from monitor.parse.opml import plan_import, read_opml

        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            click.echo(f"error: cannot read {file}: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        with user_errors():
            config = _config_or_empty(state)
        opml = read_opml(data)
        plan = plan_import(opml, [(s.name, s.url) for s in config.sources], Path(file).name,
                           slug_for)
        good: list[dict[str, Any]] = []
        for entry in plan.entries:
            checked, problems = check_entries([entry], state.registry, Path(file))
            if checked is None:
                for problem in problems:
                    plan.problems.append(f"{entry['url']}: {problem.split(': ', 1)[-1]}")
                continue
            good.append(entry)
        for duplicate in plan.duplicates:
            click.echo(f"duplicate: {duplicate}")
        for problem in plan.problems:
            click.echo(f"skipped: {problem}", err=True)
        if good and not dry_run:
            with user_errors():
                append_sources(state.config_path, good, state.registry)
        verb = "would add" if dry_run else "added"
        click.echo(f"{verb} {len(good)} source(s) to {state.config_path}: "
                   + (", ".join(e["name"] for e in good) or "none")
                   + f"; {len(plan.duplicates)} duplicate(s), {len(plan.problems)} skipped")
        sys.exit(EXIT_FAILED if plan.problems else EXIT_OK)


def print_opml(state: Any) -> None:
    """`monitor sources --opml`: every configured source, enabled or not, as OPML 2.0."""
    from monitor.parse.opml import write_opml

    config = state.config()
    feed_plugins = {name for name, info in state.registry.source_types.items()
                    if _reads_a_feed(info.cls)}
    click.echo(write_opml(_entries(config), feed_plugins=feed_plugins), nl=False)


def _reads_a_feed(cls: type) -> bool:
    from monitor.default_plugins.rss import RssSource

    return issubclass(cls, RssSource)


def check_all(state: Any, as_json: bool, concurrency: int = 4) -> None:
    """`monitor check-source --all`: every enabled source at once, one table row each."""
    from monitor.kit.plugin_kit import check_source

    try:
        config = state.config()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    sources = [s for s in config.sources if s.enabled]
    if not sources:
        click.echo(f"no enabled sources in {state.config_path}")
        return

    async def run() -> list[Any]:
        limit = asyncio.Semaphore(concurrency)

        async def one(source: Any) -> Any:
            async with limit:
                return await check_source(source, config.plugin_options[source.name],
                                          state.registry)

        return await asyncio.gather(*(one(s) for s in sources))

    click.echo(f"checking {len(sources)} enabled source(s) ...", err=True)
    results = asyncio.run(run())
    rows = []
    for source, result in zip(sources, results, strict=True):
        records = result.records
        newest = _newest(records)
        rows.append({
            "name": source.name, "plugin": source.plugin, "status": result.status,
            "error": result.error, "items": len(records),
            "dated": sum(1 for r in records if r.get("published")),
            "relevant": sum(1 for r in records if r.get("relevant")),
            "languages": _languages(records) if records else "-",
            "newest": str(newest[0].get("published") or "")[:10] if newest else "",
            "newest_title": str(newest[0].get("title") or "") if newest else "",
            "warnings": len(result.warnings),
        })
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        _table(rows)
    failed = [r for r in rows if r["status"] != "ok"]
    click.echo(f"{len(rows) - len(failed)} of {len(rows)} source(s) work; nothing stored",
               err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _table(rows: list[dict[str, Any]]) -> None:
    header = ["name", "plugin", "result", "items", "dated", "relevant", "languages", "newest"]
    lines = []
    for row in rows:
        result = "ok" if row["status"] == "ok" else "FAIL"
        lines.append([row["name"], row["plugin"], result, str(row["items"]), str(row["dated"]),
                      str(row["relevant"]), row["languages"], row["newest"] or "-"])
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    for cells in [header, *lines]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    for row in rows:
        if row["status"] != "ok":
            click.echo(f"  {row['name']}: {row['error']}")

