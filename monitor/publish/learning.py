"""Learning from reviews: reviewed items as labelled data, and the tagger's mistakes by language.

`export_lines` writes each reviewed item in the bench's format (bench/data/realnews: `labels`
with relevant, event_types, countries and the figures, a `reason` per line), so
`bench/tagging.py --reviewed FILE` scores the tagger on what staff checked. A rejected item is
labelled not relevant; a corrected one carries the corrected values (they are the item's own
columns, the tagger's are in the review rows). `mistakes` lists, per language, the words that
triggered tags staff rejected or removed, and the tags staff added that the tagger missed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from monitor.enrich.tagging.lexicon import EVENT_TYPES
from monitor.store.reviewed import ReviewedItem, ReviewRow, reviewed_items
from monitor.store.reviews import REJECT_REASONS
from monitor.values import json_list

FIGURES = ("killed", "injured", "workers_involved")
TAG_FIELDS = {"event_types": "event_type", "countries": "country", "sectors": "sector"}


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return "none" if value is None or value == "" else str(value)


def reason_line(item: ReviewedItem, reasons: dict[str, str] | None = None) -> str:
    """Why the item has its labels, from its review rows: who did what, and why."""
    reasons = dict(REJECT_REASONS) if reasons is None else reasons
    who = item.row.get("reviewed_by") or "staff"
    parts: list[str] = []
    for review in item.reviews:
        if review.action == "reject":
            why = reasons.get(review.reason or "", review.reason or "no reason given")
            parts.append(f"rejected by {review.reviewer or who}: {why}"
                         + (f" ({review.note})" if review.note else ""))
        elif review.action == "correct":
            parts.append(f"{review.field} corrected by {review.reviewer or who} from "
                         f"{_shown(review.old_value)} to {_shown(review.new_value)}"
                         + (f" ({review.note})" if review.note else ""))
        elif review.action == "confirm":
            parts.append(f"confirmed by {review.reviewer or who}"
                         + (f" ({review.note})" if review.note else ""))
        elif review.action == "note" and review.note:
            parts.append(f"note by {review.reviewer or who}: {review.note}")
    return "; ".join(parts) or f"{item.status} by {who}"


def labelled_line(item: ReviewedItem, reasons: dict[str, str] | None = None) -> dict[str, Any]:
    """One reviewed item in the bench's format (bench/data/realnews/*.jsonl)."""
    row = item.row
    rejected = item.status == "rejected"
    relevant = bool(row.get("relevant")) and not rejected
    labels: dict[str, Any] = {
        "relevant": relevant,
        "event_types": [] if not relevant else json_list(row.get("event_types")),
        "countries": json_list(row.get("countries")),
        **{f: (None if rejected else row.get(f)) for f in FIGURES},
        "sectors": [] if not relevant else json_list(row.get("sectors")),
        "place": row.get("place"),
    }
    return {
        "id": f"review-{row['id']}", "item_id": row["id"], "url": row.get("url"),
        "language": row.get("language"), "title": row.get("title"),
        "text": row.get("text") or row.get("summary") or "",
        "labels": labels, "kind": "other" if rejected else "news",
        "reason": reason_line(item, reasons),
        "source": row.get("source"), "source_country": row.get("source_country"),
        "published": row.get("published"),
        "review": {"status": item.status, "by": row.get("reviewed_by"),
                   "at": row.get("reviewed_at")},
    }


def export_lines(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every reviewed item as a labelled line, by item id."""
    reasons = dict(REJECT_REASONS)
    return [labelled_line(item, reasons) for item in reviewed_items(db)]


def _evidence(value: Any) -> dict[str, list[str]]:
    from monitor.publish.datasette.item_page import evidence_dict  # lazy: one parser of it

    return evidence_dict(value)


def _words(evidence: dict[str, list[str]], kind: str, code: str) -> list[str]:
    for key in (code, f"{kind}:{code}", f"{kind}s:{code}", code.lower()):
        if key in evidence:
            return evidence[key]
    return []


@dataclass
class Missed:
    """A reviewed item the tagger got short: what staff added (or set) that it had not."""

    item_id: int
    title: str
    what: list[str]
    reviewer: str | None


@dataclass
class LanguageMistakes:
    rejected_words: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(tag, word) -> how many rejected or removed tags that word triggered."""
    rejected_items: int = 0
    missed: list[Missed] = field(default_factory=list)


def _first_corrections(reviews: list[ReviewRow]) -> dict[str, tuple[Any, Any]]:
    """field -> (the tagger's value, the value now): the first old value, the last new one."""
    out: dict[str, tuple[Any, Any]] = {}
    for review in reviews:
        if review.action == "correct" and review.field:
            old = out[review.field][0] if review.field in out else review.old_value
            out[review.field] = (old, review.new_value)
    return out


def mistakes(items: list[ReviewedItem]) -> dict[str, LanguageMistakes]:
    """Per language: the words behind tags staff rejected, and the items the tagger missed."""
    found: dict[str, LanguageMistakes] = defaultdict(LanguageMistakes)
    for item in items:
        row = item.row
        language = str(row.get("language") or "und")
        evidence = _evidence(row.get("tag_evidence"))
        corrections = _first_corrections(item.reviews)
        here = found[language]
        if item.status == "rejected":
            here.rejected_items += 1
            old = corrections.get("event_types", (row.get("event_types"), None))[0]
            tags = set(json_list(old)) | {k for k in evidence if k in EVENT_TYPES}
            for tag in sorted(tags):
                for word in _words(evidence, "event_type", tag) or ["(no words recorded)"]:
                    here.rejected_words[(tag, word)] += 1
            continue
        what: list[str] = []
        for name, (old, new) in corrections.items():
            if name in TAG_FIELDS:
                before, after = set(json_list(old)), set(json_list(new))
                for code in sorted(before - after):
                    for word in _words(evidence, TAG_FIELDS[name], code) or [
                            "(no words recorded)"]:
                        here.rejected_words[(code, word)] += 1
                if after - before:
                    what.append(f"{name}: {', '.join(sorted(after - before))}")
            elif name == "relevant" and new and not old:
                what.append("labour news at all")
            elif name in FIGURES and new is not None and old != new:
                what.append(f"{name}: {new}" + (f" (tagger said {old})" if old is not None
                                                 else ""))
            elif name == "place" and new and not old:
                what.append(f"place: {new}")
        if what:
            here.missed.append(Missed(int(row["id"]), str(row.get("title") or "(no title)"),
                                      what, row.get("reviewed_by")))
    return dict(found)


def report_text(found: dict[str, LanguageMistakes], language_name: Any = None,
                words_shown: int = 20) -> str:
    """The mistakes as plain text for people who edit the lexicons (docs/tagging.md)."""
    name = language_name or (lambda code: code)
    if not any(m.rejected_words or m.missed for m in found.values()):
        return "No rejected tags and no missed tags among the reviewed items yet.\n"
    lines: list[str] = []
    for language in sorted(found, key=lambda k: (-sum(found[k].rejected_words.values())
                                                  - len(found[k].missed), k)):
        m = found[language]
        if not m.rejected_words and not m.missed:
            continue
        lines.append(f"== {name(language)} ({language}): {m.rejected_items} item(s) rejected, "
                     f"{len(m.missed)} with tags the tagger missed")
        if m.rejected_words:
            lines.append("  words behind rejected tags (tag: word, times):")
            for (tag, word), n in m.rejected_words.most_common(words_shown):
                lines.append(f"    {tag}: {word}  x{n}")
        if m.missed:
            lines.append("  missed by the tagger (item: what staff added):")
            for miss in m.missed:
                lines.append(f"    #{miss.item_id} {miss.title[:80]}: {'; '.join(miss.what)}"
                             + (f" (by {miss.reviewer})" if miss.reviewer else ""))
        lines.append("")
    return "\n".join(lines)
