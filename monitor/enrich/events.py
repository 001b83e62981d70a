"""Events: one row per real-world strike, protest or disaster, its reports joined across sites
and languages without translating them.

Stories (monitor.store.stories) join reports that share text. An event also joins reports that share
nothing but what can be compared without translation:

* place ids from the tagger (gazetteer `g:` and GeoNames `c:` ids, not strings) and the
  first-level region they lie in;
* the country, the event type, the date (an ISO week, within a window after the latest report);
* the death toll;
* names of organisations, people and mines as consonant skeletons that read alike in any script
  (`monitor.enrich.translit`: Костенко = Kostenko = كوستينكو);
* site-declared translations, and the story the report already joined.

Precision first. A join needs an anchor (a place, a name, the same toll, a translation link or
the same story); a country, a date or a place that disagrees vetoes it; a protest that follows an
accident is an event of its own. An event's figures are reconciled across its reports: the latest
stated value, the larger on the same day, every report's value kept as evidence.

This module is pure: the store keeps events and their index (`index_keys`, `lookup_keys`) and
calls `choose` for each new item. See docs/events.md for the codebook.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monitor.enrich.regions import geonames_cities, region_code
from monitor.enrich.tagging import known_places
from monitor.enrich.translit import Names, names

ACTIONS = frozenset({"strike", "protest"})
INCIDENTS = frozenset({"safety_incident"})
RELATED = frozenset({frozenset(("repression", "protest")), frozenset(("repression", "strike"))})
LOCAL = ("site", "town")  # precisions that pin an event down
# days after an event's latest report in which a new report may still be about it
# "the strike entered its 43rd day", the last bodies found after three weeks: at the same town
# or site an event goes on as long as reports keep coming at most this many days apart
WINDOW_SAME_PLACE = 21
WINDOW = 7  # otherwise: a national strike a fortnight later is another strike
EARLY = 7  # days before an event's first report (a report published late about its first day)
NEAR_DAYS = 3
MIN_SCORE = 3
MIN_SCORE_UNDATED = 5  # a report without a date must agree on more, the toll among it
REGION_KM = 150  # a gazetteer place lies in the region of the nearest GeoNames city this close
MIN_TOLL = 3  # one or two dead is too common a toll to say "the same accident"
KEY_HORIZON = 35  # days: an event found by a key its reports last named this long ago
NAME_KEYS = 16  # names of a report (the longest of each kind) it is indexed and looked up by


@dataclass(frozen=True)
class Report:
    """What an item says that can be compared without translating it."""

    key: str
    url: str = ""
    translation_urls: frozenset[str] = frozenset()
    published: dt.date | None = None
    event_types: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    place: str | None = None  # the tagger's most precise place id
    precision: str | None = None
    places: frozenset[str] = frozenset()  # every place id the text names
    regions: frozenset[str] = frozenset()  # "KZ-12": country and first-level region
    killed: int | None = None
    injured: int | None = None
    workers: int | None = None
    names: Names = field(default_factory=lambda: Names(frozenset(), frozenset()))

    @property
    def local_place(self) -> str | None:
        return self.place if self.precision in LOCAL else None


@dataclass(frozen=True)
class Decision:
    join: bool
    score: int
    reasons: tuple[str, ...]


def _json(value: Any, default: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value) if value else default
        except ValueError:
            return default
    return default if value is None else value


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@functools.cache
def _place_index() -> tuple[dict[tuple[str, str], tuple[str, ...]], dict[str, str]]:
    """(country, place name) -> place ids, and place id -> region ("KZ-12")."""
    places = known_places()
    by_name: dict[tuple[str, str], list[str]] = {}
    for pid, p in places.items():
        by_name.setdefault((p.country, p.place), []).append(pid)
    cities = geonames_cities()
    regions: dict[str, str] = {}
    towns: dict[str, list[tuple[float, float, str]]] = {}
    for pid, p in places.items():
        if pid.startswith("c:"):
            city = cities.get(pid[2:])
            if city and city.get("admin1code"):
                regions[pid] = f"{p.country}-{city['admin1code']}"
                towns.setdefault(p.country, []).append((p.latitude or 0, p.longitude or 0,
                                                        regions[pid]))
    for pid, p in places.items():
        if pid.startswith("g:") and p.latitude is not None and p.longitude is not None:
            near = [(_km(p.latitude, p.longitude, lat, lon), region)
                    for lat, lon, region in towns.get(p.country, [])]
            best = min(near, default=None)
            if best is not None and best[0] <= REGION_KM:
                regions[pid] = best[1]
    return {k: tuple(v) for k, v in by_name.items()}, regions


@dataclass(frozen=True)
class PlaceInfo:
    """What the codebook says of an event's place: its name, region and coordinates."""

    id: str
    name: str
    country: str
    region: str | None
    latitude: float | None
    longitude: float | None


def place_info(place_id: str | None) -> PlaceInfo | None:
    """The gazetteer's or GeoNames' record of a place id, with its first-level region as an
    ISO 3166-2 code where one is known (`regions.region_code`: KZ-35, else ZA.02)."""
    place = known_places().get(place_id or "")
    if place is None or place_id is None:
        return None
    geonames = _place_index()[1].get(place_id)  # "KZ-12": GeoNames' admin1, what joining compares
    region = (region_code(*geonames.split("-", 1)) if geonames
              else place_id[2:] if place_id.startswith("r:") else None)
    return PlaceInfo(place_id, place.place, place.country, region, place.latitude,
                     place.longitude)


def _major(place_id: str | None) -> bool:
    """A capital or a city of a million: many workplaces, many events at once."""
    place = known_places().get(place_id or "")
    return bool(place and place.major)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def _evidence_places(evidence: Mapping[str, Any]) -> tuple[list[tuple[str, str]], set[str]]:
    """(country, place name) pairs, and the words that named a country (no clue to an event;
    a town's name is one, in any script: Амасра = Amasra)."""
    found, surfaces = [], set()
    for key, lines in evidence.items():
        if not key.startswith("country:"):
            continue
        code = key.split(":", 1)[1]
        for line in lines or ():
            source, _, rest = str(line).partition(": ")
            surface, arrow, name = rest.partition(" -> ")
            if arrow and source in ("gazetteer", "geonames"):
                found.append((code, name))
            elif not arrow:
                surfaces.update(surface.split())
    return found, surfaces


def _title_for_names(title: str, text: str) -> str:
    """A headline in title case ("Samsung Strike Reaches Tenth Day") capitalises every word:
    only the words the body capitalises too are names."""
    words = [w for w in title.split() if w[:1].isalpha()]
    if len(words) < 4 or sum(w[:1].isupper() for w in words) < 0.6 * len(words):
        return title
    return " ".join(w for w in words if w in text)


def report_from_item(item: Mapping[str, Any]) -> Report:
    """A stored item (a row of `items`, or the `monitor tag` output with url and dates) as a
    Report. Reads the tagger's evidence; the text is not tagged again."""
    evidence = _json(item.get("tag_evidence"), {}) or {}
    by_name, regions = _place_index()
    named, surfaces = _evidence_places(evidence)
    countries = frozenset(str(c) for c in _json(item.get("countries"), []))
    ids: set[str] = set()
    for code, name in named:
        ids.update(by_name.get((code, name), ()))
    best = None
    place_name, precision = item.get("place"), item.get("geo_precision")
    if place_name and precision in ("site", "town", "region"):
        matches = [pid for code in countries for pid in by_name.get((code, str(place_name)), ())]
        best = next((pid for pid in matches if pid in ids), matches[0] if matches else None)
        if best:
            ids.add(best)
    title, text = str(item.get("title") or ""), str(item.get("text") or "")
    return Report(
        key=str(item.get("id") or item.get("key") or ""),
        url=str(item.get("canonical_url") or item.get("url") or ""),
        translation_urls=frozenset(str(u) for u in _json(item.get("translation_urls"), [])),
        published=_date(item.get("published")),
        event_types=frozenset(str(t) for t in _json(item.get("event_types"), [])),
        countries=countries,
        place=best, precision=str(precision) if best else None,
        places=frozenset(ids),
        # a region id ("r:KZ-35", the tagger's first-level regions) is its own region
        regions=frozenset(regions[p] if p in regions else p[2:] for p in ids
                          if p in regions or p.startswith("r:")),
        killed=_int(item.get("killed")), injured=_int(item.get("injured")),
        workers=_int(item.get("workers_involved")),
        names=names(_title_for_names(title, text) + "\n" + text, frozenset(surfaces)),
    )


@dataclass
class Event:
    """An event as its reports so far describe it: the union of their keys."""

    reports: list[Report] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    local_places: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    event_types: set[str] = field(default_factory=set)
    cased: set[str] = field(default_factory=set)
    caseless: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    translation_urls: set[str] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None

    def add(self, report: Report) -> None:
        self.reports.append(report)
        self.countries |= report.countries
        self.places |= report.places
        if report.local_place:
            self.local_places.add(report.local_place)
        self.regions |= report.regions
        self.event_types |= report.event_types
        self.cased |= report.names.cased
        self.caseless |= report.names.caseless
        if report.url:
            self.urls.add(report.url)
        self.translation_urls |= report.translation_urls
        if report.published:
            self.first = min(filter(None, [self.first, report.published]))
            self.last = max(filter(None, [self.last, report.published]))

    @property
    def names(self) -> Names:
        return Names(frozenset(self.cased), frozenset(self.caseless))

    def figures(self) -> dict[str, int | None]:
        """Each figure as its latest report states it (the larger of one day's values)."""
        out: dict[str, int | None] = {}
        for name in ("killed", "injured", "workers"):
            stated = [(r.published or dt.date.min, value) for r in self.reports
                      if (value := getattr(r, name)) is not None]
            out[name] = max(stated)[1] if stated else None
        return out

    def to_json(self) -> str:
        """The event's keys and its reports' comparable facts, for the `events.join_keys`
        column: what `decide` needs, without the reports' texts."""
        reports = [{"key": r.key, "published": r.published.isoformat() if r.published else None,
                    "place": r.place, "precision": r.precision, "killed": r.killed,
                    "injured": r.injured, "workers": r.workers} for r in self.reports]
        keys = {name: sorted(getattr(self, name)) for name in (
            "countries", "places", "local_places", "regions", "event_types", "cased",
            "caseless", "urls", "translation_urls")}
        return json.dumps({"reports": reports, **keys,
                           "first": self.first.isoformat() if self.first else None,
                           "last": self.last.isoformat() if self.last else None},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Event:
        data = json.loads(text)
        event = cls()
        for name in ("countries", "places", "local_places", "regions", "event_types", "cased",
                     "caseless", "urls", "translation_urls"):
            setattr(event, name, set(data[name]))
        event.reports = [Report(key=r["key"], published=_date(r["published"]), place=r["place"],
                                precision=r["precision"], killed=r["killed"],
                                injured=r["injured"], workers=r["workers"])
                         for r in data["reports"]]
        event.first, event.last = _date(data["first"]), _date(data["last"])
        return event

    def evidence(self) -> dict[str, list[tuple[str, int]]]:
        """Every report's value of every figure, for the record."""
        return {name: [(r.key, v) for r in self.reports if (v := getattr(r, name)) is not None]
                for name in ("killed", "injured", "workers")}


def _name_keys(report: Report) -> list[str]:
    out: list[str] = []
    for kind in (report.names.cased, report.names.caseless):
        out += sorted(kind, key=lambda s: (-len(s), s))[:NAME_KEYS]
    return [f"n:{s}" for s in sorted(set(out))]


def index_keys(report: Report) -> list[str]:
    """Keys under which an event is found once this report has joined it: one per anchor a
    later report can share with it (`decide` joins nothing without one): its places, its
    longest names, its death toll, its address and the translations it names."""
    keys = [f"p:{p}" for p in sorted(report.places)] + _name_keys(report)
    if report.killed is not None and report.killed >= MIN_TOLL:
        keys.append(f"k:{report.killed}")
    return keys + [f"u:{u}" for u in sorted({report.url, *report.translation_urls} - {""})]


def lookup_keys(report: Report) -> list[str]:
    """Keys to look a report's candidate events up by: every event an allowed join can reach
    shares one of them, so a store reads a few short lists (the events of each in the report's
    window: `key_window`), never a scan."""
    return index_keys(report)


def key_window(report: Report) -> tuple[dt.date, dt.date] | None:
    """The dates a key of an event this report may join was last indexed on (the event's
    latest report then): the joining window, widened to KEY_HORIZON for keys an event's later
    reports did not repeat and for reports that arrive late. None for an undated report."""
    if report.published is None:
        return None
    reach = dt.timedelta(days=max(WINDOW_SAME_PLACE, KEY_HORIZON))
    return report.published - reach, report.published + reach


def _same_place(report: Report, event: Event) -> bool:
    local = report.local_place
    return bool((local and local in event.places) or event.local_places & report.places)


def _window(report: Report, event: Event) -> int:
    return WINDOW_SAME_PLACE if _same_place(report, event) else WINDOW


def _kind_clash(report: Report, event: Event) -> bool:
    """A protest or strike is not the accident it protests, nor the other way round."""
    def kind(types: Iterable[str]) -> str | None:
        types = set(types)
        if types & ACTIONS:
            return "action"
        return "incident" if types & INCIDENTS else None
    a, b = kind(report.event_types), kind(event.event_types)
    return a is not None and b is not None and a != b


def _related(a: Iterable[str], b: Iterable[str]) -> bool:
    """Workers' action and the force used against it are told of as one event: the police
    beating protesters at a plant is the protest's news (RELATED pairs)."""
    return any(frozenset((x, y)) in RELATED for x in a for y in b)


def decide(report: Report, event: Event, same_story: bool = False) -> Decision:
    """Does this report tell of this event? Precision first: vetoes, then an anchor and a
    score of what agrees."""
    if report.url and (report.url in event.translation_urls or report.translation_urls
                       & event.urls):
        return Decision(True, 99, ("site-declared translation",))
    if report.countries and event.countries and not report.countries & event.countries:
        return Decision(False, 0, ("other country",))
    if report.published and event.first and event.last:
        lo = event.first - dt.timedelta(days=EARLY)
        hi = event.last + dt.timedelta(days=_window(report, event))
        if not lo <= report.published <= hi:
            return Decision(False, 0, ("outside the event's dates",))
    if same_story:
        return Decision(True, 98, ("same story",))
    if _kind_clash(report, event):
        return Decision(False, 0, ("an action and an accident are two events",))
    shared = report.names.shared(event.names)
    if report.precision == "site" and event.local_places and not _same_place(report, event) \
            and not shared:
        return Decision(False, 0, ("another site",))
    score, reasons, anchored = 0, [], False
    if _same_place(report, event):
        # a mine town says more than a city of a million with its many workplaces
        big = _major(report.local_place) or any(_major(p) for p in event.local_places
                                                if p in report.places)
        score, anchored = score + (1 if big else 2), True
        reasons.append("same city" if big else "same town or site")
    elif report.places & event.places:
        score, anchored = score + 1, True
        reasons.append("a place in common")
    elif report.regions & event.regions:
        score += 1
        reasons.append("same region")
    if report.event_types & event.event_types:
        score += 1
        reasons.append("same event type")
    elif _related(report.event_types, event.event_types):
        score += 1
        reasons.append("related event types")
    if shared:
        score, anchored = score + min(2, len(shared)), True
        reasons.append("names: " + " ".join(sorted(shared)[:4]))
    if report.published and event.first and event.last and (
            event.first - dt.timedelta(days=NEAR_DAYS) <= report.published
            <= event.last + dt.timedelta(days=NEAR_DAYS)):
        score += 1
        reasons.append("within days")
    tolls = {r.killed for r in event.reports if r.killed is not None}
    if report.killed is not None and report.killed >= MIN_TOLL and report.killed in tolls:
        score, anchored = score + 1, True
        reasons.append(f"same toll {report.killed}")
    if report.published is None:
        # no date to rule a year-old accident at the same mine out: the same toll must say it
        same_toll = any(r.startswith("same toll") for r in reasons)
        return Decision(same_toll and score >= MIN_SCORE_UNDATED, score, tuple(reasons))
    return Decision(anchored and score >= MIN_SCORE, score, tuple(reasons))


def choose(report: Report, candidates: Iterable[tuple[Any, Event, bool]]) -> Any | None:
    """The candidate event (id, Event, same_story) this report joins, or None for a new one:
    the best scoring, the most recent on a tie."""
    best: tuple[int, dt.date, Any] | None = None
    for event_id, event, same_story in candidates:
        verdict = decide(report, event, same_story)
        if verdict.join:
            rank = (verdict.score, event.last or dt.date.min, event_id)
            if best is None or rank[:2] > best[:2]:
                best = rank
    return best[2] if best else None


END_PHRASES = Path(__file__).with_name("event_end.yaml")
_SENTENCES = re.compile(r"[.!?؟।።։۔\n]+")


def _words(entries: Iterable[str]) -> str:
    """Entries as one pattern, each at a word's start: 'called off' (whole), 'refus*' (a
    beginning); "չդադարեցրին" (did not stop) does not hold "դադարեցրին" (stopped)."""
    whole: list[str] = []
    starts: list[str] = []
    for entry in entries:
        word = re.escape(entry.rstrip("*").replace("\u200c", "").casefold())
        (starts if entry.endswith("*") else whole).append(word)
    if not whole and not starts:
        return r"(?!x)x"
    def longest_first(words: list[str]) -> str:
        return "|".join(sorted(set(words), key=len, reverse=True)) or r"(?!x)x"
    return rf"(?<!\w)(?:(?:{longest_first(whole)})(?!\w)|(?:{longest_first(starts)}))"


@functools.cache
def _end_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = yaml.safe_load(END_PHRASES.read_text(encoding="utf-8")) or {}
    ended = [str(p) for phrases in (data.get("ended") or {}).values() for p in phrases]
    negated = [str(p) for words in (data.get("not_ended") or {}).values() for p in words]
    return re.compile(_words(ended)), re.compile(_words(negated))


def says_ended(title: str, text: str) -> bool:
    """Does the report say the strike or protest has ended ("called off", "returned to work",
    "به اعتصاب خود پایان دادند")? A sentence that also negates, threatens or sets a condition
    ("refused to return to work", "might be going back to work") does not count. Phrases in
    event_end.yaml, matched in every language (the detector may be wrong)."""
    ended, negated = _end_patterns()
    body = (title + "\n" + text).replace("\u200c", "").casefold()
    for found in ended.finditer(body):  # one pass; most reports hold no phrase at all
        starts = [m.end() for m in _SENTENCES.finditer(body, 0, found.start())]
        start = starts[-1] if starts else 0
        stop = _SENTENCES.search(body, found.end())
        if not negated.search(body[start:stop.start() if stop else len(body)]):
            return True
    return False


ORGANISATIONS = Path(__file__).with_name("organisations.yaml")
_NAME = r"[A-Z][\w'’.&-]*"


@functools.cache
def _organisation_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str],
                                      re.Pattern[str], re.Pattern[str], frozenset[str],
                                      tuple[str, ...]]:
    data = yaml.safe_load(ORGANISATIONS.read_text(encoding="utf-8")) or {}
    words = data.get("union_words") or {}

    def alternatives(entries: Iterable[str]) -> str:
        return "|".join(re.escape(str(e)) for e in sorted(entries, key=len, reverse=True))

    def exact(entries: Iterable[str]) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + (alternatives(entries) or r"(?!x)x") + r")(?!\w)")

    link = r"(?:(?:of|and|for|the|&)\s+)?"
    union_word = alternatives(words.get("en") or ())
    english = re.compile(
        rf"(?:{_NAME}\s+{link}){{1,6}}(?:{union_word})(?:\s+of(?:\s+{link}{_NAME})+)?"
        rf"|(?:{union_word})\s+of(?:\s+{link}{_NAME})+")
    quoted_word = alternatives(words.get("quoted") or ())
    quoted = re.compile(rf"(?:{quoted_word})\s+«([^«»]{{2,60}})»|«([^«»]{{2,60}})»\s+"
                        rf"(?:{quoted_word})", re.I)
    employer = re.compile(
        rf"((?:{_NAME}\s+(?:(?:and|of|&)\s+)?){{1,6}}?"
        rf"(?:{alternatives(data.get('employer_words') or ())})\.?)\s*\(([A-Z]{{2,6}})\)")
    return (exact(data.get("unions") or ()), exact(data.get("employers") or ()), english, quoted,
            employer, frozenset(str(w) for w in words.get("en_workers") or ()),
            tuple(str(w) for w in words.get("en") or ()))


def organisations(title: str, text: str) -> tuple[str | None, list[str]]:
    """The employer and the unions a report names, conservatively: a union or employer of
    organisations.yaml by name; an English name with a union word and a word of workers
    ("National Union of Mineworkers", "Samsung India Thozhilalar Sangam"); a quoted name beside
    профсоюз, кәсіподақ, արհմիություն...; an employer's name with a company word and its
    acronym in brackets ("Zangezur Copper and Molybdenum Combine (ZCMC)"). Nothing else."""
    (known_unions, known_employers, english, quoted, employer, workers,
     union_words) = _organisation_patterns()
    body = (title + "\n" + text).replace("\u200c", "")
    unions: dict[str, str] = {}

    def add(name: str) -> None:
        name = re.sub(r"^(?:The|the)\s+", "", name.strip(" ,.'’"))
        if name and name.casefold() not in unions:
            unions[name.casefold()] = name

    for found in known_unions.finditer(body):
        add(found.group(0))
    for found in english.finditer(body) if any(w in body for w in union_words) else ():
        name = found.group(0)
        if set(re.findall(r"[\w'’]+", name)) & workers:
            add(name)
    for found in quoted.finditer(body) if "«" in body else ():
        add(found.group(1) or found.group(2))
    names = [m.group(0) for m in known_employers.finditer(body)]
    names += [m.group(1).strip() for m in (employer.finditer(body) if "(" in body else ())
              if not set(re.findall(r"[\w'’]+", m.group(1))) & workers]
    return (max(names, key=names.count) if names else None), list(unions.values())
