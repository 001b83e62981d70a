"""Sentences of a text and which of them can report an event.

An event counts only when its labour actor is in the same sentence (`Sentences.same`), and not
from a sentence that is a site's appeal or footer ("if your wages are late, write to us"),
a global statistic ("2.3 million deaths worldwide") or policy talk ("the fight against forced
labour"): those are found by lexicon context words (`boilerplate`, `statistic`, `policy`,
`politics`) and the rules in monitor.enrich.tagging.tag_text.
"""

from __future__ import annotations

import bisect
import re

# a sentence ends at . ! ? (and their CJK, Arabic, Devanagari, Burmese, Armenian forms) followed
# by a space, or at a line break; a title is its own sentence (tag_text joins it with "\n")
_END = re.compile(r"(?<![\s.][^\W\d_])[.!?;](?=\s)|[。！？؟।॥။։|]|\n")


class Sentences:
    """Sentence boundaries of one lower-cased text, looked up by character offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _END.finditer(text)]

    def id(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def same(self, a: int, b: int) -> bool:
        return self.id(a) == self.id(b)

    def count(self, text: str) -> int:
        """Sentences with a letter in them (an empty title is none)."""
        bounds = [*self.starts, len(text)]
        return sum(1 for a, b in zip(bounds, bounds[1:], strict=False)
                   if any(c.isalpha() for c in text[a:b]))
