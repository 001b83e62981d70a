"""Turning page bytes into text when servers mislabel their charset."""

from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def _valid(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def decode_body(content: bytes, declared: str | None = None) -> str:
    """Declared charset (header, then <meta>) when it decodes cleanly; else detection."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    candidates = [_valid(declared)]
    meta = META_CHARSET.search(content[:4096])
    if meta:
        candidates.append(_valid(meta.group(1).decode("ascii", "ignore")))
    for charset in candidates:
        if charset is None:
            continue
        try:
            return content.decode(charset)
        except UnicodeDecodeError:
            continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only for mislabelled pages

    best = from_bytes(content).best()
    if best is not None:
        return str(best)
    return content.decode("utf-8", errors="replace")


XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
XML_DECL_TEXT = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
DETECT_BYTES = 256 * 1024


def xml_to_utf8(content: bytes, http_charset: str | None = None) -> tuple[bytes, str | None]:
    """XML bytes re-encoded as UTF-8 when their declared charset is wrong or not UTF-8.

    Many Russian and Central Asian sites declare UTF-8 and send windows-1251. The first declared
    charset (BOM, XML declaration, HTTP header) that decodes cleanly wins; when none does, a
    detector decides. Returns the bytes (unchanged when already clean UTF-8) and a note for a
    warning when the declaration was wrong.
    """
    for bom, name in BOMS:
        if content.startswith(bom):
            try:
                text = content[len(bom):].decode(name)
            except UnicodeDecodeError:
                break
            return _with_utf8_decl(text), None
    match = XML_DECL.match(content[:512])
    in_doc = _valid(match.group(1).decode("ascii")) if match else None
    candidates = [c for c in (in_doc, _valid(http_charset)) if c]
    # As browsers do (WHATWG), a latin-1 or ASCII label means windows-1252.
    candidates = [
        x for c in candidates for x in (("cp1252", c) if c in ("iso8859-1", "ascii") else (c,))
    ]
    if not candidates:
        candidates = ["utf-8"]
    for charset in candidates:
        if charset == "utf-8":
            try:
                content.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return (content if in_doc in (None, "utf-8") else _with_utf8_decl(
                content.decode("utf-8"))), None
        try:
            text = content.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        if not text.lstrip()[:1] == "<":  # e.g. ASCII bytes read as UTF-16 make no markup
            continue
        return _with_utf8_decl(text), None
    from charset_normalizer import from_bytes  # lazy: only for mislabelled pages

    # Markup is ASCII and English-looking; the detector judges the text between the tags.
    sample = re.sub(rb"<[^>]{0,2000}>", b" ", content[:DETECT_BYTES])
    best = from_bytes(sample).best()
    guessed = _valid(best.encoding) if best is not None else None
    if guessed:
        try:
            text = content.decode(guessed)
        except UnicodeDecodeError:
            text = content.decode(guessed, errors="replace")
    else:
        guessed = "utf-8"
        text = content.decode("utf-8", errors="replace")
    declared = "/".join(dict.fromkeys(candidates))
    return _with_utf8_decl(text), f"declared charset {declared} is wrong; read as {guessed}"


def _with_utf8_decl(text: str) -> bytes:
    """UTF-8 bytes that say so: without a declaration some parsers guess windows-1252."""
    fixed, count = XML_DECL_TEXT.subn(r"\g<1>utf-8\g<3>", text, count=1)
    if not count:
        stripped = text.lstrip()
        if stripped.startswith("<?xml"):
            end = stripped.find("?>")
            fixed = '<?xml version="1.0" encoding="utf-8"?>' + stripped[end + 2:]
        else:
            fixed = '<?xml version="1.0" encoding="utf-8"?>\n' + stripped
    return fixed.encode("utf-8")
