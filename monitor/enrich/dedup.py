"""Near-duplicate features and the pair test: pure functions of text, no database.

Two kinds of keys find candidates, both kept in SQLite by `monitor.store.stories`:

* MinHash LSH bands (datasketch's affine32 scheme, in monitor.enrich.minhash) over word
  3-shingles of the body: reposts, light edits, re-titled copies.
* Sentence anchors (a hash per long sentence, the first few marked as the lead): teasers cut from
  an article, articles wrapped in another site's boilerplate, roundups that quote an older post.

A candidate is only a candidate: `similar` decides on the exact shingle sets, after dropping the
sentences a site repeats in every page (template) and checking that the numbers agree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from monitor.enrich.minhash import signature

NUM_PERM = 80
BANDS, ROWS = 20, 4  # 20 bands of 4 rows: P(candidate) is 0.94 at Jaccard 0.6, 0.02 at 0.2
SHINGLE = 3
SCHEME = "affine32"  # keys in the index depend on it: change only with `monitor restory`
MAX_CHARS = 20_000  # work per item is capped; the opening says what the story is
MAX_SENTENCES = 40
LEAD_SENTENCES = 3
MIN_SENTENCE_TOKENS = 6
MIN_BODY_TOKENS = 12  # below this a body says too little to join a story by text alone


@dataclass(frozen=True)
class Thresholds:
    """What makes two reports one story. Change them, then run `monitor restory`."""

    jaccard: float = 0.45
    containment: float = 0.75
    min_shared_shingles: int = 12
    numbers_agree: float = 0.5


THRESHOLDS = Thresholds()

# Single characters of scripts written without spaces count as words.
TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f\u0e80-\u0eff]|[^\W_]+")
SENTENCE_END = re.compile(r"(?<=[.!?\u3002\uff01\uff1f])\s+|\n+")
NUMBER = re.compile(r"\d")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def key64(data: str | bytes) -> int:
    """A signed 64-bit hash, the shape SQLite stores as an INTEGER."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big", signed=True)


def shingles(toks: list[str]) -> set[str]:
    if len(toks) < SHINGLE:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)}


@dataclass
class Sentence:
    key: int
    tokens: list[str]


@dataclass
class Doc:
    """What the pair test and the index need to know about one item's text."""

    title_tokens: list[str]
    sentences: list[Sentence]
    body_tokens: list[str]
    body_key: int | None

    @property
    def prefix_key(self) -> list[int]:
        """The opening words, whatever the sentences: a teaser cut mid-sentence keeps them."""
        if len(self.body_tokens) < MIN_BODY_TOKENS:
            return []
        return [key64("prefix " + " ".join(self.body_tokens[:MIN_BODY_TOKENS]))]

    @property
    def long_keys(self) -> list[int]:
        """Sentences long enough to be news rather than chrome, in order, each once."""
        seen: dict[int, None] = {}
        for s in self.sentences:
            if len(s.tokens) >= MIN_SENTENCE_TOKENS:
                seen.setdefault(s.key, None)
        return list(seen)[:MAX_SENTENCES]

    @property
    def lead_keys(self) -> list[int]:
        return self.prefix_key + self.long_keys[:LEAD_SENTENCES]

    @property
    def anchor_keys(self) -> list[int]:
        return self.prefix_key + self.long_keys


def make_doc(title: str, text: str) -> Doc:
    """Split a report into sentences; the title is kept apart, since copies get new titles."""
    text = (text or "")[:MAX_CHARS]
    sentences = []
    for part in SENTENCE_END.split(text):
        toks = tokens(part)
        if toks:
            sentences.append(Sentence(key64(" ".join(toks)), toks))
    title_toks = tokens(title or "")
    # A body that only repeats the title says nothing more.
    if sentences and [t for s in sentences for t in s.tokens] == title_toks:
        sentences = []
    body = [t for s in sentences for t in s.tokens]
    body_key = key64("body " + " ".join(body)) if len(body) >= MIN_BODY_TOKENS else None
    return Doc(title_toks, sentences, body, body_key)


def band_keys(doc: Doc) -> list[int]:
    """LSH band keys of the body's 3-shingles; none for a body too short to judge."""
    if len(doc.body_tokens) < MIN_BODY_TOKENS:
        return []
    values = signature([s.encode("utf-8") for s in shingles(doc.body_tokens)], NUM_PERM, seed=1)
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS]
        keys.append(key64(band.to_bytes(2, "big") + chunk.astype(">u8").tobytes()))
    return keys


def _numbers(toks: list[str]) -> set[str]:
    return {t for t in toks if NUMBER.search(t)}


def _strip_shared_ends(a: list[Sentence], b: list[Sentence]) -> tuple[list[Sentence], ...]:
    """Drop the sentences two pages of one site share at their start and end (header, footer)."""
    start = 0
    while start < min(len(a), len(b)) and a[start].key == b[start].key:
        start += 1
    end = 0
    room = min(len(a), len(b)) - start
    while end < room and a[len(a) - 1 - end].key == b[len(b) - 1 - end].key:
        end += 1
    return a[start : len(a) - end], b[start : len(b) - end]


@dataclass(frozen=True)
class Verdict:
    same: bool
    score: float
    reason: str


def similar(
    a: Doc,
    b: Doc,
    same_source: bool = False,
    template: frozenset[int] = frozenset(),
    thresholds: Thresholds = THRESHOLDS,
) -> Verdict:
    """Is `a`, a new report, one of the story that `b`, an earlier one, reports?

    `template`: sentence keys that `a`'s site repeats on every page. The score is the share of
    `a` that `b` explains. A new report may quote an earlier one anywhere (a repost in another
    site's frame, a roundup); a new report found inside an earlier, longer one must be its
    opening (a teaser), not a passage of a digest that happened to come first."""
    sa = [s for s in a.sentences if s.key not in template]
    sb = [s for s in b.sentences if s.key not in template]
    if same_source:
        ra, rb = _strip_shared_ends(sa, sb)
        if not ra and not rb:
            # Identical bodies on one site: the same post again only if the title agrees too.
            if a.title_tokens != b.title_tokens:
                return Verdict(False, 0.0, "same site, same body, other title: template page")
        elif not ra or not rb:
            return Verdict(False, 0.0, "same site, one page is the other's frame")
        else:
            sa, sb = ra, rb
    ta = [t for s in sa for t in s.tokens]
    tb = [t for s in sb for t in s.tokens]
    if min(len(ta), len(tb)) < MIN_BODY_TOKENS:
        return Verdict(False, 0.0, "too little text")
    A, B = shingles(ta), shingles(tb)
    shared = len(A & B)
    jaccard = shared / len(A | B)
    containment = shared / min(len(A), len(B))
    shorter, longer = (ta, tb) if len(A) <= len(B) else (tb, ta)
    nums = _numbers(shorter)
    if len(nums) >= 2:
        agree = len(nums & _numbers(longer)) / len(nums)
        if agree < thresholds.numbers_agree:
            return Verdict(False, jaccard, f"numbers disagree ({agree:.2f})")
    coverage = shared / len(A)
    if jaccard >= thresholds.jaccard:
        return Verdict(True, coverage, f"jaccard {jaccard:.2f}")
    if containment < thresholds.containment or shared < thresholds.min_shared_shingles:
        return Verdict(False, coverage, "different")
    if len(A) < len(B):
        opening = shingles(tb[: len(ta) + max(30, len(ta) // 4)])
        if len(A & opening) / len(A) < thresholds.containment:
            return Verdict(False, coverage, "inside a longer earlier report, not its opening")
    return Verdict(True, coverage, f"containment {containment:.2f}")
