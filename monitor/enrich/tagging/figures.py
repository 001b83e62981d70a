"""Figures stated in the text: workers involved, killed, injured.

A figure is a number (digits, or a number word from the lexicon) close to a figure keyword
(`46 miners killed`, `killed 46`, `шесть горняков погибли`, `死亡6人`) in the same sentence.
"""

from __future__ import annotations

import re

from monitor.enrich.tagging.matcher import Hit

_NUM_RE = re.compile(r"(?<!\d)(?<!\d[.,])(\d{1,3}(?:[,. ]\d{3})+|\d+)(?![\d])")
_SENTENCE_END = re.compile(r"[.!?。！？;] |[。！？]|\n")
# a number followed or preceded by these is an age, a share, a duration, money or a date
_UNIT_AFTER = re.compile(
    r"\s?(?:-?\s?(?:year|yr|month|week|day|hour|minute)s?\b|%|percent|per cent|years|km|kg|"
    r"mile|tonne|ton|million|billion|bn\b|m\b|am\b|pm\b|°|of\b|"
    r"лет|год|месяц|дн|час|минут|процент|млн|млрд|тыс|"
    r"años|ans\b|anos|jahr|prozent|pour cent|por ciento|yaşında|yıl|"
    r"岁|歲|年|月|日|万|萬|億|亿|歳|세|년|살)", re.I)
_UNIT_BEFORE = re.compile(r"(?:age of|aged|no\.|number|\$|€|£|rs\.?|usd|yüzde|%|в возрасте)\s?$",
                          re.I)
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
    return sorted(n for n in out if not _unit(low, n[0], n[1]))


def _unit(low: str, start: int, end: int) -> bool:
    return bool(_UNIT_AFTER.match(low, end, end + 14)
                or _UNIT_BEFORE.search(low, max(0, start - 14), start))


def _between_ok(low: str, a: int, b: int) -> bool:
    return a <= b and not _SENTENCE_END.search(low, a, b)


def extract(low: str, keyword_hits: list[Hit], nums: list[tuple[int, int, int]],
            evidence: dict[str, list[str]], orig: str) -> dict[str, int | None]:
    """Pair numbers with killed/injured/workers keywords; the first stated value wins
    (the headline figure comes first; later ones are often older or other events)."""
    result: dict[str, int | None] = {"killed": None, "injured": None, "workers": None}
    used: set[int] = set()
    for label in ("killed", "injured", "workers"):
        for h in sorted((k for k in keyword_hits if k.pattern.label == label),
                        key=lambda k: k.start):
            best = None
            for s, e, v in nums:
                if s in used:
                    continue  # already the figure of an earlier label
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
            if result[label] is None:
                result[label] = v
            a, b = min(s, h.start), max(e, h.end)
            evidence.setdefault(label, []).append(orig[a:b])
    return result
