"""Score the tagger on our own labelled real-news excerpts (bench/data/realnews/*.jsonl).

    .venv/bin/python bench/realnews.py [--show-errors N] [--group NAME] [--passes N]

The one loader, scorer and table of the real-news set: bench/tagging.py prints this table (once)
after the corpora sets. What is measured and why:

- relevance P/R/F1 and specificity (TN / (TN + FP): how often an unrelated or hard-negative
  article stays unflagged), in all, per language group (the file an item is stored in), per
  kind of text (news, explainer, market, sports, fiction, other) and, for the negatives alone,
  per kind;
- event-type micro P/R/F1 (gold and predicted types as sets), and F1 per event type;
- countries micro P/R/F1 (ISO alpha-2 sets);
- figures: for every (item, field) whose gold figure is stated (killed, injured,
  workers_involved), the share predicted exactly (`fig`, over `stat` stated figures); and the
  number of figures predicted where the gold says none is stated (`spur`);
- rows sharing a `story` value (translations and reposts of one report) and how many of those
  stories get different event types on their rows (issue 14, requirement 7);
- speed: items/s of the tagger and of the baseline, best of `--passes` alternating passes.

Each row has the tagger (monitor.enrich.tag_fields: language detected from the text, as the
pipeline does for an item without a declared language) beside the English keyword baseline
(`BASELINE_RE` event regexes, also bench/tagging.py's baseline; pycountry English country names;
a naive English "<number> killed/injured/workers" regex for figures), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "realnews"
FIGURES = ("killed", "injured", "workers_involved")
KINDS = ("news", "explainer", "market", "sports", "fiction", "other")

BASELINE_RE = {
    "strike": re.compile(r"\b(strikes?|striking|walkouts?)\b", re.I),
    "protest": re.compile(r"\b(protest\w*|demonstrat\w*|rall(y|ies|ied)|march(es|ed)?|picket\w*)\b",
                          re.I),
    "safety_incident": re.compile(r"\b(explosions?|killed|injured|accidents?)\b", re.I),
}
BASELINE_FIGURES = {
    "killed": re.compile(r"\b(\d[\d,]*)\s+(?:\w+\s+){0,2}(?:killed|dead|died)\b", re.I),
    "injured": re.compile(r"\b(\d[\d,]*)\s+(?:\w+\s+){0,2}(?:injured|hurt|wounded)\b", re.I),
    "workers_involved": re.compile(r"\b(\d[\d,]*)\s+(?:\w+\s+){0,2}(?:workers|miners|employees)\b",
                                   re.I),
}


def load(root: Path = DATA) -> list[dict[str, Any]]:
    """Every labelled item, with its language group (the file it is stored in) as `group`."""
    items: list[dict[str, Any]] = []
    for path in sorted(root.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path.name}:{n}: not JSON: {e}") from e
                item["group"] = path.stem
                items.append(item)
    return items


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Score:
    """Counts for one row (a set, a language group or a kind of text)."""

    def __init__(self) -> None:
        self.rel: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self.countries: Counter[str] = Counter()
        self.fig_stated = 0
        self.fig_exact = 0
        self.fig_spurious = 0

    def add(self, item: dict[str, Any], pred: dict[str, Any]) -> None:
        gold = item["labels"]
        g_rel, p_rel = bool(gold["relevant"]), bool(pred["event_types"])
        self.rel["tp" if g_rel and p_rel else "fp" if p_rel else "fn" if g_rel else "tn"] += 1
        for key, g, p in (("types", set(gold["event_types"]), set(pred["event_types"])),
                          ("countries", set(gold["countries"]), set(pred["countries"]))):
            c = getattr(self, key)
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
        for f in FIGURES:
            if gold.get(f) is not None:
                self.fig_stated += 1
                self.fig_exact += pred.get(f) == gold[f]
            elif pred.get(f) is not None:
                self.fig_spurious += 1

    @property
    def n(self) -> int:
        return sum(self.rel.values())

    def relevance(self) -> tuple[float, float, float]:
        return _prf(self.rel["tp"], self.rel["fp"], self.rel["fn"])

    def specificity(self) -> float | None:
        neg = self.rel["tn"] + self.rel["fp"]
        return self.rel["tn"] / neg if neg else None

    def events(self) -> tuple[float, float, float]:
        return _prf(self.types["tp"], self.types["fp"], self.types["fn"])

    def places(self) -> tuple[float, float, float]:
        return _prf(self.countries["tp"], self.countries["fp"], self.countries["fn"])

    def figures(self) -> float | None:
        return self.fig_exact / self.fig_stated if self.fig_stated else None


def baseline(title: str, text: str) -> dict[str, Any]:
    """The English keyword baseline: regex event types, English country names, regex figures."""
    blob = f"{title}\n{text}"
    out: dict[str, Any] = {"event_types": [t for t, rx in BASELINE_RE.items() if rx.search(blob)],
                           "countries": sorted({code for name, code in _country_names()
                                                if name in blob})}
    for f, rx in BASELINE_FIGURES.items():
        m = rx.search(blob)
        out[f] = int(m.group(1).replace(",", "")) if m else None
    return out


_NAMES: list[tuple[str, str]] = []


def _country_names() -> list[tuple[str, str]]:
    if not _NAMES:
        import pycountry

        _NAMES.extend((c.name, c.alpha_2) for c in pycountry.countries)
    return _NAMES


def tagger() -> Callable[[str, str], dict[str, Any]]:
    """The pipeline's tagging: language detected from the text, then tag_text."""
    from monitor.enrich import tag_fields

    def run(title: str, text: str) -> dict[str, Any]:
        return tag_fields(title, text)

    return run


def _fmt(t: Iterable[float]) -> str:
    return " ".join(f"{x:.3f}" for x in t)


def _opt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _timed(run: Callable[[str, str], dict[str, Any]], items: list[dict[str, Any]]
           ) -> tuple[float, list[dict[str, Any]]]:
    t0 = time.perf_counter()
    out = [run(it.get("title") or "", it["text"]) for it in items]
    return time.perf_counter() - t0, out


def score(items: list[dict[str, Any]],
          tag: Callable[[str, str], dict[str, Any]] | None = None,
          passes: int = 1) -> dict[str, Any]:
    """Tag every item with the tagger and the baseline; return the rows, the predictions and
    the time of both (best of `passes` passes each, alternating, in the same run)."""
    tag = tag or tagger()
    tag("warm up", "workers in Paris went on strike")
    baseline("warm up", "workers in Paris went on strike")
    t_ours = t_base = float("inf")
    preds: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    for _ in range(max(1, passes)):
        t, preds = _timed(tag, items)
        t_ours = min(t_ours, t)
        t, base = _timed(baseline, items)
        t_base = min(t_base, t)
    rows: dict[str, dict[str, Score]] = {"ours": defaultdict(Score), "base": defaultdict(Score)}
    for it, p, b in zip(items, preds, base, strict=True):
        keys = ["ALL", f"group:{it['group']}", f"kind:{it['kind']}"]
        if not it["labels"]["relevant"]:
            keys.append(f"neg:{it['kind']}")
        for k in keys:
            rows["ours"][k].add(it, p)
            rows["base"][k].add(it, b)
    return {"rows": rows, "preds": preds, "base": base, "elapsed": t_ours,
            "elapsed_base": t_base}


def stories(items: list[dict[str, Any]], preds: list[dict[str, Any]]
            ) -> tuple[int, list[str]]:
    """Issue 14 requirement 7: rows sharing a `story` (translations, reposts of one report)
    should get one set of event types. Returns the number of such stories and a line per
    story whose rows disagree."""
    by_story: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for it, p in zip(items, preds, strict=True):
        if it.get("story"):
            by_story[it["story"]].append((it, p))
    multi = {k: v for k, v in by_story.items() if len(v) > 1}
    differ = [f"{k}: " + ", ".join(f"{it['id']} {sorted(p['event_types'])}" for it, p in v)
              for k, v in sorted(multi.items())
              if len({tuple(sorted(p["event_types"])) for _, p in v}) > 1]
    return len(multi), differ


def report(items: list[dict[str, Any]], result: dict[str, Any], show_errors: int = 0,
           out: Any = None, name: str = "real-news dev set (bench/data/realnews)") -> None:
    """Print the real-news table: tagger beside baseline, per language group, per kind."""
    out = out or sys.stdout
    ours, base = result["rows"]["ours"], result["rows"]["base"]
    neg = sum(not it["labels"]["relevant"] for it in items)
    langs = Counter(it["language"] for it in items)
    chars = sum(len(it["text"]) + len(it.get("title") or "") for it in items)
    rate, rate_base = len(items) / result["elapsed"], len(items) / result["elapsed_base"]
    print(f"\n{name}: {len(items)} excerpts, {len(langs)} "
          f"languages, {neg} negatives ({neg / len(items):.0%}), {chars / len(items):.0f} "
          "chars/item", file=out)
    print(f"  speed, one core, best pass: tagger {rate:,.0f} items/s, baseline "
          f"{rate_base:,.0f} items/s (baseline/tagger {rate_base / rate:.1f}x)", file=out)
    print("  tagger = monitor.enrich.tag_fields (language detected, as the pipeline does); "
          "baseline = English keyword regexes", file=out)
    head = (f"  {'row':<18} {'n':>4} | {'relevance P R F1':<17} {'spec':>5} | "
            f"{'events P R F1':<17} | {'countries P R F1':<17} | {'fig':>5} {'stat':>4} "
            f"{'spur':>4}")
    print(head, file=out)
    order = ["ALL"] + sorted(k for k in ours if k.startswith("group:")) \
        + [f"kind:{k}" for k in KINDS if f"kind:{k}" in ours] \
        + [f"neg:{k}" for k in KINDS if f"neg:{k}" in ours
           and ours[f"neg:{k}"].n != ours[f"kind:{k}"].n]  # kinds that hold positives too
    for k in order:
        for name, rows in (("tagger", ours), ("base", base)):
            s = rows[k]
            label = k if name == "tagger" else "  baseline"
            positives = s.rel["tp"] + s.rel["fn"]  # a row of negatives has only specificity
            rel = _fmt(s.relevance()) if positives else "-"
            ev = _fmt(s.events()) if positives else "-"
            print(f"  {label:<18} {s.n:>4} | {rel:<17} "
                  f"{_opt(s.specificity()):>5} | {ev:<17} | "
                  f"{_fmt(s.places()):<17} | {_opt(s.figures()):>5} {s.fig_stated:>4} "
                  f"{s.fig_spurious:>4}", file=out)
    for name, preds in (("tagger", result["preds"]), ("baseline", result["base"])):
        per_type: dict[str, Counter[str]] = defaultdict(Counter)
        for it, p in zip(items, preds, strict=True):
            g, q = set(it["labels"]["event_types"]), set(p["event_types"])
            for t in g | q:
                per_type[t]["tp" if t in g and t in q else "fp" if t in q else "fn"] += 1
        print(f"  per event type, {name} F1 (tp fp fn): " + ", ".join(
            f"{t} {_prf(c['tp'], c['fp'], c['fn'])[2]:.2f} ({c['tp']} {c['fp']} {c['fn']})"
            for t, c in sorted(per_type.items())), file=out)
    gold = [{"event_types": it["labels"]["event_types"]} for it in items]
    for name, preds in (("tagger", result["preds"]), ("baseline", result["base"]),
                        ("gold labels", gold)):
        n, differ = stories(items, preds)
        if n:
            print(f"  same story in several rows (translations, reposts; `story` field), "
                  f"{name}: {n} stories, {len(differ)} disagree on event types", file=out)
            for line in differ if name == "tagger" else ():
                print(f"    {line}", file=out)
    lang_ok = sum(p.get("language") == it["language"] for it, p in zip(items, result["preds"],
                                                                         strict=True))
    print(f"  language detected = labelled language: {lang_ok}/{len(items)}", file=out)
    if show_errors:
        errors(items, result["preds"], show_errors, out)


def errors(items: list[dict[str, Any]], preds: list[dict[str, Any]], limit: int,
           out: Any = None) -> None:
    """The tagger's errors by kind: false positives by kind of text, missed events by
    language, wrong event types, wrong countries, wrong figures (at most `limit` each)."""
    out = out or sys.stdout
    groups: dict[str, list[str]] = defaultdict(list)
    for it, p in zip(items, preds, strict=True):
        gold = it["labels"]
        g, q = set(gold["event_types"]), set(p["event_types"])
        text = ((it.get("title") or "") + " | " + it["text"])[:220].replace("\n", " ")
        ev = p.get("tag_evidence") or {}
        head = f"[{it['id']} {it['kind']}] {text!r}"
        if q and not g:
            why = {k: v for k, v in ev.items() if k in q}
            groups[f"false positive, kind {it['kind']}"].append(f"{head}\n      -> {sorted(q)} "
                                                                 f"{why} ({it['reason']})")
        elif g and not q:
            groups[f"missed, {it['language']}"].append(
                f"{head}\n      gold {sorted(g)} ({it['reason']}) suppressed "
                f"{ev.get('suppressed', [])} kind {ev.get('kind')}")
        elif g != q:
            why = {k: v for k, v in ev.items() if k in q - g}
            groups["wrong types"].append(f"{head}\n      gold {sorted(g)} -> {sorted(q)} {why}")
        if set(gold["countries"]) != set(p["countries"]):
            why = {k: v for k, v in ev.items() if k.startswith(("country:", "place_skipped"))}
            groups["countries"].append(f"{head}\n      gold {gold['countries']} -> "
                                       f"{p['countries']} {why}")
        bad = [f for f in FIGURES if gold.get(f) is not None and p.get(f) != gold[f]]
        spurious = [f for f in FIGURES if gold.get(f) is None and p.get(f) is not None]
        if bad or spurious:
            why = {k: v for k, v in ev.items() if k in ("killed", "injured", "workers")}
            groups["figures"].append(
                f"{head}\n      gold {[(f, gold.get(f)) for f in FIGURES]} -> "
                f"{[(f, p.get(f)) for f in FIGURES]} {why} ({it['reason']})")
    for name in sorted(groups):
        print(f"\n  == {name}: {len(groups[name])}", file=out)
        for line in groups[name][:limit]:
            print(f"    {line}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", type=int, default=0,
                    help="print up to N errors of each kind (false positives by kind of text, "
                    "misses by language, types, countries, figures)")
    ap.add_argument("--passes", type=int, default=3, help="timed passes (best is kept)")
    ap.add_argument("--group", help="only this language group (file stem)")
    args = ap.parse_args(argv)
    items = load()
    if args.group:
        items = [it for it in items if it["group"] == args.group]
    if not items:
        print(f"no labelled items under {DATA}")
        return 1
    report(items, score(items, passes=args.passes), args.show_errors)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
