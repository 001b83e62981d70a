"""Plain text from the HTML that feeds and pages carry. Text is stored plain, never as HTML."""

from __future__ import annotations

import re
import warnings

BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote")
SPACES = re.compile(r"[ \t\u00a0\u200b]+")
NEWLINES = re.compile(r"\n\s*\n+")
# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and
# isolates: a feed's ESC sequence or BEL must not reach a terminal, and a right-to-left override
# must not make a title read backwards ("exe.txt" spoofing).
CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def strip_controls(text: str) -> str:
    """Text without control characters and bidi overrides (kept: tab, newline, CR)."""
    return CONTROLS.sub("", text) if CONTROLS.search(text) else text


def html_to_text(html: str | None) -> str:
    """Visible text of an HTML fragment: scripts and styles dropped, paragraphs kept apart."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return normalise_space(html)
    # imported here: a poll with nothing to store never needs bs4 (and soupsieve, 0.3 s)
    # lazy: plain text needs no parser
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "iframe", "template", "svg"]):
        tag.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return normalise_space(soup.get_text())


def normalise_space(text: str) -> str:
    text = strip_controls(text)
    lines = [SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return NEWLINES.sub("\n\n", "\n".join(lines)).strip()
