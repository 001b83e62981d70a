"""The kind of a text: a news report, or an explainer, a market report, sports or fiction.

Real pages that use our words without reporting an event are most often of another kind: an
encyclopedia entry on the 1984 miners' strike, a legal Q&A defining forced labour, a market
report on a "gold miners rally". The tagger asks `text_kind` first and says the answer in the
evidence; only a news report makes events. Cues live in `textkind.yaml` (lower-case
substrings of the title and lead, per kind: one `strong` cue or two different `weak` ones).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from monitor.errors import ConfigError

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster

CUES = Path(__file__).with_name("textkind.yaml")
KINDS = ("explainer", "market", "sports", "fiction")  # in this order when several fit
LEAD = 600  # characters of title and text read
# a definition opens the text: "A hunger strike is a method ...", "Забастовка - это ...",
# "Mogok kerja adalah ...", "الإضراب هو ..."
_DEFINITION = re.compile(
    r"(?:^|\n)(?:a|an)\s[^\W\d][\w' -]{2,40}?\s(?:is|are)\s(?:a|an|the|one)\s"
    r"|(?:^|\n)[^\W\d][\w' -]{2,40}?\s(?:is|occurs|happens) when\s"
    r"|(?:^|\n)[^\W\d][\w' -]{2,40}?\s(?:-|–|—)\s(?:это|бу|bu|ол)\s"
    r"|(?:^|\n)[^\W\d][\w' -]{2,40}?\s(?:adalah|merupakan|ialah)\s"
    r"|(?:^|\n)[^\W\d][\w -]{2,30}?\s(?:هو|هي)\s"
    r"|(?:^|\n)[^\W\d][\w -]{2,30}?\sبه\s[\w ]{2,30}\sگفته\s(?:می|می‌)\s?شود"
    # "La grève est une cessation ...", "Ein Warnstreik ist eine ...", "La explotación
    # infantil, también llamada ..., es la utilización", "Strajk - to zbiorowa forma",
    # "שביתה היא הפסקת", "Коллективный договор — документ, который ...": a term, then what
    # it is, opening the text or the line after the title
    r"|(?:^|\n)(?:la |le |l'|un |une )?[^\W\d][\w' -]{2,40}?\s(?:est|désigne)\s"
    r"(?:une?|la|le|l'|l’)\s?[^\W\d]"
    r"|(?:^|\n)(?:ein|eine|der|die|das)\s[^\W\d][\w -]{2,40}?\s(?:ist|bezeichnet)\s"
    r"(?:ein|eine|einer|der|die|das)\s"
    r"|(?:^|\n)(?:la |el |lo |o |a |il |uno |una |un )?[^\W\d][\w', -]{2,70}?\s(?:es|é|è)\s"
    r"(?:una?|la|el|lo|o|a|il|uno|l'|l’)\s?[^\W\d][\w-]+\s(?:de|del|da|do|di|della|dal|en|che|que)\s"
    r"|(?:^|\n)per\s[^\W\d][\w -]{2,40}?\ss['’]intende\s"
    r"|(?:^|\n)[^\W\d][\w -]{2,40}?\s[-–—]\s?to\s[^\W\d]"
    r"|(?:^|\n)[\u05d0-\u05ea\u05f0-\u05f4 ]{2,30}\s(?:היא|הוא)\s"
    r"|(?:^|\n)[^\W\d][\w -]{2,40}?\s[-—–]\s[^\W\d]+,?\s(?:который|которая|которое)\s")


@dataclass(frozen=True)
class Kind:
    kind: str                    # news | explainer | market | sports | fiction
    cues: tuple[str, ...] = ()   # the cues that decided it

    def evidence(self) -> str:
        if self.kind == "news":
            return "news (no cue of another kind)"
        return f"{self.kind} (cues: {', '.join(self.cues)})"


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    # lazy: monitor.enrich.tagging imports this module
    from monitor.enrich.tagging.matcher import (
        norm_term,  # (monitor.enrich.tagging imports this module)
    )

    data = yaml.load(CUES.read_text(encoding="utf-8"), Loader=_LOADER)
    problems = [f"{k}: unknown kind" for k in data if k not in KINDS]
    auto = ahocorasick.Automaton()
    for kind in KINDS:
        for strength in ("strong", "weak"):
            for cue in (data.get(kind) or {}).get(strength) or ():
                if not isinstance(cue, str) or not cue.strip() or cue != cue.lower():
                    problems.append(f"{kind}.{strength}: {cue!r} is not a lower-case string")
                    continue
                # folded as the text is (ي -> ی, ё -> е): cues match what the tagger reads
                key = norm_term(cue) if cue.strip() else cue
                key = cue[: len(cue) - len(cue.lstrip())] + key + cue[len(cue.rstrip()):]
                entry = auto.get(key, ())
                auto.add_word(key, (*entry, (kind, strength, cue)))
    if problems:
        raise ConfigError(str(CUES), problems)
    auto.make_automaton()
    return auto


def _unspaced(ch: str) -> bool:
    """Scripts written without spaces between words (a cue may start anywhere)."""
    return "\u0e00" <= ch <= "\u0eff" or "\u1000" <= ch <= "\u109f" or "\u1780" <= ch <= \
        "\u17ff" or "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def text_kind(low_lead: str) -> Kind:
    """The kind of a text from its lower-cased title and lead (the first LEAD characters)."""
    strong: dict[str, list[str]] = {}
    weak: dict[str, set[str]] = {}
    lead = low_lead[:LEAD]
    title_end = lead.find("\n") if "\n" in lead else len(lead)
    in_title: set[str] = set()
    for end, entries in _automaton().iter(lead):
        for kind, strength, cue in entries:
            start = end - len(cue) + 1
            if cue[:1].isalpha() and start > 0 and lead[start - 1].isalpha() \
                    and not _unspaced(cue[0]):
                continue  # inside another word: "رمان" (a novel) in "کرمان" (Kerman)
            if strength == "strong":
                strong.setdefault(kind, []).append(cue.strip())
            else:
                weak.setdefault(kind, set()).add(cue.strip())
                if start < title_end:
                    in_title.add(cue.strip())
    first = low_lead.split("\n", 1)[0].strip()
    if first.endswith(("?", "؟")) and len(first) < 120:  # a question for a title
        # a question headline with "why" in it is one cue, not two: "Why did the municipal
        # workers spread this tablecloth?" is a news report
        weak["explainer"] = {c for c in weak.get("explainer", set()) if c not in in_title}
        weak["explainer"].add("question: title")
    m = _DEFINITION.search(low_lead[:LEAD])
    if m:
        strong.setdefault("explainer", []).insert(0, f"definition: {m.group(0).strip()}")
    for kind in KINDS:
        if kind in strong:
            return Kind(kind, tuple(dict.fromkeys(strong[kind]))[:3])
    for kind in KINDS:
        if len(weak.get(kind, ())) >= 2:
            return Kind(kind, tuple(sorted(weak[kind]))[:3])
    return Kind("news")
