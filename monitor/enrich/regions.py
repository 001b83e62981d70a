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
COMMON_WORD = 3.5  # a one-word name this frequent (zipf) in one of our languages is a word first
MIN_LETTERS = 4
MIN_WORD = 5  # letters a one-word name needs (Para, Sila, Mara, Nan are words somewhere)


@functools.cache
def _data() -> dict[str, Any]:
    data = yaml.load(DATA.read_text(encoding="utf-8"), Loader=_LOADER)
    problems = [f"{k}: unknown key" for k in data if k not in ("names", "types")]
    # lazy: read once, when the region table is built
    import pycountry

    for code, names in (data.get("names") or {}).items():
        if pycountry.subdivisions.get(code=code) is None:
            problems.append(f"names.{code}: not an ISO 3166-2 code")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(f"names.{code}: a list of names")
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
    out: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type not in types:
            continue
        names = _forms(sub.name)
        for t in translations:
            local = t.gettext(sub.name)
            if local != sub.name:
                names |= _forms(local)
        keep = set()
        for n in names:
            low = n.lower()
            if low in countries:  # Georgia (US), Luxembourg (BE): the country is meant
                continue
            if " " not in n and (len(n) < (3 if _cjk(n) else MIN_WORD) or any(
                    zipf_frequency(low, lang) >= COMMON_WORD for lang in common)):
                continue  # Central, Para (id), Unite (it), நான் (ta "I"), Вале, นาน
            keep.add(n)
        if keep:
            out[sub.code] = keep
    for code, names in (data.get("names") or {}).items():
        out.setdefault(code, set()).update(names)
    return out


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
