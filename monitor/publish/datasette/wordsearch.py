"""Search as staff expect: word forms, prefixes, OR, and text inside unspaced scripts.

A search on the items list is rewritten into an FTS5 expression before Datasette sees it:

- each word also finds its other forms that occur in the index: the index's vocabulary
  (`items_fts_vocab`) is read from the word's stem onwards and a term is kept when the Snowball
  stemmer of a language written in that script gives it the same stem ("strike" finds
  "strikes", "striking"; "забастовка" finds "забастовки", "забастовку"); a script without a
  stemmer (Kazakh Cyrillic is read by the Russian one) keeps the word alone;
- `word*` is a prefix search, `"two words"` a phrase, `OR` and `NOT` work as written, words
  side by side must all occur;
- a place the gazetteer knows is found in its other spellings ("Karaganda" finds Караганды,
  Қарағанды);
- when the words find nothing, the same words are looked for anywhere in the text through the
  trigram index (Burmese, Thai, Chinese, words inside compounds), and the page says so.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl, urlencode

import snowballstemmer
from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode

from monitor.enrich.tagging.places import gazetteer
from monitor.publish.datasette.search import SEARCH_PATH

# Stemmers tried for a word, by the script of its first letter (languages we read).
SCRIPT_STEMMERS = {
    "LATIN": ("english", "french", "spanish", "portuguese", "german", "italian", "turkish",
              "indonesian", "polish", "czech", "romanian", "dutch"),
    "CYRILLIC": ("russian", "serbian"),
    "ARABIC": ("arabic", "persian"),
    "ARMENIAN": ("armenian",),
    "GREEK": ("greek",),
    "DEVANAGARI": ("hindi", "nepali"),
    "TAMIL": ("tamil",),
}
MIN_STEM = 3  # shorter stems would read half the vocabulary
MAX_FORMS = 30  # forms of one word put in the expression
VOCAB_SCAN = 400  # vocabulary terms read per stem
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
OPERATORS = {"OR", "AND", "NOT"}


@functools.lru_cache(maxsize=32)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


def fold(word: str) -> str:
    """Lower case without diacritics, as the unicode61 index stores words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def script(word: str) -> str:
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ")[0]
    return ""


def stems(word: str) -> dict[str, str]:
    """{language: stem} for the stemmers of the word's script."""
    return {language: _stemmer(language).stemWord(word)
            for language in SCRIPT_STEMMERS.get(script(word), ())}


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


async def word_forms(db: Any, word: str) -> list[str]:
    """The word and the forms of it that occur in the index (same stem in some language)."""

    folded = fold(word)
    wanted = stems(folded)
    forms = [folded]
    for prefix in sorted({s for s in wanted.values() if len(s) >= MIN_STEM}):
        try:
            rows = (await db.execute(
                "select term from items_fts_vocab where term >= :low and term < :high "
                f"limit {VOCAB_SCAN}", {"low": prefix, "high": prefix + "\U0010ffff"})).rows
        except (QueryInterrupted, Exception):  # no vocabulary table (an old copy): the word
            return forms
        for (term,) in rows:
            if term not in forms and any(_stemmer(lang).stemWord(term) == stem
                                         for lang, stem in wanted.items()):
                forms.append(term)
            if len(forms) >= MAX_FORMS:
                return forms
    return forms


@functools.lru_cache(maxsize=1)
def _places() -> list[list[tuple[str, bool]]]:
    """Each gazetteer place's spellings as (folded name, is a prefix ending in `*`)."""

    return [[(fold(n.rstrip("*")), n.endswith("*")) for n in place.get("names", [])
             if n.rstrip("*")] for place in gazetteer().get("places", [])]


def place_spellings(text: str) -> list[tuple[str, bool]]:
    """The other spellings of a place the gazetteer knows by this name ('Karaganda' ->
    Караганд*, Қарағанд*, Karagandy...), or none."""
    folded = fold(text)
    for names in _places():
        if any(folded == name or prefix and folded.startswith(name) and len(name) >= 4
               for name, prefix in names):
            return [(name, prefix) for name, prefix in names if name != folded]
    return []


def _with_places(part: str, value: str) -> str:
    others = place_spellings(value)
    if not others:
        return part
    spelled = [_quote(name) + ("*" if prefix else "") for name, prefix in others]
    return "(" + " OR ".join([part, *spelled]) + ")"


def parse(query: str) -> list[tuple[str, str]]:
    """('phrase'|'prefix'|'word'|'op', text) tokens of a staff search."""
    tokens: list[tuple[str, str]] = []
    for match in TOKEN.finditer(query):
        phrase, bare = match.groups()
        if phrase is not None:
            if phrase.strip():
                tokens.append(("phrase", phrase.strip()))
            continue
        bare = bare.strip("()")
        if bare in OPERATORS:
            tokens.append(("op", bare))
        elif bare.endswith("*") and bare.rstrip("*"):
            tokens.append(("prefix", bare.rstrip("*")))
        elif bare.strip("*\"'"):
            tokens.append(("word", bare.strip("*\"'")))
    while tokens and tokens[0][0] == "op":  # an operator needs something on its left
        tokens.pop(0)
    while tokens and tokens[-1][0] == "op":
        tokens.pop()
    return tokens


async def expression(db: Any, query: str) -> str | None:
    """The FTS5 expression for a staff search, or None when nothing is left to search."""
    parts: list[str] = []
    previous_op = True
    for kind, value in parse(query):
        if kind == "op":
            if not previous_op:
                parts.append(value)
                previous_op = True
            continue
        if kind == "phrase":
            part = _with_places(_quote(value), value)
        elif kind == "prefix":
            part = _quote(fold(value)) + "*"
        else:
            forms = await word_forms(db, value)
            part = (" OR ".join(_quote(f) for f in forms))
            part = _with_places(f"({part})" if len(forms) > 1 else part, value)
        parts.append(part)
        previous_op = False
    return " ".join(parts) or None


def trigram_expression(query: str) -> str | None:
    """Every word of three letters or more as a substring, for the trigram index."""
    words = [value for kind, value in parse(query) if kind != "op"]
    long_enough = [w for w in words if len(w) >= 3]
    if not long_enough:
        return None
    return " AND ".join(_quote(w) for w in long_enough)


async def rewrite(datasette: Any, database: str, query: str) -> dict[str, str] | None:
    """The arguments replacing `_search` for Datasette: word forms, or the trigram fallback."""

    try:
        db = datasette.get_database(database)
    except KeyError:
        return None
    words = await expression(db, query)
    if words is None:
        return None
    try:
        found = (await db.execute(
            "select 1 from items_fts where items_fts match :q limit 1", {"q": words})).rows
    except (QueryInterrupted, Exception):  # not an expression FTS5 takes: search as text
        return None
    if found:
        return {"_search": words, "_searchmode": "raw"}
    inside = trigram_expression(query)
    if inside is None:
        return {"_search": words, "_searchmode": "raw"}
    return {"_search": inside, "_searchmode": "raw", "_fts_table": "items_fts_trigram",
            "_fts_pk": "id"}


ORIGINAL = "_search_words"  # the search as typed, kept for the page (the box shows it)
SYNTHETIC = {ORIGINAL, "_searchmode", "_fts_table", "_fts_pk"}


async def rewrite_scope(datasette: Any, scope: dict[str, Any]) -> dict[str, Any]:
    """An ASGI scope whose items search is rewritten (unchanged for anything else)."""



    path = scope.get("path", "")
    if not SEARCH_PATH.match(path):
        return scope
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    args = dict(pairs)
    typed = args.get("_search", "").strip()
    database = tilde_decode(path.split("/")[1])
    if ORIGINAL in args:
        # ours, carried by the next-page link (keep) or by the search form's hidden fields
        # under a newly typed search (redo)
        before = await rewrite(datasette, database, args[ORIGINAL])
        if before is not None and before.get("_search") == args.get("_search"):
            return scope
        pairs = [(k, v) for k, v in pairs if k not in SYNTHETIC]
    elif not typed or {"_searchmode", "_fts_table"} & set(args):
        return scope  # a raw search, as asked
    if not typed:
        return scope
    changed = await rewrite(datasette, database, typed)
    if changed is None:
        return {**scope, "query_string": urlencode(pairs).encode("latin-1", "replace")}
    kept = [(k, v) for k, v in pairs if k != "_search"]
    query = urlencode([*kept, *changed.items(), (ORIGINAL, typed)])
    return {**scope, "query_string": query.encode("latin-1", "replace")}
