"""Build www.solidaritycenter.org: WordPress RSS 2.0 feed, post pages, news archive, home."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from common import esc, save_expected, url, write
from sc_posts import MUST_CONTAIN, POSTS

HOST = "www.solidaritycenter.org"
SITE = url(HOST, "")
UPLOADS = "/wp-content/uploads"


def _dt(post: dict) -> datetime:
    return datetime.fromisoformat(post["date"])


def _img_src(post: dict, name: str) -> str:
    d = _dt(post)
    return url(HOST, f"{UPLOADS}/{d:%Y}/{d:%m}/{name}")


def render_blocks(post: dict, *, for_feed: bool = False) -> str:
    out: list[str] = []
    for block in post["blocks"]:
        kind = block[0]
        if kind == "p":
            out.append(f"<p>{esc(block[1])}</p>")
        elif kind == "h2":
            out.append(f"<h2 class=\"wp-block-heading\">{esc(block[1])}</h2>")
        elif kind == "ul":
            lis = "\n".join(f"<li>{esc(t)}</li>" for t in block[1])
            out.append(f"<ul class=\"wp-block-list\">\n{lis}\n</ul>")
        elif kind == "note":
            out.append(f"<p class=\"has-small-font-size\"><em>{esc(block[1])}</em></p>")
        elif kind == "link":
            out.append(f"<p><a href=\"{url(HOST, block[2])}\">{esc(block[1])}</a></p>")
        elif kind == "fig":
            _, name, caption, credit = block
            cap = (esc(caption) + " " if caption else "") + f"Credit: {esc(credit)}"
            out.append(
                "<figure class=\"wp-block-image size-large\">"
                f"<img decoding=\"async\" width=\"1024\" height=\"683\" src=\"{_img_src(post, name)}\" "
                f"alt=\"\" class=\"wp-image-{post['id'] + 3}\"/>"
                f"<figcaption class=\"wp-element-caption\">{cap}</figcaption></figure>"
            )
    return "\n".join(out)


def _hero(post: dict) -> str:
    if not post.get("hero"):
        return ""
    name, caption, credit = post["hero"]
    return (
        "<figure class=\"post-thumbnail\">"
        f"<img width=\"1200\" height=\"800\" src=\"{_img_src(post, name)}\" "
        "class=\"attachment-post-thumbnail size-post-thumbnail wp-post-image\" alt=\"\" "
        "decoding=\"async\" fetchpriority=\"high\"/>"
        f"<figcaption class=\"wp-caption-text\">{esc(caption)} Credit: {esc(credit)}</figcaption>"
        "</figure>"
    )


def feed() -> str:
    items = []
    for p in POSTS:
        link = url(HOST, f"/{p['slug']}/")
        cats = "\n".join(f"\t\t<category><![CDATA[{c}]]></category>" for c in p["categories"])
        desc = (f"<p>{esc(p['teaser'])} [&#8230;]</p>\n<p>The post <a href=\"{link}\">"
                f"{esc(p['title'])}</a> appeared first on <a href=\"{SITE}\">Solidarity Center</a>"
                ".</p>\n")
        content = _hero(p) + "\n" + render_blocks(p, for_feed=True)
        content += (f"\n<p>The post <a href=\"{link}\">{esc(p['title'])}</a> appeared first on "
                    f"<a href=\"{SITE}\">Solidarity Center</a>.</p>\n")
        items.append(f"""	<item>
		<title>{esc(p['title'])}</title>
		<link>{link}</link>
		<comments>{link}#respond</comments>
		<dc:creator><![CDATA[{p['author']}]]></dc:creator>
		<pubDate>{format_datetime(_dt(p))}</pubDate>
{cats}
		<guid isPermaLink="false">{url(HOST, f"/?p={p['id']}")}</guid>
		<description><![CDATA[{desc}]]></description>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<wfw:commentRss>{link}feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
	</item>""")
    newest = format_datetime(_dt(POSTS[0]))
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>Solidarity Center</title>
	<atom:link href="{url(HOST, '/feed/')}" rel="self" type="application/rss+xml" />
	<link>{SITE}</link>
	<description>Empowering Workers Since 1997</description>
	<lastBuildDate>{newest}</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.8.2</generator>

<image>
	<url>{url(HOST, UPLOADS + '/2021/03/cropped-sc-icon-32x32.png')}</url>
	<title>Solidarity Center</title>
	<link>{SITE}</link>
	<width>32</width>
	<height>32</height>
</image> 
{body}
	</channel>
</rss>
"""


NAV = [("About", "/about-us/"), ("Where We Work", "/where-we-work/"),
       ("Issues", "/issues/"), ("News", "/news/"), ("Resources", "/resources/"),
       ("Take Action", "/take-action/"), ("Donate", "/donate/")]


def page(title: str, body_class: str, main: str, *, canonical: str, extra_head: str = "") -> str:
    nav = "\n".join(
        f"<li class=\"menu-item menu-item-type-post_type menu-item-object-page\"><a href=\"{url(HOST, h)}\">"
        f"{esc(t)}</a></li>" for t, h in NAV)
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - Solidarity Center</title>
<link rel="canonical" href="{canonical}" />
<link rel="alternate" type="application/rss+xml" title="Solidarity Center &raquo; Feed" href="{url(HOST, '/feed/')}" />
{extra_head}<link rel="stylesheet" id="sc-theme-css" href="{url(HOST, '/wp-content/themes/solidarity/style.css?ver=2.4.1')}" media="all" />
<script src="{url(HOST, '/wp-includes/js/jquery/jquery.min.js?ver=3.7.1')}" id="jquery-core-js"></script>
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div class="top-bar"><div class="container"><a href="{url(HOST, '/donate/')}" class="btn-donate">Donate</a>
<form role="search" method="get" class="search-form" action="{url(HOST, '/')}"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="Search" /></form></div></div>
<header id="masthead" class="site-header">
<div class="site-branding"><a href="{url(HOST, '/')}" rel="home"><img src="{url(HOST, UPLOADS + '/2021/03/sc-logo.svg')}" alt="Solidarity Center" width="240" height="60"/></a>
<p class="site-description">Empowering Workers Since 1997</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary"><button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu">
{nav}
</ul></nav>
</header>
<div id="content" class="site-content">
{main}
</div><!-- #content -->
<section class="newsletter-signup"><div class="container"><h2>Stay Informed</h2>
<p>Sign up for Solidarity Center news and action alerts.</p>
<form action="{url(HOST, '/subscribe/')}" method="post"><input type="email" name="email" placeholder="Email address"/><button type="submit">Subscribe</button></form></div></section>
<footer id="colophon" class="site-footer">
<div class="footer-widgets"><div class="widget"><h3 class="widget-title">Solidarity Center</h3>
<p>1130 Connecticut Ave NW, Suite 800<br/>Washington, DC 20036</p></div>
<div class="widget"><h3 class="widget-title">Follow Us</h3><ul class="social-links">
<li><a href="https://www.facebook.com/SolidarityCenter">Facebook</a></li><li><a href="https://x.com/SolidarityCntr">X</a></li><li><a href="https://www.instagram.com/solidaritycenter/">Instagram</a></li><li><a href="https://www.youtube.com/user/SolidarityCenter">YouTube</a></li></ul></div></div>
<div class="site-info">&copy; 2025 Solidarity Center. All rights reserved. <a href="{url(HOST, '/privacy-policy/')}">Privacy Policy</a></div>
</footer>
</div><!-- #page -->
<div class="pinterest-pin"><a href="https://www.pinterest.com/pin/create/button/" data-pin-do="buttonBookmark">Pin It on Pinterest</a></div>
<script src="{url(HOST, '/wp-content/themes/solidarity/js/navigation.js?ver=2.4.1')}" id="sc-navigation-js"></script>
</body>
</html>
"""


def post_page(p: dict) -> str:
    d = _dt(p)
    link = url(HOST, f"/{p['slug']}/")
    cats = ", ".join(
        f"<a href=\"{url(HOST, '/category/' + c.lower().replace(' ', '-') + '/')}\" rel=\"category tag\">"
        f"{esc(c)}</a>" for c in p["categories"])
    share = "\n".join(
        f"<li><a class=\"share-{n.lower()}\" href=\"{h}\" target=\"_blank\" rel=\"noopener\">Share on {n}</a></li>"
        for n, h in [("Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + link),
                     ("X", "https://x.com/intent/tweet?url=" + link),
                     ("LinkedIn", "https://www.linkedin.com/shareArticle?mini=true&amp;url=" + link),
                     ("Email", "mailto:?subject=" + esc(p["title"]))])
    related = [q for q in POSTS if q["slug"] != p["slug"]][:3]
    rel = "\n".join(f"<li><a href=\"{url(HOST, '/' + q['slug'] + '/')}\">{esc(q['title'])}</a></li>"
                    for q in related)
    main = f"""<main id="primary" class="site-main">
<article id="post-{p['id']}" class="post-{p['id']} post type-post status-publish format-standard has-post-thumbnail hentry">
<header class="entry-header">
<div class="entry-categories">{cats}</div>
<h1 class="entry-title">{esc(p['title'])}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{p['date']}">{d:%b} {d.day}, {d.year}</time></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="{url(HOST, '/author/solidarity-center/')}">{esc(p['author'])}</a></span></span></div>
</header>
{_hero(p)}
<div class="share-buttons share-top"><span class="share-label">Share</span><ul>
{share}
</ul></div>
<div class="entry-content">
{render_blocks(p)}
</div><!-- .entry-content -->
<footer class="entry-footer">
<div class="author-box"><img src="{url(HOST, UPLOADS + '/2021/03/sc-avatar.png')}" alt="" width="64" height="64"/>
<div class="author-box-name">{esc(p['author'])}</div>
<p class="author-box-bio">The Solidarity Center helps workers build democratic, independent unions and win decent work worldwide.</p></div>
<div class="share-buttons share-bottom"><ul>
{share}
</ul></div>
</footer>
</article>
<nav class="related-posts" aria-label="Related posts"><h2>Related Posts</h2><ul>
{rel}
</ul></nav>
</main>"""
    head = (f"<meta property=\"og:type\" content=\"article\" />\n"
            f"<meta property=\"og:title\" content=\"{esc(p['title'])}\" />\n"
            f"<meta property=\"og:url\" content=\"{link}\" />\n"
            f"<meta property=\"article:published_time\" content=\"{p['date']}\" />\n"
            f"<link rel=\"shortlink\" href=\"{url(HOST, '/?p=' + str(p['id']))}\" />\n")
    return page(p["title"], f"post-template-default single single-post postid-{p['id']} single-format-standard",
                main, canonical=link, extra_head=head)


def archive() -> str:
    arts = []
    for p in POSTS:
        d = _dt(p)
        link = url(HOST, f"/{p['slug']}/")
        arts.append(f"""<article id="post-{p['id']}" class="post-{p['id']} post type-post status-publish hentry">
<header class="entry-header"><h2 class="entry-title"><a href="{link}" rel="bookmark">{esc(p['title'])}</a></h2>
<div class="entry-meta"><time class="entry-date published" datetime="{p['date']}">{d:%b} {d.day}, {d.year}</time></div></header>
<div class="entry-summary"><p>{esc(p['teaser'])}</p></div>
<a class="more-link" href="{link}">Read More</a>
</article>""")
    main = ("<main id=\"primary\" class=\"site-main\">\n<header class=\"page-header\">"
            "<h1 class=\"page-title\">News</h1></header>\n" + "\n".join(arts) + "\n</main>")
    return page("News", "blog archive", main, canonical=url(HOST, "/news/"))


def home() -> str:
    cards = "\n".join(
        f"<div class=\"news-card\"><a href=\"{url(HOST, '/' + p['slug'] + '/')}\">{esc(p['title'])}</a></div>"
        for p in POSTS[:4])
    main = (f"<main id=\"primary\" class=\"site-main home\"><section class=\"hero\"><h1>Empowering "
            f"Workers Since 1997</h1></section>\n<section class=\"latest-news\"><h2>Latest News</h2>\n"
            f"{cards}\n<a href=\"{url(HOST, '/news/')}\">All News</a></section></main>")
    return page("Home", "home page-template-default page", main, canonical=url(HOST, "/"))


def main() -> None:
    write(HOST, "feed/index.xml", feed())
    write(HOST, "news/index.html", archive())
    write(HOST, "index.html", home())
    expected = []
    for p in POSTS:
        write(HOST, f"{p['slug']}/index.html", post_page(p))
        item = {
            "site": "solidaritycenter",
            "url": url(HOST, f"/{p['slug']}/"),
            "guid": url(HOST, f"/?p={p['id']}"),
            "title": p["title"],
            "published": p["date"],
            "language": "en",
            "must_contain": MUST_CONTAIN[p["slug"]],
        }
        if p.get("duplicate_of"):
            item["duplicate_of"] = url(HOST, f"/{p['duplicate_of']}/")
        expected.append(item)
    save_expected("solidaritycenter", expected)


if __name__ == "__main__":
    main()
