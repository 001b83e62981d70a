"""Burmese in the Zawgyi font encoding, detected and converted to Unicode.

Many Myanmar sites still publish Zawgyi: the same code points as Unicode Burmese, used for
other letters and in visual order, so words match nothing in our lexicons and search misses
them. `to_unicode` asks Google's myanmartools detector (a model shipped in the package) and,
when the text is Zawgyi, converts it with ICU's `Zawgyi-my` transliterator (PyICU). Callers keep
the original text; only what is read for language, tags and search is converted.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

ZAWGYI_THRESHOLD = 0.95  # myanmartools' probability above which a text is taken as Zawgyi
_MYANMAR = re.compile(r"[\u1000-\u109f]")


@dataclass(frozen=True)
class Converted:
    text: str
    zawgyi_probability: float  # 0.0 for text with no Burmese letters
    converted: bool

    def evidence(self) -> str:
        return (f"Zawgyi -> Unicode (myanmartools p={self.zawgyi_probability:.2f}, "
                "ICU Zawgyi-my)")


@functools.cache
def _detector() -> Any:
    # lazy: loaded on the first Burmese text
    import warnings

    # lazy: loaded on the first Burmese text
    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():  # it loads its model with importlib.resources.open_binary
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


@functools.cache
def _transliterator() -> Any:
    # lazy: loaded on the first Burmese text
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my")


def zawgyi_probability(text: str) -> float:
    """How likely the Burmese letters of `text` are Zawgyi (0.0 when it has none)."""
    if not _MYANMAR.search(text):
        return 0.0
    return float(_detector().get_zawgyi_probability(text))


def to_unicode(text: str) -> Converted:
    """`text` in Unicode Burmese: converted when it is Zawgyi, unchanged otherwise."""
    p = zawgyi_probability(text)
    if p < ZAWGYI_THRESHOLD:
        return Converted(text, p, False)
    return Converted(_transliterator().transliterate(text), p, True)
