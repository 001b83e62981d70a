"""Feed discovery and list-page proposals: an HTML page in, what to poll out. Pure, no network.

``monitor add URL`` fetches a page and asks this module two questions: which feeds does the page
declare or link, or would its CMS serve at the usual address (``discover_feeds``), and, when none
works, which repeated blocks of the page are its news items (``propose_html_list``: the selectors
an ``html_list`` source needs). The candidates are then tried by the caller, as check-source does.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from lxml import etree

FEED_TYPES = {
    "application/rss+xml": "RSS", "application/atom+xml": "Atom", "application/rdf+xml": "RDF",
    "application/feed+json": "JSON Feed", "application/json": "JSON Feed",
    "application/xml": "XML", "text/xml": "XML",
}
TELEGRAM_HOSTS = {"t.me", "www.t.me", "telegram.me", "telegram.dog"}
TELEGRAM_NOT_CHANNELS = {"s", "joinchat", "share", "addstickers", "proxy", "socks", "iv", "c"}
FEED_PATH = re.compile(
    r"(?:/feed/?$|/feeds?/(?:posts/default|rss|atom)|/rss/?$|/atom/?$|\.rss$|\.atom$|"
    r"/rss\.xml$|/atom\.xml$|/index\.rss$|/feed\.xml$|[?&](?:feed=rss2?|format=feed)|"
    r"spip\.php\?page=backend|/rss/[\w.-]+\.xml$|rss[\w-]*\.xml$|"
    r"(?<![\w.])rss(?![\w.])(?![^?]*\.(?:html?|php|aspx?|jpe?g|png|gif|svg|css|js)$))",
    re.I,
)
SKIP_FEED = re.compile(r"/comments/feed/?$|[?&]feed=comments|/wp-json/|/oembed", re.I)
NAV_WORDS = re.compile(r"(?:^|[-_ ])(?:nav|navbar|menu|footer|breadcrumbs?|sidebar|widget|"
                       r"social|share|lang|language|tags?|cloud|pager|pagination)(?:$|[-_ ])", re.I)
DATE_TEXT = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b\d{1,2}\s+[^\W\d]{3,}\.?,?\s+\d{4}\b|\b[^\W\d]{3,}\.?\s+\d{1,2},\s+\d{4}\b|"
    r"\b\d{4}\s*(?:жыл|год|г\.)", re.I,
)
DATE_CLASS = re.compile(r"date|time|posted|published|created|meta", re.I)
TEASER_CLASS = re.compile(r"intro|lead|teaser|excerpt|summary|desc|announce|preview|text", re.I)
NEXT_WORDS = {
    "next", "next page", "next »", "next ›", "next →", "»", "›", "→", "older", "older posts",
    "older entries", "older news", "more news", "следующая", "следующая страница", "далее",
    "вперёд", "вперед", "келесі", "بعدی", "صفحه بعد", "اگلا", "اگلی", "հաջորդ", "နောက်",
}
MIN_TITLE = 8
MIN_ITEMS = 3


@dataclass(frozen=True)
class FeedCandidate:
    """An address worth trying as a source, and how it was found (shown to the person)."""

    url: str
    how: str
    title: str = ""
    plugin: str = "rss"


@dataclass
class ListProposal:
    """The ``html_list`` options found from a page's repeated link blocks, with what they match."""

    options: dict[str, Any]
    items: int
    titles: list[str] = field(default_factory=list)


def _soup(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


def _base(soup: BeautifulSoup, page_url: str) -> str:
    tag = soup.select_one("base[href]")
    return urljoin(page_url, str(tag["href"])) if tag is not None else page_url


def _root(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def telegram_preview(url: str) -> str | None:
    """https://t.me/NAME, t.me/s/NAME or t.me/NAME/123 -> https://t.me/s/NAME; None if not one."""
    parts = urlsplit(url)
    if parts.netloc.lower() not in TELEGRAM_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["s"]:
        segments = segments[1:]
    if not segments or segments[0].lower() in TELEGRAM_NOT_CHANNELS:
        return None
    name = segments[0].lstrip("@")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", name):
        return None
    return f"https://t.me/s/{name}"


def is_telegram_page(html: str) -> bool:
    """A channel's web preview, whatever host served it (t.me, or a recorded copy)."""
    return "tgme_channel_history" in html or 'class="tgme_widget_message' in html


def cms_of(html: str) -> str | None:
    """The CMS a page was made with, from its generator tag or markup that only it writes."""
    head = html[:200_000]
    generator = re.search(r'<meta[^>]+name=["\']generator["\'][^>]*content=["\']([^"\']+)', head,
                          re.I) or re.search(
        r'<meta[^>]+content=["\']([^"\']+)["\'][^>]*name=["\']generator["\']', head, re.I)
    text = generator.group(1).lower() if generator else ""
    for name in ("wordpress", "joomla", "drupal", "blogger"):
        if name in text:
            return name
    if "/wp-content/" in head or "/wp-includes/" in head:
        return "wordpress"
    if "/media/jui/" in head or "com_content" in head or 'itemprop="blogPost"' in head:
        return "joomla"
    if "data-drupal-" in head or "/sites/default/files/" in head or "Drupal.settings" in head:
        return "drupal"
    if "blogger.com" in head and ("blogspot" in head or "www.blogger.com/static" in head):
        return "blogger"
    return None


def _joomla_feed(page_url: str) -> str:
    parts = urlsplit(page_url)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(
        ("format=", "type=", "start=", "limitstart=")))
    query = (query + "&" if query else "") + "format=feed&type=rss"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def usual_feeds(page_url: str, cms: str | None) -> list[FeedCandidate]:
    """The addresses where the page's CMS serves its feed; all of them when the CMS is unknown."""
    root = _root(page_url)
    path = urlsplit(page_url).path
    made: list[FeedCandidate] = []
    if cms in ("wordpress", None):
        if path not in ("", "/"):  # a category or tag page has its own feed
            made.append(FeedCandidate(urljoin(page_url.split("?")[0].rstrip("/") + "/", "feed/"),
                                      "WordPress feed of this page"))
        made.append(FeedCandidate(root + "feed/", "WordPress site feed (/feed/)"))
    if cms in ("joomla", None):
        made.append(FeedCandidate(_joomla_feed(page_url),
                                  "Joomla feed of this list (?format=feed&type=rss)"))
    if cms in ("drupal", None):
        made.append(FeedCandidate(root + "rss.xml", "Drupal site feed (/rss.xml)"))
    if cms in ("blogger", None):
        made.append(FeedCandidate(root + "feeds/posts/default",
                                  "Blogger feed (/feeds/posts/default)"))
    return made


def _tree(html: str) -> Any:
    """The page as an lxml tree (fast; the feed finders need no CSS selectors), or None."""

    try:
        return lxml.html.document_fromstring(
            html.encode("utf-8", "replace"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return None


def _tree_base(tree: Any, page_url: str) -> str:
    found = tree.xpath("//base[@href]/@href")
    return urljoin(page_url, str(found[0]).strip()) if found else page_url


def feed_links(html: str, page_url: str) -> list[FeedCandidate]:
    """Feeds the page declares (<link rel=alternate>) or links to in its body, best first."""
    tree = _tree(html)
    if tree is None:
        return []
    base = _tree_base(tree, page_url)
    found: list[FeedCandidate] = []
    for link in tree.xpath("//link[@href]"):
        rel = set(str(link.get("rel") or "").lower().split())
        kind = str(link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            title = " ".join(str(link.get("title") or "").split())
            found.append(FeedCandidate(urljoin(base, str(link.get("href")).strip()),
                                       f"<link rel=alternate> ({FEED_TYPES[kind]})", title))
    for anchor in tree.xpath("//a[@href]"):
        href = urljoin(base, str(anchor.get("href")).strip())
        if not href.startswith(("http://", "https://")):
            continue
        text = " ".join(anchor.text_content().split())
        if FEED_PATH.search(href) or text.upper() in ("RSS", "ATOM", "RSS FEED", "FEED"):
            found.append(FeedCandidate(href, "feed link in the page", text[:80]))
    return _ranked(found)


def telegram_links(html: str, page_url: str, limit: int = 2) -> list[FeedCandidate]:
    """The Telegram channels a site links (a union's "our Telegram" in its footer)."""
    tree = _tree(html)
    if tree is None:
        return []
    base = _tree_base(tree, page_url)
    found: list[FeedCandidate] = []
    for href in tree.xpath("//a/@href"):
        preview = telegram_preview(urljoin(base, str(href).strip()))
        if preview and preview not in {c.url for c in found}:
            found.append(FeedCandidate(preview, "Telegram channel linked from the page",
                                       plugin="telegram"))
    return found[:limit]


def _ranked(candidates: list[FeedCandidate]) -> list[FeedCandidate]:
    """Declared feeds before linked ones, comment feeds last, each address once."""
    seen: set[str] = set()
    unique = []
    for candidate in candidates:
        key = candidate.url.rstrip("/")
        if key not in seen:
            seen.add(key)
            unique.append(candidate)

    def rank(c: FeedCandidate) -> tuple[int, int]:
        comments = bool(SKIP_FEED.search(c.url)) or "comment" in c.title.lower()
        return (1 if comments else 0, 0 if c.how.startswith("<link") else 1)

    return sorted(unique, key=rank)


def discover_feeds(html: str, page_url: str) -> list[FeedCandidate]:
    """Everything worth trying for a page: the page itself as a Telegram channel, or the feeds it
    declares or links, then its CMS's usual feed addresses (``telegram_links`` lists the
    channels it links, to be added on their own)."""
    own = telegram_preview(page_url)
    if own or is_telegram_page(html):
        return [FeedCandidate(own or page_url, "Telegram channel preview", plugin="telegram")]
    linked = feed_links(html, page_url)
    known = {c.url.rstrip("/") for c in linked}
    guessed = [c for c in usual_feeds(page_url, cms_of(html)) if c.url.rstrip("/") not in known]
    return [*linked, *guessed]


# ------------------------------------------------------------------ html_list proposals

def _classes(tag: Tag) -> list[str]:
    """Classes that name a kind of block, not one block (post-74512, leading-0, item-101)."""
    return sorted(c for c in (tag.get("class") or [])
                  if re.fullmatch(r"-?[A-Za-z_][\w-]*", c) and not re.search(r"\d", c))


def _simple(tag: Tag) -> str:
    itemprop = tag.get("itemprop")
    if isinstance(itemprop, str) and re.fullmatch(r"[A-Za-z]+", itemprop):
        return f'{tag.name}[itemprop="{itemprop}"]'
    classes = _classes(tag)
    return tag.name + "".join(f".{c}" for c in classes)


def _in_chrome(tag: Tag) -> bool:
    for parent in [tag, *tag.parents]:
        if not isinstance(parent, Tag) or parent.name in ("html", "body", "main", "[document]"):
            continue
        if parent.name in ("nav", "header", "footer", "aside", "form") and parent is not tag:
            return True
        marks = " ".join([*(parent.get("class") or []), str(parent.get("id") or "")])
        if marks and NAV_WORDS.search(marks):
            return True
    return False


def _main_link(block: Tag, base: str) -> tuple[Tag, str, str] | None:
    links = [block] if block.name == "a" and block.get("href") else block.select("a[href]")
    best: tuple[Tag, str, str] | None = None
    for link in links:
        href = str(link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        text = " ".join(link.get_text(" ").split())
        if len(text) >= MIN_TITLE and (best is None or len(text) > len(best[2])):
            best = (link, urljoin(base, href), text)
    return best


def _dated(block: Tag) -> bool:
    return block.select_one("time") is not None or bool(DATE_TEXT.search(block.get_text(" ")))


def _has_prose(block: Tag) -> bool:
    return any(len(p.get_text(strip=True)) >= 40 and p.select_one("a[href]") is None
               for p in block.find_all(["p", "div"]))


def _item_groups(soup: BeautifulSoup, base: str) -> list[tuple[float, str, list[Tag]]]:
    groups: dict[str, list[Tag]] = defaultdict(list)
    for tag in soup.body.find_all(True) if soup.body else []:
        if tag.name in ("script", "style", "img", "br", "span", "b", "i", "strong", "em", "svg"):
            continue
        groups[_simple(tag)].append(tag)
    scored = []
    for signature, blocks in groups.items():
        if len(blocks) < MIN_ITEMS or signature in ("div", "p", "li", "a", "ul", "td", "tr"):
            continue
        links = [_main_link(b, base) for b in blocks]
        urls = {link[1] for link in links if link is not None}
        if len(urls) < MIN_ITEMS or len(urls) < 0.6 * len(blocks):
            continue
        # A block holding several items is a wrapper or the list itself, not an item.
        if any(len({u for u in (_main_link(a, base) for a in b.select("a[href]")) if u}) > 3
               for b in blocks[:3] if b.name != "a"):
            continue
        if sum(_in_chrome(b) for b in blocks) > len(blocks) / 2:
            continue
        share_dated = sum(_dated(b) for b in blocks) / len(blocks)
        share_teaser = sum(_has_prose(b) for b in blocks) / len(blocks)
        titles = [link[2] for link in links if link is not None]
        length = sum(min(len(t), 80) for t in titles) / len(titles)
        depth = len(list(blocks[0].parents))
        # Of nested one-item blocks (article > header > h2), the outermost holds the most.
        score = len(urls) * length * (1 + share_dated + 0.5 * share_teaser) - depth * 0.01
        scored.append((score, signature, blocks))
    return sorted(scored, key=lambda s: -s[0])


def _item_selector(soup: BeautifulSoup, signature: str, blocks: list[Tag]) -> str:
    if {id(t) for t in soup.select(signature)} == {id(b) for b in blocks}:
        return signature
    parent = blocks[0].parent
    while isinstance(parent, Tag) and parent.name != "body":
        if all(parent in b.parents for b in blocks):
            scope = f"#{parent['id']}" if parent.get("id") and re.fullmatch(
                r"[A-Za-z][\w-]*", str(parent["id"])) else _simple(parent)
            selector = f"{scope} {signature}"
            if {id(t) for t in soup.select(selector)} == {id(b) for b in blocks}:
                return selector
        parent = parent.parent
    return signature


def _consistent(blocks: list[Tag], selector: str, check: Any, share: float = 0.6) -> bool:
    hits = 0
    for block in blocks:
        node = block.select_one(selector)
        hits += node is not None and bool(check(block, node))
    return hits >= share * len(blocks)


def _title_selector(blocks: list[Tag], base: str) -> str | None:
    first = _main_link(blocks[0], base)
    if first is None or blocks[0].name == "a":
        return None
    link = first[0]
    options = []
    heading = link.find_parent(re.compile(r"^h[1-6]$"))
    if heading is not None and blocks[0] in heading.parents:
        options += [f"{_simple(heading)} a", f"{heading.name} a"]
    if _classes(link):
        options.append(_simple(link))

    def same(block: Tag, node: Tag) -> bool:
        main = _main_link(block, base)
        anchor = node if node.name == "a" else node.select_one("a[href]")
        return main is not None and anchor is not None and urljoin(
            base, str(anchor.get("href") or "")) == main[1] and len(node.get_text(strip=True)) > 0

    return next((o for o in options if _consistent(blocks, o, same, 0.8)), None)


def _date_selector(blocks: list[Tag]) -> tuple[str | None, str | None]:
    first = blocks[0]
    options: list[str] = []
    for node in first.select("time"):
        options += [_simple(node), "time"]
    for node in first.find_all(True):
        marks = " ".join(node.get("class") or [])
        own = " ".join(node.get_text(" ").split())
        if (marks and DATE_CLASS.search(marks)) or (len(own) < 40 and DATE_TEXT.search(own)):
            options.append(_simple(node))

    def dated(block: Tag, node: Tag) -> bool:
        return bool(node.get("datetime")) or bool(DATE_TEXT.search(node.get_text(" ")))

    for option in dict.fromkeys(options):
        if option == "a":  # a link's text is its title, even when it holds a date
            continue
        if _consistent(blocks, option, dated):
            texts = [" ".join(n.get_text(" ").split()) for b in blocks
                     if (n := b.select_one(option)) is not None and not n.get("datetime")]
            fmt = "%d.%m.%Y" if texts and all(
                re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", t) for t in texts) else None
            return option, fmt
    return None, None


def _teaser_selector(blocks: list[Tag], base: str, taken: set[str]) -> str | None:
    first = blocks[0]
    main = _main_link(first, base)
    options: list[str] = []
    for node in first.find_all(["p", "div", "span"]):
        text = " ".join(node.get_text(" ").split())
        if len(text) < 40 or (main and main[0] in node.descendants):
            continue
        marks = " ".join(node.get("class") or [])
        if marks and TEASER_CLASS.search(marks):
            options.append(_simple(node))
        elif node.name == "p":
            options.append("p")
            link_classes = {c for b in blocks for p in b.select("p") if p.select_one("a[href]")
                            for c in _classes(p)}
            options += [f"p:not(.{c})" for c in sorted(link_classes)]

    def prose(block: Tag, node: Tag) -> bool:
        return len(node.get_text(strip=True)) >= 30 and node.select_one("a[href]") is None

    return next((o for o in dict.fromkeys(options)
                 if o not in taken and _consistent(blocks, o, prose)), None)


def _next_selector(soup: BeautifulSoup) -> str | None:
    if soup.select_one('a[rel~="next"][href]') is not None:
        return 'a[rel~="next"]'
    if soup.select_one('link[rel~="next"][href]') is not None:
        return 'link[rel~="next"]'
    for anchor in soup.select("a[href]"):
        words = {" ".join(anchor.get_text(" ").split()).lower(),
                 str(anchor.get("title") or "").strip().lower(),
                 str(anchor.get("aria-label") or "").strip().lower()}
        if not words & NEXT_WORDS:
            continue
        container = anchor.find_parent(class_=re.compile(r"pag|nav", re.I))
        scope = _simple(container) + " " if container is not None else ""
        if anchor.get("title"):
            selector = f'{scope}a[title="{anchor["title"]}"]'
        elif _classes(anchor):
            selector = scope + _simple(anchor)
        else:
            continue
        if soup.select_one(selector) is anchor:
            return selector
    for active in soup.select("[class*=pagination] li.active, [class*=pager] li.active"):
        following = active.find_next_sibling("li")
        if following is not None and following.select_one("a[href]") is not None:
            container = active.parent
            scope = _simple(container) if isinstance(container, Tag) else "ul"
            return f"{scope} li.active + li a"
    return None


def propose_html_list(html: str, page_url: str) -> ListProposal | None:
    """Selectors for an html_list source from the page's repeated link blocks, or None.

    The item block is the repeated element (same tag and classes, or the same itemprop) whose
    copies each hold one distinct article link; the biggest such group, outside navigation and
    footers, with dates preferred, wins. Title, date, teaser and next page are the selectors that
    find the same thing in most items.
    """
    soup = _soup(html)
    base = _base(soup, page_url)
    groups = _item_groups(soup, base)
    if not groups:
        return None
    _score, signature, blocks = groups[0]
    options: dict[str, Any] = {"item_selector": _item_selector(soup, signature, blocks)}
    title = _title_selector(blocks, base)
    if title:
        options["title_selector"] = title
        options["link_selector"] = title
    date, date_format = _date_selector(blocks)
    if date:
        options["date_selector"] = date
        if date_format:
            options["date_format"] = date_format
    teaser = _teaser_selector(blocks, base, {title or "", date or ""})
    if teaser:
        options["teaser_selector"] = teaser
    following = _next_selector(soup)
    if following:
        options["next_page_selector"] = following
        options["max_pages"] = 2
    else:
        options["max_pages"] = 1
    titles = [link[2] for b in blocks if (link := _main_link(b, base)) is not None]
    return ListProposal(options, len(blocks), titles[:5])


def guess_country(host: str) -> str | None:
    """The country of a country-code domain (hamk.am -> AM); None for .com, .org and the
    country codes that are sold as generic names (.io, .tv, .me, ...)."""
    tld = host.rsplit(".", 1)[-1].lower()
    generic = {"io", "tv", "me", "co", "fm", "ly", "ai", "cc", "ws", "to", "gg", "sh", "app", "eu"}
    if len(tld) == 2 and tld.isalpha() and tld not in generic:
        return {"uk": "GB"}.get(tld, tld.upper())
    return None


def majority(values: list[str | None], share: float = 0.5) -> str | None:
    """The value most items agree on, if enough of them do."""
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    value, count = counted.most_common(1)[0]
    return value if count >= share * len(values) else None


def slug_for(url: str, taken: set[str]) -> str:
    """A source name from the address: www.hamk.am/news -> hamk-am; t.me/s/fprk_kz -> fprk_kz-tg."""
    parts = urlsplit(url)
    host = parts.netloc.lower().split(":")[0].removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in ("t.me", "telegram.me") and segments:
        base = (segments[1] if segments[0] == "s" and len(segments) > 1 else segments[0]) + "-tg"
    else:
        base = host.replace(".", "-") or "source"
    base = re.sub(r"[^a-z0-9_.-]+", "-", base.lower()).strip("-._") or "source"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def html_page_hint(html: str, page_url: str) -> str:
    """What to tell someone whose feed address turned out to be a web page: the poll's
    "not a feed: got an HTML page", plus the feeds that page links, if it links any."""
    message = "not a feed: got an HTML page"
    if is_telegram_page(html) or telegram_preview(page_url):
        return f"{message}; it is a Telegram channel: run `monitor add {page_url}`"
    feeds = [c for c in feed_links(html, page_url) if not SKIP_FEED.search(c.url)]
    if not feeds:
        return message
    which = "1 feed" if len(feeds) == 1 else f"{len(feeds)} feeds"
    return (f"{message}; this page links {which} ({feeds[0].url}"
            + (", ..." if len(feeds) > 1 else "") + f"): run `monitor add {page_url}`")
