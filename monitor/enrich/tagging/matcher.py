"""Text normalisation and one-pass multi-pattern matching (Aho-Corasick) with word rules.

Every term of every lexicon, every country and place name goes into one automaton; a text is
scanned once and each raw hit is then checked against its pattern's rules (word boundaries,
allowed attached prefixes, allowed suffix length, capital letter).
"""

from __future__ import annotations

import array
import functools
import html
import pickle
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

import ahocorasick

# Same-length character folds applied to text and terms alike (offsets stay aligned).
_FOLD = str.maketrans(
    {
        "ё": "е", "Ё": "Е", "ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه",
        "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'",
        "\u00a0": " ", "\u200c": " ", "\u200b": " ", "\u2011": "-", "\u2010": "-",
        "\u2013": "-", "\u2014": "-",
        # Arabic-script short vowels and the tatweel are dropped: GeoNames writes مُلتان,
        # news ملتان; some pages vocalise, most do not
        **{chr(c): None for c in (*range(0x064B, 0x0660), 0x0670, 0x0640)},
    }
)
_TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^<>]{0,400}>", re.S | re.I)
_SPACE_RE = re.compile(r"[^\S\n]+")
_BREAK_RE = re.compile(r"\s*\n\s*")  # a line break (a title's end, a paragraph's) stays one
_HASHTAG_RE = re.compile(r"#\w{4,60}")
_CAMEL_RE = re.compile(r"(?<=[^\W\d_])(?=[^\W\d_])")


def _split_hashtag(m: re.Match[str]) -> str:
    """#TaxiStrike -> #Taxi Strike: the words of a camel-case hashtag are matched as words."""
    tag = m.group(0)
    return _CAMEL_RE.sub(lambda b: " " if tag[b.start() - 1].islower()
                         and tag[b.start()].isupper() else "", tag)


def clean(text: str, cap: int) -> str:
    """Strip HTML, unescape entities, NFKC, fold look-alike characters, split camel-case hashtags,
    collapse space (a run with a line break becomes one line break: sentences end there), cap."""
    if not text:
        return ""
    text = text[: cap * 4]
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if "#" in text:
        text = _HASHTAG_RE.sub(_split_hashtag, text)
    return _BREAK_RE.sub("\n", _SPACE_RE.sub(" ", text)).strip()[:cap]


def lower(text: str) -> str:
    """Lower-case keeping every offset (characters whose lower form is longer stay as they are)."""
    text = text.replace("İ", "i")
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@functools.cache
def norm_term(term: str) -> str:
    return lower(unicodedata.normalize("NFKC", term).translate(_FOLD).strip())


def is_word_char(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c)[0] == "M"


INFLECT_SUFFIX = 3  # letters of case ending a city name may take (Парижде, Paryża, Փարիզում)


class Pattern(NamedTuple):
    """One term of a lexicon or a name, with its word rules.

    A NamedTuple, not a dataclass: the compiled cache holds 100,000 of them, and a tuple loads
    from a pickle ten times faster than a frozen dataclass with slots. Change one with
    `pattern._replace(...)`.
    """

    kind: str          # event | negative | context | sector | figure | country | place
    label: str         # strike, labour, mining, killed, KZ, a gazetteer id ...
    lang: str          # lexicon language, "*" for language-independent names
    term: str          # normalised term (no trailing *)
    boundary: bool     # check a word boundary before the term
    suffix: int        # word characters allowed after the term (-1: any, 0: whole word)
    needs: str | None = None          # context that must occur nearby (labour, workplace)
    cased: bool = False               # the original must start with a capital letter
    upper: bool = False               # the original must be all capitals (AS, US: abbreviations)
    endings: tuple[str, ...] = ()     # what must follow the term (derived forms: canad+iense)
    infl: frozenset[str] = frozenset()  # languages in which INFLECT_SUFFIX more letters may
                                        # follow (case endings of city names: Парижде)
    prefixes: tuple[str, ...] = ()    # attached prefixes allowed before the term (Arabic و ب ال)
    unless: tuple[str, ...] = ()      # contexts that must NOT occur nearby (court, conflict)


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    pattern: Pattern


class Matcher:
    """All patterns in one automaton; `find` returns the hits that pass their word rules."""

    def __init__(self, patterns: list[Pattern]):
        # The automaton stores the index of a term's patterns, not the patterns: the compiled
        # cache then loads the automaton as one block, and each term's patterns (100,000 in
        # all, most of them place names no text mentions) are unpickled on their first hit.
        self._auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        table: dict[str, list[Pattern]] = {}
        for p in patterns:
            if p.term:
                table.setdefault(p.term, []).append(p)
        self._entries: dict[int, tuple[int, tuple[Pattern, ...]]] = {}
        self._blob: bytes | memoryview = b""
        self._offsets = array.array("Q")
        for index, (term, pats) in enumerate(table.items()):
            self._auto.add_word(term, index)
            self._entries[index] = (len(term), tuple(pats))
        if table:
            self._auto.make_automaton()
        self.size = len(table)

    def __getstate__(self) -> dict[str, object]:
        # the blob as a PickleBuffer: the compiled cache keeps it out of the pickle and maps it
        # from the file (monitor/enrich/compiled_cache.py), so it costs memory only where read
        if self._blob:
            return {"auto": self._auto, "blob": pickle.PickleBuffer(self._blob),
                    "offsets": self._offsets, "size": self.size}
        parts, offsets, at = [], array.array("Q", [0]), 0
        for index in range(self.size):
            part = pickle.dumps(self._entries[index], protocol=pickle.HIGHEST_PROTOCOL)
            parts.append(part)
            at += len(part)
            offsets.append(at)
        return {"auto": self._auto, "blob": pickle.PickleBuffer(b"".join(parts)),
                "offsets": offsets, "size": self.size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._auto, self._blob = state["auto"], state["blob"]
        self._offsets, self.size = state["offsets"], state["size"]
        self._entries = {}

    def _entry(self, index: int) -> tuple[int, tuple[Pattern, ...]]:
        """A term's length and patterns, unpickled from the compiled cache on first use."""
        start, end = self._offsets[index], self._offsets[index + 1]
        entry: tuple[int, tuple[Pattern, ...]] = pickle.loads(  # noqa: S301 (our own cache)
            self._blob[start:end])
        self._entries[index] = entry
        return entry

    def find(self, low: str, orig: str, langs: frozenset[str] | None) -> list[Hit]:
        if not self.size or not low:
            return []
        hits: list[Hit] = []
        n = len(low)
        entries = self._entries
        for end_idx, index in self._auto.iter(low):
            entry = entries.get(index)
            length, pats = entry if entry is not None else self._entry(index)
            start = end_idx - length + 1
            end = end_idx + 1
            for p in pats:
                if langs is not None and p.lang != "*" and p.lang not in langs:
                    continue
                s = start
                if p.boundary and s > 0 and is_word_char(low[s - 1]):
                    s = _prefix_start(low, s, p.prefixes)
                    if s < 0:
                        continue
                if p.endings and not low.startswith(p.endings, end):
                    continue
                e = end
                suffix = p.suffix
                if p.infl and (langs is None or not langs.isdisjoint(p.infl)):
                    suffix = INFLECT_SUFFIX
                if suffix != -1:
                    while e < n and is_word_char(low[e]) and e - end <= suffix:
                        e += 1
                    if e - end > suffix:
                        continue
                elif p.boundary:
                    while e < n and is_word_char(low[e]):
                        e += 1
                if p.cased and orig[start].islower():
                    continue
                if p.upper and not orig[start:end].isupper():
                    continue
                hits.append(Hit(s, e, p))
        return hits


def _prefix_start(low: str, s: int, prefixes: tuple[str, ...]) -> int:
    """Start of the word when `low[:s]` ends with an allowed attached prefix, else -1."""
    for pre in prefixes:
        b = s - len(pre)
        if b >= 0 and low[b:s] == pre and (b == 0 or not is_word_char(low[b - 1])):
            return b
    return -1
