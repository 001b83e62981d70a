"""Score monitor.enrich.tagging on the labelled dev sets in ../shared/corpora (protest_* folders).

    .venv/bin/python bench/tagging.py [--corpora PATH]

Prints relevance P/R/F1, per-event-type and micro F1, countries micro F1 and sector counts, per
data set and per language, next to a naive English keyword-regex baseline measured in the same
run, and the tagger's throughput. How corpus labels map to our event types (see docs/tagging.md):

- protest_flores_sib200_multilingual: label protest -> {protest}; accident (traffic, racing, a
  rescue at sea: none at work) and other -> no event (not relevant).
- protest_case2021_task2_acled: PEACE_PROTEST, PROTEST_WITH_INTER, FORCE_AGAINST_PROTEST,
  VIOL_DEMONSTR -> {protest}; MAN_MADE_DISASTER flagged industrial_or_workplace_incident ->
  {safety_incident}; everything else (MOB_VIOL vigilante attacks included) -> no event.
- protest_kyrgyz_24kg_news: protest true -> {protest}; false -> none; null (ambiguous) skipped.
  The set labels protests only, so a mine accident or unpaid wages we tag counts as a false
  positive in the `kyrgyz` row; the `kyrgyz_ps` row scores the same items on our protest and
  strike tags only (what the gold labels). Both are printed; ALL uses the `kyrgyz` row.
- protest_glocon_gold_sample (documents, sentences) and protest_case2021_task1_samples:
  label 1 -> relevant, 0 -> not, 2 (planned/threatened) and unlabelled skipped. Relevance only:
  their "protest" includes strikes, so no event-type gold. GLOCON also labels armed attacks,
  bombings and election violence as events, which our vocabulary leaves out on purpose, so
  `ALL_but_glocon` is printed under `ALL` (ALL stays the figure to quote).
- realnews (`--realnews DIR`; default bench/data/realnews): excerpts of real news pages labelled
  by us; scored and printed by bench/realnews.py (its docstring says what each column is), once,
  after the corpora sets.
- countries (FLORES): no corpus of ../shared/corpora has country labels. We score
  cross-lingual agreement on FLORES: the countries our tagger finds in the English sentence
  are the (silver) gold for its 52 translations. This measures multilingual place
  recall/precision relative to English, not absolute accuracy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench.realnews as realnews  # noqa: E402
from monitor.enrich.tagging import EVENT_TYPES, tag_text  # noqa: E402

ISSUE_LANGUAGES = ("en ru es fr pt de it pl uk tr ar fa ur hi bn ne id ms vi th tl my km zh ja ko "
                   "kk ky uz tg tk az hy ka mn sw").split()
PROTEST_TAGS = ("protest", "strike")  # what the Kyrgyz set's gold covers
ACLED_PROTEST = {"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"}

def corpora_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("MONITOR_SHARED")
    if env:
        return Path(env) / "corpora"
    # the checkout's neighbour ../shared; a worktree (/work/wt/<branch>) sits one level deeper
    for up in Path(__file__).resolve().parents[2:4]:
        if (up / "shared" / "corpora").is_dir():
            return up / "shared" / "corpora"
    return Path(__file__).resolve().parents[2] / "shared" / "corpora"


def _jsonl(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load(root: Path) -> list[dict]:
    """Items: {set, id, lang, text, gold (set of event types or None), relevant (bool)}."""
    items: list[dict] = []

    def add(ds, rid, lang, text, relevant, gold, extra=None):
        items.append({"set": ds, "id": rid, "lang": lang, "text": text or "",
                      "relevant": relevant, "gold": gold, **(extra or {})})

    p = root / "protest_flores_sib200_multilingual" / "data.jsonl"
    if p.exists():
        for r in _jsonl(p):
            g = {"protest"} if r["label"] == "protest" else set()
            add("flores", r["id"], r["lang"], r["text"], bool(g), g,
                {"flores": r["flores_index_id"]})
    p = root / "protest_case2021_task2_acled" / "data.jsonl"
    if p.exists():
        for r in _jsonl(p):
            if r["label"] in ACLED_PROTEST:
                g = {"protest"}
            elif r["label"] == "MAN_MADE_DISASTER" and r.get("industrial_or_workplace_incident"):
                g = {"safety_incident"}
            else:
                g = set()
            add("acled", r["id"], "en", r["text"], bool(g), g)
    p = root / "protest_kyrgyz_24kg_news" / "data.jsonl"
    if p.exists():
        for r in _jsonl(p):
            if r["protest"] is None:
                continue
            g = {"protest"} if r["protest"] else set()
            add("kyrgyz", r["id"], "ky", r["text"], bool(g), g)
    for name, ds in (("documents.jsonl", "glocon_doc"), ("sentences.jsonl", "glocon_sent")):
        p = root / "protest_glocon_gold_sample" / name
        if p.exists():
            for r in _jsonl(p):
                if r["label"] in (0, 1):
                    add(ds, r["id"], "en", r["text"], r["label"] == 1, None)
    p = root / "protest_case2021_task1_samples" / "data.jsonl"
    if p.exists():
        for r in _jsonl(p):
            if r.get("label") in (0, 1):
                text = r.get("text") or " ".join(r.get("sentences") or [])
                add("case_pt", r["id"], "pt", text, r["label"] == 1, None)
    return items


def baseline(text: str) -> list[str]:
    return [t for t, rx in realnews.BASELINE_RE.items() if rx.search(text)]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Score:
    def __init__(self):
        self.rel = Counter()
        self.types: dict[str, Counter] = defaultdict(Counter)

    def add(self, item: dict, pred_types: list[str]) -> None:
        pr, gr = bool(pred_types), item["relevant"]
        self.rel["tp" if pr and gr else "fp" if pr else "fn" if gr else "tn"] += 1
        if item["gold"] is None:
            return
        for t in EVENT_TYPES:
            p, g = t in pred_types, t in item["gold"]
            if p or g:
                self.types[t]["tp" if p and g else "fp" if p else "fn"] += 1

    def relevance(self):
        return prf(self.rel["tp"], self.rel["fp"], self.rel["fn"])

    def micro(self):
        c = Counter()
        for v in self.types.values():
            c.update(v)
        return prf(c["tp"], c["fp"], c["fn"])


def fmt(t):
    return " ".join(f"{x:.3f}" for x in t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora")
    ap.add_argument("--realnews", help="folder of real-news *.jsonl (labels in each row)")
    ap.add_argument("--only-realnews", action="store_true", help="skip the corpora sets")
    ap.add_argument("--show-errors", type=int, default=0, help="print N misclassified items")
    ap.add_argument("--reviewed", metavar="FILE",
                    help="score only the items of `monitor reviews export` (staff-reviewed)")
    ap.add_argument("--passes", type=int, default=3, help="timed real-news passes (best kept)")
    args = ap.parse_args(argv)
    if args.reviewed:
        return _reviewed(Path(args.reviewed), args.show_errors)
    root = corpora_dir(args.corpora)
    if args.only_realnews:
        return 0 if _realnews(args) else 1
    items = load(root)
    if not items:
        print(f"no corpora found under {root}")
        return 0 if _realnews(args) else 1
    tag_text("warm up", "workers in Paris", "en")  # loads the place tables too (once per process)
    t0 = time.perf_counter()
    preds = [tag_text("", it["text"], it["lang"]) for it in items]
    elapsed = time.perf_counter() - t0
    chars = sum(len(it["text"]) for it in items)

    from monitor.enrich.tagging.lexicon import lexicon_files

    supported = {p.stem for p in lexicon_files()} | {"prs"}  # prs (Dari) is read as fa
    ours, base = defaultdict(Score), defaultdict(Score)
    by_lang_ours, by_lang_base = defaultdict(Score), defaultdict(Score)
    errors = []
    for it, tg in zip(items, preds, strict=True):
        bt = baseline(it["text"])
        keys = [it["set"], "ALL"]
        if not it["set"].startswith("glocon"):  # GLOCON also counts armed attacks as events
            keys.append("ALL_but_glocon")
        if it["set"] == "flores" and it["lang"] in supported:
            keys.append("flores_ours")  # only the languages we have a lexicon for
        for key in keys:
            ours[key].add(it, tg.event_types)
            base[key].add(it, bt)
        if it["set"] == "kyrgyz":  # scored on the tags its gold labels, beside the any-tag row
            ours["kyrgyz_ps"].add(it, [t for t in tg.event_types if t in PROTEST_TAGS])
            base["kyrgyz_ps"].add(it, [t for t in bt if t in PROTEST_TAGS])
        if it["set"] == "flores":
            by_lang_ours[it["lang"]].add(it, tg.event_types)
            by_lang_base[it["lang"]].add(it, bt)
        if bool(tg.event_types) != it["relevant"]:
            errors.append((it, tg))

    print(f"corpora: {root}  items: {len(items)}")
    print(f"throughput: {len(items) / elapsed:,.0f} items/s, {chars / elapsed / 1e6:.2f} M chars/s "
          f"(one core, mean {chars / len(items):.0f} chars/item)\n")
    print(f"{'set':<14} {'n':>5} | {'relevance P R F1 (ours)':<24} | {'baseline':<18} "
          f"| {'event micro P R F1':<18} | {'baseline':<18}")
    for key in sorted(ours, key=lambda k: (k.startswith("ALL"), k)):
        o, b = ours[key], base[key]
        n = sum(o.rel.values())
        print(f"{key:<14} {n:>5} | {fmt(o.relevance()):<24} | {fmt(b.relevance()):<18} | "
              f"{fmt(o.micro()) if o.types else '-':<18} | {fmt(b.micro()) if b.types else '-'}")
    print("\nper event type (all sets with event-type gold), F1 ours / baseline (tp fp fn):")
    for t in EVENT_TYPES:
        o, b = ours["ALL"].types.get(t, Counter()), base["ALL"].types.get(t, Counter())
        if o or b:
            print(f"  {t:<16} {prf(o['tp'], o['fp'], o['fn'])[2]:.3f} "
                  f"({o['tp']} {o['fp']} {o['fn']}) / {prf(b['tp'], b['fp'], b['fn'])[2]:.3f}")

    print("\nFLORES per language: relevance F1 ours / baseline (tp fp fn ours)")
    line = []
    for lang in sorted(by_lang_ours):
        o, b = by_lang_ours[lang], by_lang_base[lang]
        line.append(f"{lang}:{o.relevance()[2]:.2f}/{b.relevance()[2]:.2f}"
                    f"({o.rel['tp']} {o.rel['fp']} {o.rel['fn']})")
    for i in range(0, len(line), 6):
        print("  " + "  ".join(line[i:i + 6]))

    # countries: cross-lingual agreement with the English side of FLORES (silver)
    en_c = {it["flores"]: set(tg.countries) for it, tg in zip(items, preds, strict=True)
            if it["set"] == "flores" and it["lang"] == "en"}
    base_names = _baseline_country_names()
    c_ours, c_base = Counter(), Counter()
    per_lang_c: dict[str, Counter] = defaultdict(Counter)
    for it, tg in zip(items, preds, strict=True):
        if it["set"] != "flores" or it["lang"] == "en" or it["flores"] not in en_c:
            continue
        gold = en_c[it["flores"]]
        for pred, c in ((set(tg.countries), c_ours),
                        ({code for n, code in base_names if n in it["text"]}, c_base)):
            c["tp"] += len(pred & gold)
            c["fp"] += len(pred - gold)
            c["fn"] += len(gold - pred)
        per_lang_c[it["lang"]]["tp"] += len(set(tg.countries) & gold)
        per_lang_c[it["lang"]]["fp"] += len(set(tg.countries) - gold)
        per_lang_c[it["lang"]]["fn"] += len(gold - set(tg.countries))
    print(f"\ncountries (FLORES translations vs English-side silver, {len(en_c)} sentences with "
          f"{sum(len(v) for v in en_c.values())} country mentions):")
    print(f"  micro P R F1 ours {fmt(prf(c_ours['tp'], c_ours['fp'], c_ours['fn']))}  "
          f"baseline (English names) {fmt(prf(c_base['tp'], c_base['fp'], c_base['fn']))}")
    weak = sorted((prf(c["tp"], c["fp"], c["fn"])[2], lang) for lang, c in per_lang_c.items())
    print("  weakest languages: " + ", ".join(f"{lang} {f:.2f}" for f, lang in weak[:10]))
    req = Counter()
    for lang in ISSUE_LANGUAGES:
        req.update(per_lang_c.get(lang, Counter()))
    print(f"  the issue's {len(ISSUE_LANGUAGES) - 1} languages besides English: micro P R F1 "
          f"{fmt(prf(req['tp'], req['fp'], req['fn']))}; per language F1 (tp fp fn):")
    line = [f"{lang}:{prf(c['tp'], c['fp'], c['fn'])[2]:.2f}({c['tp']} {c['fp']} {c['fn']})"
            for lang in ISSUE_LANGUAGES if (c := per_lang_c.get(lang))]
    for i in range(0, len(line), 7):
        print("    " + "  ".join(line[i:i + 7]))

    udhr = root / "lid_udhr" / "data.jsonl"
    if udhr.exists():  # a text that names no country: every country found is a false positive
        rows = list(_jsonl(udhr))
        found = Counter()
        for r in rows:
            found[r["lang"]] += len(tag_text("", r["text"], r["lang"]).countries)
        found = +found  # drop the zeros
        print(f"  precision probe, UDHR ({len(rows)} items in {len({r['lang'] for r in rows})} "
              f"languages, no country named): {sum(found.values())} countries found "
              f"({', '.join(f'{k} {v}' for k, v in found.most_common())})")
    _town_probe(root)

    sec = Counter(s for tg in preds if tg.relevant for s in tg.sectors)
    print("\nsectors: no corpus has sector labels; predicted on relevant items: "
          + ", ".join(f"{k} {v}" for k, v in sec.most_common()))
    fig = Counter(k for tg in preds for k in ("killed", "injured", "workers_involved")
                  if getattr(tg, k) is not None)
    print("figures found: " + ", ".join(f"{k} {v}" for k, v in sorted(fig.items())))

    for it, tg in errors[: args.show_errors]:
        print(f"\n[{it['set']} {it['lang']} gold={it['relevant']}] {it['text'][:200]!r}")
        why = {k: v for k, v in tg.evidence.items() if k in EVENT_TYPES}
        print(f"   -> {tg.event_types} {why}")
    _realnews(args)
    return 0


def _realnews(args: argparse.Namespace) -> bool:
    """The real-news dev set's table (bench/realnews.py); False when the set is missing."""
    folder = Path(args.realnews) if args.realnews else realnews.DATA
    items = realnews.load(folder) if folder.is_dir() else []
    if not items:
        print(f"\nno real-news dev set under {folder}")
        return False
    realnews.report(items, realnews.score(items, passes=args.passes), args.show_errors)
    return True


def _reviewed(path: Path, show_errors: int) -> int:
    """Staff-reviewed items (`monitor reviews export`): the real-news table, one row per language.

    Same figures as the dev set (relevance, specificity, event types, countries, figures) beside
    the keyword baseline; a line that is not a labelled item is an error naming its line."""
    from bench import realnews

    items = []
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    labels = item["labels"]
                    if not isinstance(item["text"], str) or not isinstance(
                            labels["event_types"], list) or not isinstance(labels["countries"],
                                                                           list):
                        raise TypeError("text, event_types or countries of the wrong type")
                    labels["relevant"] = bool(labels["relevant"])
                except (ValueError, KeyError, TypeError) as e:
                    raise ValueError(f"{path.name}:{n}: not a labelled item "
                                     f"({type(e).__name__}: {e})") from e
                item["group"] = item.get("language") or "und"
                item.setdefault("kind", "news")
                item.setdefault("language", item["group"])
                items.append(item)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not items:
        print(f"no reviewed items in {path}")
        return 1
    realnews.report(items, realnews.score(items), show_errors, name=f"reviewed items ({path})")
    return 0


REGION = {"KG", "KZ", "UZ", "TJ", "TM", "CN", "RU", "AF"}


def _town_probe(root: Path) -> None:
    """Kyrgyz news (24.kg) names Kyrgyzstan and its neighbours; no country gold. Print the
    countries that only a GeoNames town name gave (the evidence of every one of them is a
    `geonames:` line), with their words, to be read by hand: common words show up here."""
    path = root / "protest_kyrgyz_24kg_news" / "data.jsonl"
    if not path.exists():
        return
    rows = list(_jsonl(path))
    towns, words = Counter(), Counter()
    for r in rows:
        tg = tag_text("", r["text"], r["lang"])
        for code in tg.countries:
            ev = tg.evidence.get(f"country:{code}", [])
            if ev and all(e.startswith("geonames:") for e in ev):
                towns[code] += 1
                words.update(f"{code} {e.split(': ', 1)[1]}" for e in ev)
    outside = sum(v for k, v in towns.items() if k not in REGION)
    print(f"  precision probe, Kyrgyz news ({len(rows)} items): {sum(towns.values())} countries "
          f"from GeoNames towns only, {outside} outside {'/'.join(sorted(REGION))}: "
          + ", ".join(f"{k} {v}" for k, v in towns.most_common()))
    far = [(w, n) for w, n in words.most_common() if w[:2] not in REGION]
    print("    words outside the region: " + (", ".join(f"{w} ({n})" for w, n in far) or "none"))
    near = [(w, n) for w, n in words.most_common() if w[:2] in REGION]
    print("    words inside it, most frequent: " + ", ".join(f"{w} ({n})" for w, n in near[:8]))


def _baseline_country_names() -> list[tuple[str, str]]:
    import pycountry

    return [(c.name, c.alpha_2) for c in pycountry.countries]


if __name__ == "__main__":
    raise SystemExit(main())
