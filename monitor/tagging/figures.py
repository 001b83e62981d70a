"""Figures stated in the text: workers involved, killed, injured.

A figure is a number (digits, or a number word from the lexicon) close to a figure keyword
(`46 miners killed`, `killed 46`, `шесть горняков погибли`, `死亡6人`) in the same sentence.
"""

from __future__ import annotations

import re

from monitor.tagging.matcher import Hit

_NUM_RE = re.compile(r"(?<!\d)(?<!\d[.,])(\d{1,3}(?:[,. ]\d{3})+|\d+)(?![\d])")
_SENTENCE_END = re.compile(r"[.!?。！？;] |[。！？]|\n")
BEFORE = 40      # characters from the end of a number to its keyword
AFTER = 25       # characters from a keyword to a number after it
MAX_VALUE = 1_000_000


def numbers(low: str, word_hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number in the text, digits and number words."""
    out = list(word_hits)
    for m in _NUM_RE.finditer(low):
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        try:
            value = int(digits)
        except ValueError:
            continue
        if len(raw) == 4 and 1900 <= value <= 2100:
            continue  # a year
        if value > MAX_VALUE:
            continue
        out.append((m.start(1), m.end(1), value))
    return sorted(out)


def _between_ok(low: str, a: int, b: int) -> bool:
    return a <= b and not _SENTENCE_END.search(low, a, b)


def extract(low: str, keyword_hits: list[Hit], nums: list[tuple[int, int, int]],
            evidence: dict[str, list[str]], orig: str) -> dict[str, int | None]:
    """Pair numbers with killed/injured/workers keywords; the largest stated value wins."""
    result: dict[str, int | None] = {"killed": None, "injured": None, "workers": None}
    used: set[int] = set()
    for label in ("killed", "injured", "workers"):
        for h in (k for k in keyword_hits if k.pattern.label == label):
            best = None
            for s, e, v in nums:
                if s in used and label == "workers":
                    continue
                if e <= h.start and h.start - e <= BEFORE and _between_ok(low, e, h.start):
                    d = h.start - e
                elif label != "workers" and s >= h.end and s - h.end <= AFTER \
                        and _between_ok(low, h.end, s):
                    d = s - h.end + BEFORE  # a number before the keyword is preferred
                else:
                    continue
                if best is None or d < best[0]:
                    best = (d, s, e, v)
            if best is None:
                continue
            _, s, e, v = best
            if label != "workers":
                used.add(s)
            if result[label] is None or v > (result[label] or 0):
                result[label] = v
            a, b = min(s, h.start), max(e, h.end)
            evidence.setdefault(label, []).append(orig[a:b])
    return result
