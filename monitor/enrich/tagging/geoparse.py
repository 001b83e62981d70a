"""Which place and country names a text means: the checks geoparsers such as CLIFF and Mordecai
make before a name may stand for a country.

GeoNames lists a town under every name any language gives it, and many of those names are
common words somewhere: Kyrgyz "буга" (to this) is Guadalajara de Buga, "анда" (there) is Anda
in China, "кара" (black) starts Кара-Балта. A GeoNames name found in a text is therefore only a
candidate, and names its country when

- the word itself looks like a place name: it is not one part of a hyphenated compound
  (Кара-Балта is a Kyrgyz town, not Karaj), not also written in lower case in the same text (a
  common word that merely starts a sentence), not a cut stem without an ending;
- and the text supports that reading: a capital, a city of a million people or a name of two
  words is meant when named alone (not when it is a word of 3 letters or fewer, 2 in Arabic or
  Hebrew letters: Кум, بن; nor, starting a sentence, of 5 or fewer: Калі "if"); any other town
  needs its country named in the same text (a country name, a gazetteer place, such a city, or
  a second town of that country), or to lie in a country where the text's language is official
  (Novokuznetsk in Russian news).

A name that several towns share keeps the reading whose country the text names, else the one
in the text language's countries, else a single big city; otherwise none.

Country and town names alike: letters after a name must be endings of its language or the
text's (`name_endings`: Кыргызстандагы, not Кубатбек), and a country name that is a common word
(`word_names`: مالی "financial") needs the country named another way too. Dropped readings are
listed in the evidence (`place_skipped`) so staff can see why a name gave no country.
"""

from __future__ import annotations

import functools
import unicodedata

from monitor.enrich.tagging.matcher import Hit, is_word_char, lower
from monitor.enrich.tagging.places import Place, fold, inflected, name_endings, word_names
from monitor.values import language_code

MAX_SKIPPED = 5
INFLECTION = 3  # letters of ending a lower-case common word may carry (анда -> андан)
INITIAL_WORD = 5  # a name this short starting a sentence needs support


@functools.cache
def _official() -> dict[str, frozenset[str]]:
    """Language -> countries where it is official, de facto included (CLDR, one pass)."""
    from babel import Locale  # lazy: only when the lexicons are compiled
    from babel.languages import get_official_languages  # lazy: only when the lexicons are compiled

    out: dict[str, set[str]] = {}
    for territory in Locale.parse("en").territories:
        if isinstance(territory, str) and len(territory) == 2 and territory.isalpha():
            for lang in get_official_languages(territory, de_facto=True):
                out.setdefault(lang.split("_")[0], set()).add(territory)
    return {k: frozenset(v) for k, v in out.items()}


def _code(language: str | None) -> str:
    return language_code(language) or ""


@functools.cache
def language_country(language: str | None) -> str | None:
    """The country a language's news is most likely from, when that is close to certain: CLDR's
    likely region (hy -> AM, ta -> IN, bn -> BD) for a language official in at most two
    countries; None for languages of many countries (en, ru, es, ar, fr, sw ...)."""
    # lazy: only when the lexicons are compiled
    from babel.core import get_global

    code = _code(language)
    if not code:
        return None
    official = sum(1 for langs in get_global("territory_languages").values()
                   if langs.get(code, {}).get("official_status") == "official")
    likely = get_global("likely_subtags").get(code, "")
    region = likely.split("_")[-1] if likely.count("_") == 2 else ""
    return region if official <= 2 and len(region) == 2 and region.isalpha() else None


def home_countries(language: str | None) -> frozenset[str]:
    """Countries where `language` is official: ky -> KG, es -> ES MX CO ..., ru -> RU BY KZ KG
    UA."""
    return _official().get(_code(language), frozenset()) if language else frozenset()


def _with_endings(hits: list[Hit], low: str, orig: str, language: str,
                  places: dict[str, Place], evidence: dict[str, list[str]]) -> list[Hit]:
    """Names that took letters after them keep only those whose letters are endings of the
    name's language (`name_endings` in _gazetteer.yaml): Кыргызстандагы, Москвада, but not
    Кубатбек (Куба), Данияр (Дания), Макалада (Макао), Тоголок (Того): first names and words."""
    table = name_endings()
    out, wrong = [], []
    for h in hits:
        p = h.pattern
        # the name's language or the text's: Kyrgyz news writes Russian names with Kyrgyz
        # endings (Япониянын, РФке); a text in a language without a list is not checked
        # (South Azerbaijani read with the Persian lexicon: کانادالی)
        ends = [table[x] for x in {p.lang, language} if x in table] \
            if language in table or not language else []
        cut = h.start + len(p.term)
        if not ends or p.endings or p.suffix < 0 or (p.suffix == 0 and not p.infl) \
                or low[h.start:cut] != p.term \
                or any(inflected(low[cut:h.end], e) for e in ends):
            out.append(h)
        else:
            wrong.append(h)
    found = {(h.start, h.end, h.pattern.label) for h in out}
    for h in wrong:  # noted unless another language's reading of the same word was kept
        if (h.start, h.end, h.pattern.label) not in found:
            name = places[h.pattern.label].place if h.pattern.label in places else h.pattern.label
            _note(evidence, f"{orig[h.start:h.end]} -> {name}: not an ending of the name")
    return out


def _without_bare_words(hits: list[Hit], orig: str, places: dict[str, Place],
                        evidence: dict[str, list[str]]) -> list[Hit]:
    """A country name that is also a common word (`word_names`: Persian and Arabic مالی
    "financial" is Mali) names the country only when the text names it another way too (its
    capital, a town, another name)."""
    table = word_names()
    weak = [h for h in hits if h.pattern.kind == "country"
            and h.pattern.term in table.get(h.pattern.label, ())]
    if not weak:
        return hits
    other = {h.pattern.label for h in hits if h not in weak and h.pattern.kind == "country"}
    other |= {places[h.pattern.label].country for h in hits
              if h.pattern.kind == "place" and h.pattern.label in places}
    out = []
    for h in hits:
        if h in weak and h.pattern.label not in other:
            _note(evidence, f"{orig[h.start:h.end]} -> {h.pattern.label}: also a common word")
        else:
            out.append(h)
    return out


def _note(evidence: dict[str, list[str]], note: str) -> None:
    notes = evidence.setdefault("place_skipped", [])
    if note not in notes and len(notes) < MAX_SKIPPED:
        notes.append(note)


def _cased(ch: str) -> bool:
    """A letter of a script that writes capitals (Georgian has them in Unicode, not in use)."""
    return ch.lower() != ch.upper() and not unicodedata.name(ch, "").startswith("GEORGIAN")


def _compound_part(orig: str, h: Hit) -> bool:
    """'Кара' in 'Кара-Балта', 'Балта' in 'Кара-Балта': one part of a hyphenated name."""
    after = orig[h.end:h.end + 2]
    before = orig[max(0, h.start - 2):h.start]
    return (len(after) == 2 and after[0] == "-" and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha())


def _also_lower_case(low: str, orig: str, term: str) -> bool:
    """The name also occurs in lower case as a word (with a short ending) in the same text."""
    i = low.find(term)
    n = len(low)
    while i >= 0:
        if orig[i].islower() and (i == 0 or not is_word_char(low[i - 1])):
            e = i + len(term)
            j = e
            while j < n and is_word_char(low[j]) and j - e <= INFLECTION:
                j += 1
            if j - e <= INFLECTION:
                return True
        i = low.find(term, i + 1)
    return False


def _short(term: str) -> bool:
    """3 letters in an alphabet with capitals (Кум, Бон), 2 in Arabic or Hebrew letters, which
    write no short vowels (بو, بن): words far more often than towns. Syllables and characters
    (パリ, 카불, ሪጋ) are not letters: no rule for those scripts."""
    letters = [c for c in term if c.isalpha()]
    if any(_cased(c) for c in letters):
        return len(letters) <= 3
    if letters and unicodedata.name(letters[0], "").startswith(("ARABIC", "HEBREW")):
        return len(letters) <= 2
    return False


def _distinctive(term: str) -> bool:
    """A name of two words or more (Ню Орлиънс, Guadalajara de Buga) is rarely anything else."""
    return " " in term.strip() and len(term) >= 8


def _alone(place: Place, term: str, initial: bool) -> bool:
    """A reading that names its country without support: a capital (Рим), a name of two words
    or more, a big city whose name is not a short word; starting a sentence, where a capital
    letter means nothing, not a word of 5 letters or fewer either (function words are short:
    Belarusian "Калі ..." is "if", not Cali; "Стамбулда ..." is Istanbul)."""
    return place.capital or _distinctive(term) or (
        place.major and not _short(term) and not (initial and len(term) <= INITIAL_WORD))


def _own_name(orig: str, h: Hit, place: Place) -> bool:
    """GeoNames' main name is the town's English name: in English text, written as such (not
    a short word, mid-sentence) it is meant even without its country: "protesters in Goma",
    "workers in Lille". Other languages name foreign towns in their own forms."""
    surface = orig[h.start:h.end]
    return not _short(surface) and fold(surface) == fold(place.place)


_OPENERS = " \t\"'«»“”„‘([—-"
_ENDS = ".!?…:\n"


def sentence_initial(orig: str, start: int) -> bool:
    """The word starts the text or a sentence (quotes and brackets before it skipped)."""
    i = start - 1
    while i >= 0 and orig[i] in _OPENERS:
        i -= 1
    return i < 0 or orig[i] in _ENDS


def resolve(hits: list[Hit], orig: str, language: str | None, places: dict[str, Place],
            evidence: dict[str, list[str]]) -> list[Hit]:
    """`hits` without the GeoNames readings the text does not support (see the module doc)."""
    low = lower(orig)
    hits = _with_endings(hits, low, orig, _code(language), places, evidence)
    hits = _without_bare_words(hits, orig, places, evidence)
    geo = [h for h in hits if h.pattern.label.startswith("c:")]
    if not geo:
        return hits
    named = {h.pattern.label for h in hits if h.pattern.kind == "country"}
    named |= {places[h.pattern.label].country for h in hits
              if h.pattern.label.startswith(("g:", "b:"))}
    home = home_countries(language)
    spans: dict[tuple[int, int], list[Hit]] = {}
    for h in geo:
        spans.setdefault((h.start, h.end), []).append(h)
    why: dict[Hit, str] = {}
    live: dict[tuple[int, int], list[Hit]] = {}
    initial: set[tuple[int, int]] = set()
    for span, readings in spans.items():
        first = readings[0]
        if _cased(orig[first.start]) and sentence_initial(orig, first.start):
            initial.add(span)
        if _cased(orig[first.start]) and _also_lower_case(low, orig, first.pattern.term):
            for h in readings:
                why[h] = "also a common word in this text"
            continue
        # a route ("Бишкек-Ош") joins big cities; short parts are words (Кара-, Ак-, Сары-)
        compound = _compound_part(orig, first)
        ok = []
        for h in readings:
            if compound and not (places[h.pattern.label].major and len(h.pattern.term) >= 5):
                why[h] = "part of a compound name"
            elif h.pattern.suffix > 0 and h.end - h.start == len(h.pattern.term):
                # a cut stem with no ending ("Карай" -> "кара-" on "Кара") is no form of the name
                why[h] = "not a form of this name"
            else:
                ok.append(h)
        live[span] = ok
    # countries the text supports: named, or a major city named alone, or two towns of it
    strong = set(named)
    towns: dict[str, set[str]] = {}
    english = _code(language) == "en"
    for span, ok in live.items():
        if len({places[h.pattern.label].country for h in spans[span]}) == 1:
            for h in ok:
                place = places[h.pattern.label]
                if _alone(place, h.pattern.term, span in initial) or (
                        english and span not in initial and _own_name(orig, h, place)):
                    strong.add(place.country)
                towns.setdefault(place.country, set()).add(place.place)
    strong |= {c for c, names in towns.items() if len(names) > 1}
    kept: set[Hit] = set()
    for ok in live.values():
        countries = {places[h.pattern.label].country for h in ok}
        supported = [h for h in ok if places[h.pattern.label].country in strong] or [
            h for h in ok if places[h.pattern.label].country in home]
        if len({places[h.pattern.label].country for h in supported}) != 1:
            # of several towns of one name, a capital (or a name of two words) is meant:
            # Arabic بكين is Beijing, not Caen; English "London" is not London, Ontario. A big
            # city is not enough: "Leon said" is a man, not León (Mexico)
            capital = [h for h in supported or ok if places[h.pattern.label].capital
                       or _distinctive(h.pattern.term)]
            supported = capital if len({h.pattern.label for h in capital}) == 1 else []
        if supported:
            kept.update(supported)
        else:
            reason = ("several towns' name" if len(countries) > 1
                      else "a town whose country the text does not name")
            for h in ok:
                why[h] = reason
    meant = {(h.start, h.end, h.pattern.label) for h in kept}
    for h, reason in why.items():
        if (h.start, h.end, h.pattern.label) not in meant:
            place = places[h.pattern.label]
            _note(evidence, f"{orig[h.start:h.end]} -> {place.place} ({place.country}): {reason}")
    return [h for h in hits if not h.pattern.label.startswith("c:") or h in kept]
