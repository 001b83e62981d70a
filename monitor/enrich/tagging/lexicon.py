"""Lexicon files (`lexicons/<lang>.yaml`): schema check and compilation into patterns.

A term is a lower-case word or phrase. `word*` also matches any continuation of the last word
(`strik*` -> strikes, striking); `term @labour` / `@workplace` / `@union` counts only when a
labour (workers, union ...), workplace (mine, factory ... or an industrial sector word) or union
(union, unionist, strikers ...) term occurs within CONTEXT_WINDOW characters (`@union` falls back
to labour terms in a lexicon without a `union` list); `@crowd` needs a crowd or demand word
(residents, villagers, demanding: "blocked the road @crowd"; falls back to labour terms).
`term !court` counts only when no `court` term (convicted, acquitted, trial ...) is within 40
characters (tagging.UNLESS_WINDOWS): "47 protesters convicted" is court news, not a protest;
`!trend` likewise for words of statistics and trends ("strikes have increased over the past few
years" is commentary, not a strike); `!conflict` for war words within 150 characters (missiles,
shelling, troops: "a strike on the plant killed three workers" after a drone attack is war);
`!crime` for crime words within 60 characters ("workers arrested for stealing cable").
`occupation` terms (drivers, pilots, staff) count as labour context but not as a workplace.
`negative` phrases cancel every hit they overlap ("air strike").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monitor.enrich.tagging.matcher import Pattern, lower, norm_term
from monitor.errors import ConfigError

LEXICON_DIR = Path(__file__).parent / "lexicons"
EVENT_TYPES: tuple[str, ...] = (
    "strike", "protest", "safety_incident", "forced_labour", "child_labour", "wage_theft",
    "repression", "organizing",
)
SECTORS: tuple[str, ...] = (
    "mining", "oil_gas", "textile_garment", "agriculture", "construction", "manufacturing",
    "transport_logistics", "health", "education", "public_sector", "platform_gig",
    "domestic_work", "electronics", "fishing",
)
CONTEXTS = ("labour", "workplace", "union", "crowd", "court", "occupation", "trend", "conflict",
            "crime", "politics", "statistic", "policy", "boilerplate", "custody", "community",
            "pay", "arrears")
NEEDS = ("labour", "workplace", "union", "crowd")   # what `@context` may ask for
UNLESS = ("court", "trend", "conflict", "crime")     # what `!context` may rule out
FIGURES = ("killed", "injured", "workers")
MODES = ("word", "substring", "prefix")
TOP_KEYS = {
    "language", "name", "mode", "prefixes", "names", "events", "negative", "context",
    "sectors", "figures", "numbers", "countries",
}
NAME_KEYS = {"suffix", "stem", "strip", "derive", "agree", "cities"}
CONTEXT_WINDOW = 150


@dataclass
class Lexicon:
    language: str
    mode: str = "word"
    prefixes: tuple[str, ...] = ()
    name_suffix: int = 0
    name_stem: str = ""
    name_strip: tuple[str, ...] = ()          # endings cut before a derivation suffix
    name_derive: tuple[str, ...] = ()         # adjective/demonym suffixes: Kanad+ier, канад+ск
    name_agree: tuple[tuple[str, ...], ...] = ()  # adjective endings of multiword names
    countries: dict[str, list[str]] = field(default_factory=dict)  # code -> extra names
    name_cities: bool = False   # GeoNames city names take this language's case endings too
    patterns: list[Pattern] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    has_union: bool = False
    has_crowd: bool = False


def _terms(value: Any, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list):
        problems.append(f"{where}: expected a list of terms")
        return []
    out = []
    for i, t in enumerate(value):
        if not isinstance(t, str) or not t.strip():
            problems.append(f"{where}[{i}]: expected a non-empty string, got {t!r}")
            continue
        body, needs, unless = split_term(t)
        if "*" in body.rstrip("*"):
            problems.append(f"{where}[{i}] ({t}): * only at the end of a term")
        if needs and needs not in NEEDS:
            problems.append(f"{where}[{i}] ({t}): unknown context @{needs}, "
                            "use @labour/@workplace/@union/@crowd")
        for u in unless:
            if u not in UNLESS:
                problems.append(f"{where}[{i}] ({t}): unknown context !{u}, "
                                "use !court/!trend/!conflict/!crime")
        if not norm_term(body.rstrip("*")):
            problems.append(f"{where}[{i}]: empty term")
        if lower(body.strip()) != body.strip():
            problems.append(f"{where}[{i}] ({t}): write terms in lower case")
        out.append(t)
    return out


def split_term(raw: str) -> tuple[str, str | None, tuple[str, ...]]:
    """`"term @labour !court"` -> ("term", "labour", ("court",)): the term, what it needs nearby
    and what must not be nearby."""
    words = raw.split(" ")
    needs: str | None = None
    unless: list[str] = []
    while len(words) > 1 and words[-1][:1] in ("@", "!") and len(words[-1]) > 1:
        mark = words.pop()
        if mark[0] == "@":
            needs = mark[1:]
        else:
            unless.insert(0, mark[1:])
    body = " ".join(words)
    return body, needs, tuple(unless)


def _section(data: dict, key: str, allowed: tuple[str, ...], problems: list[str]) -> dict:
    sec = data.get(key) or {}
    if not isinstance(sec, dict):
        problems.append(f"{key}: expected a mapping")
        return {}
    for k, v in sec.items():
        if k not in allowed:
            problems.append(f"{key}.{k}: unknown, expected one of {', '.join(allowed)}")
        _terms(v, f"{key}.{k}", problems)
    return sec


def validate(data: Any, stem: str) -> list[str]:
    """Every problem in one lexicon file's data (empty list when it is valid)."""
    if not isinstance(data, dict):
        return ["the file must be a mapping"]
    problems = [f"{k}: unknown key" for k in data if k not in TOP_KEYS]
    if data.get("language") != stem:
        problems.append(f"language: must be {stem!r} (the file name)")
    if data.get("mode", "word") not in MODES:
        problems.append(f"mode: one of {', '.join(MODES)}")
    _section(data, "events", EVENT_TYPES, problems)
    _section(data, "sectors", SECTORS, problems)
    _section(data, "context", CONTEXTS, problems)
    _section(data, "figures", FIGURES, problems)
    _terms(data.get("negative", []), "negative", problems)
    _terms(data.get("prefixes", []), "prefixes", problems)
    names = data.get("names", {})
    if not isinstance(names, dict) or set(names) - NAME_KEYS:
        problems.append("names: a mapping with optional suffix (int), stem (letters), strip, "
                        "derive (lists of endings) and agree (list of lists of endings)")
    else:
        if not isinstance(names.get("suffix", 0), int):
            problems.append("names.suffix: an integer")
        if not isinstance(names.get("cities", False), bool):
            problems.append("names.cities: true or false")
        for key in ("strip", "derive"):
            _terms(names.get(key, []), f"names.{key}", problems)
        agree = names.get("agree", [])
        if not isinstance(agree, list) or not all(
                isinstance(g, list) and all(isinstance(e, str) for e in g) for g in agree):
            problems.append("names.agree: a list of lists of endings")
    countries = data.get("countries", {})
    if not isinstance(countries, dict) or not all(
        isinstance(k, str) and len(k) == 2 and k.isupper() and isinstance(v, list)
        and all(isinstance(n, str) and n.strip() for n in v) for k, v in countries.items()
    ):
        problems.append("countries: a mapping of alpha-2 code -> list of names")
    nums = data.get("numbers", {})
    if not isinstance(nums, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in nums.items()
    ):
        problems.append("numbers: a mapping of word -> non-negative integer")
    return problems


def _pattern(kind: str, label: str, raw: str, lex: Lexicon) -> Pattern:
    body, needs, unless = split_term(raw)
    body = body.strip()
    star = body.endswith("*")
    term = norm_term(body.rstrip("*"))
    if lex.mode == "substring":
        boundary, suffix = False, -1
    elif lex.mode == "prefix" or star:
        boundary, suffix = True, -1
    else:
        boundary, suffix = True, 0
    return Pattern(kind, label, lex.language, term, boundary, suffix,
                   needs=needs or None, prefixes=lex.prefixes, unless=unless)


def load_file(path: Path) -> Lexicon:
    data = yaml.load(path.read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    problems = validate(data, path.stem)
    if problems:
        raise ConfigError(str(path), problems)
    names = data.get("names") or {}
    lex = Lexicon(
        language=data["language"],
        mode=data.get("mode", "word"),
        prefixes=tuple(norm_term(p) for p in data.get("prefixes") or ()),
        name_suffix=names.get("suffix", 0),
        name_stem=names.get("stem", ""),
        name_strip=tuple(sorted((norm_term(e) for e in names.get("strip") or ()),
                                key=len, reverse=True)),
        name_derive=tuple(norm_term(e) for e in names.get("derive") or ()),
        name_agree=tuple(tuple(norm_term(e) for e in g) for g in names.get("agree") or ()),
        countries={k: list(v) for k, v in (data.get("countries") or {}).items()},
        name_cities=bool(names.get("cities", False)),
        numbers={norm_term(k): v for k, v in (data.get("numbers") or {}).items()},
        has_union=bool((data.get("context") or {}).get("union")),
        has_crowd=bool((data.get("context") or {}).get("crowd")),
    )
    for kind, key in (("event", "events"), ("sector", "sectors"), ("context", "context"),
                      ("figure", "figures")):
        for label, terms in (data.get(key) or {}).items():
            lex.patterns += [_pattern(kind, label, t, lex) for t in terms]
    lex.patterns += [_pattern("negative", "negative", t, lex) for t in data.get("negative") or ()]
    return lex


def lexicon_files() -> list[Path]:
    return sorted(p for p in LEXICON_DIR.glob("*.yaml") if not p.stem.startswith("_"))


def load_all() -> dict[str, Lexicon]:
    return {p.stem: load_file(p) for p in lexicon_files()}
