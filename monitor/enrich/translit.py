"""Names compared across scripts without translating: a consonant skeleton per word.

Костенко, Kostenko and كوستينكو all come out as `KSTNK`; Zangezur, Зангезур and Զանգեզուր as
`SNKSR`; 삼성 and Samsung as `SMSNK`.
A skeleton drops the vowels (Arabic script mostly does not write them), folds the letters that
transliterations of one name disagree on (g/k/q/c, d/t, f/v/w/ph, s/z, kh/h) and collapses
doubled letters. It is a clue, never a proof: short skeletons are not used (`MIN_SKELETON`).
The letter tables are data (`translit.yaml`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster

TABLE_FILE = Path(__file__).with_name("translit.yaml")
MIN_SKELETON = 3  # consonants a word needs before its skeleton says anything
MIN_LETTERS = 4  # letters a word needs before it is taken as a name
MIN_HEAD_SKELETON = 4  # a Korean word's first syllables count as a name when this long
# Latin spellings that stand for one sound, longest first; then single letters to classes.
_DIGRAPHS = (("shch", "S"), ("sch", "S"), ("tch", "C"), ("dzh", "J"), ("sh", "S"), ("ch", "C"),
             ("zh", "J"), ("dj", "J"), ("kh", "H"), ("gh", "K"), ("ph", "F"), ("th", "T"),
             ("ts", "C"), ("tz", "C"), ("ck", "K"), ("dz", "J"))
_CLASSES = str.maketrans({"b": "B", "p": "B", "f": "F", "v": "F", "w": "F", "g": "K", "k": "K",
                          "q": "K", "c": "K", "x": "K", "d": "T", "t": "T", "s": "S", "z": "S",
                          "j": "J", "h": "H", "l": "L", "m": "M", "n": "N", "r": "R"})
_VOWELS = re.compile(r"[aeiouy]")
_SENTENCE_END = re.compile(r"[.!?؟।。]")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CASELESS = ("ARABIC", "GEORGIAN", "HEBREW", "THAI", "DEVANAGARI", "BENGALI", "HANGUL")
# Russian-style case endings, longest first: Зангезурского -> Зангезур, Листвяжная -> Листвяжн
_CYRILLIC_ENDINGS = tuple(sorted((
    "ского", "ской", "ских", "скому", "ским", "ском", "ская", "ское", "ого", "его", "ому", "ему",
    "ой", "ей", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ом",
    "ем", "ами", "ями", "ах", "ях", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и"),
    key=len, reverse=True))


HANGUL = ("hangul_initials", "hangul_medials", "hangul_finals")


@functools.cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    data = yaml.load(TABLE_FILE.read_text(encoding="utf-8"), Loader=_LOADER)
    letters: dict[str, str] = {}
    initials, medials, finals = (data[k] for k in HANGUL)
    for n in range(len(initials) * len(medials) * len(finals)):  # every Hangul syllable
        i, rest = divmod(n, len(medials) * len(finals))
        m, f = divmod(rest, len(finals))
        letters[chr(0xAC00 + n)] = f"{initials[i]}{medials[m]}{finals[f]}"
    for script, mapping in data.items():
        if script == "not_names" or script in HANGUL:
            continue
        for letter, latin in mapping.items():
            letters[str(letter)] = str(latin or "")
            letters[str(letter).upper()] = str(latin or "")
    stop = frozenset(s for s in (skeleton(str(w), letters) for w in data["not_names"]) if s)
    return letters, stop


def to_latin(word: str, letters: dict[str, str] | None = None) -> str:
    """Other scripts' letters in Latin ones, accents dropped, lower case."""
    table = letters if letters is not None else _tables()[0]
    out = "".join(table.get(c, c) for c in word)
    folded = unicodedata.normalize("NFKD", out.lower())
    return "".join(c for c in folded if "a" <= c <= "z")


def skeleton(word: str, letters: dict[str, str] | None = None) -> str:
    """The consonant skeleton of one word in any script covered by the tables ('' if none)."""
    latin = to_latin(word, letters)
    for spelling, sound in _DIGRAPHS:
        latin = latin.replace(spelling, sound)
    latin = _VOWELS.sub("", latin).translate(_CLASSES).upper()
    return re.sub(r"(.)\1+", r"\1", latin)


def stem(word: str) -> str:
    """A Cyrillic word without its case ending, when enough of it is left to be a name."""
    if not word or not "\u0400" <= word[-1] <= "\u04ff":
        return word
    low = word.lower()
    for ending in _CYRILLIC_ENDINGS:
        if low.endswith(ending) and len(word) - len(ending) >= MIN_LETTERS:
            return word[: len(word) - len(ending)]
    return word


def _caseless(word: str) -> bool:
    name = unicodedata.name(word[0], "")
    return name.startswith(_CASELESS)


@dataclass(frozen=True)
class Names:
    """Skeletons of a report's names: `cased` from scripts with capitals (a capital says
    'name'), `caseless` from every long word of scripts without them."""

    cased: frozenset[str]
    caseless: frozenset[str]

    def shared(self, other: Names) -> frozenset[str]:
        """Skeletons both name, where at least one side wrote it as a name (two texts in one
        caseless script share their common words too; those are no clue)."""
        return (self.cased & (other.cased | other.caseless)) | (self.caseless & other.cased)


def names(text: str, skip: frozenset[str] = frozenset()) -> Names:
    """Name skeletons of a text. `skip`: words already counted as something else (the place
    and country names the tagger found)."""
    letters, stop = _tables()
    skip_sk = {skeleton(stem(w), letters) for w in skip}
    cased: set[str] = set()
    caseless: set[str] = set()
    previous: re.Match[str] | None = None
    for match in WORD.finditer(text):
        word = match.group(0)
        gap = text[previous.end() if previous else 0:match.start()]
        # a sentence starts after a line break or a full stop, but not after "им." or "St."
        first = previous is None or "\n" in gap or (
            bool(_SENTENCE_END.search(gap)) and len(previous.group(0)) > 3)
        previous = match
        letters_only = re.sub(r"[-'’]", "", word)
        if len(letters_only) < MIN_LETTERS and not (len(word) >= 3 and word.isupper()):
            continue
        if _caseless(word):
            target = caseless
        elif word[0].isupper() and (not first or word.isupper()):
            target = cased  # a capital past a sentence's first word: a name
        else:
            continue
        for part in re.split(r"[-'’]", word):
            sk = skeleton(stem(part), letters)
            if len(sk) >= MIN_SKELETON and sk not in stop and sk not in skip_sk:
                target.add(sk)
        for head in _hangul_heads(word):
            sk = skeleton(head, letters)
            if len(sk) >= MIN_HEAD_SKELETON and sk not in stop and sk not in skip_sk:
                caseless.add(sk)
    return Names(frozenset(cased), frozenset(caseless))


def _hangul_heads(word: str) -> list[str]:
    """Korean writes a name and what follows as one word (삼성전자 'Samsung Electronics',
    첸나이에서 'in Chennai'): its first two and three syllables may be the name."""
    if len(word) < 3 or not all("\uac00" <= c <= "\ud7a3" for c in word):
        return []
    return [word[:n] for n in (2, 3) if n < len(word)]
