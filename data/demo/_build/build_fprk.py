"""Build www.fprk.kz: media-center news list and article in Kazakh, Russian and English."""

from __future__ import annotations

from datetime import datetime

import fprk_text
from common import esc, save_expected, url, write

HOST = "www.fprk.kz"
LANGS = {"kz": fprk_text.KZ, "ru": fprk_text.RU, "en": fprk_text.EN}
ISO = {"kz": "kk", "ru": "ru", "en": "en"}
SWITCH = {"kz": "ҚАЗ", "ru": "РУС", "en": "ENG"}
UI = {
    "kz": {"site": "Қазақстан Республикасы Кәсіподақтар федерациясы", "home": "Басты бет",
           "about": "Федерация туралы", "members": "Мүше ұйымдар", "news": "Жаңалықтар",
           "media": "Медиа орталық", "docs": "Құжаттар", "contacts": "Байланыс",
           "views": "Қаралым", "share": "Бөлісу", "more": "Толығырақ", "latest": "Соңғы жаңалықтар",
           "all": "Барлық жаңалықтар", "address": "Астана қ.", "rights": "Барлық құқықтар қорғалған"},
    "ru": {"site": "Федерация профсоюзов Республики Казахстан", "home": "Главная",
           "about": "О Федерации", "members": "Членские организации", "news": "Новости",
           "media": "Медиацентр", "docs": "Документы", "contacts": "Контакты",
           "views": "Просмотров", "share": "Поделиться", "more": "Подробнее",
           "latest": "Последние новости", "all": "Все новости", "address": "г. Астана",
           "rights": "Все права защищены"},
    "en": {"site": "Federation of Trade Unions of the Republic of Kazakhstan", "home": "Home",
           "about": "About the Federation", "members": "Member organizations", "news": "News",
           "media": "Media center", "docs": "Documents", "contacts": "Contacts",
           "views": "Views", "share": "Share", "more": "Read more", "latest": "Latest news",
           "all": "All news", "address": "Astana", "rights": "All rights reserved"},
}


def art_url(lang: str) -> str:
    return url(HOST, f"/{lang}/news/{LANGS[lang]['slug']}/")


def list_url(lang: str) -> str:
    return url(HOST, f"/{lang}/news/")


def date_text() -> str:
    return f"{datetime.fromisoformat(fprk_text.DATE):%d.%m.%Y}"


def layout(lang: str, title: str, main: str, canonical: str, alternates: dict[str, str]) -> str:
    ui = UI[lang]
    alt = "\n".join(f"<link rel=\"alternate\" hreflang=\"{ISO[lg]}\" href=\"{u}\">"
                    for lg, u in alternates.items())
    switch = "\n".join(
        f"<li class=\"lang-item{' active' if lg == lang else ''}\"><a href=\"{alternates[lg]}\" "
        f"hreflang=\"{ISO[lg]}\" lang=\"{ISO[lg]}\">{SWITCH[lg]}</a></li>" for lg in LANGS)
    menu = "\n".join(f"<li><a href=\"{url(HOST, f'/{lang}/{path}')}\">{esc(ui[key])}</a></li>"
                     for key, path in (("home", ""), ("about", "about/"), ("members", "members/"),
                                       ("news", "news/"), ("media", "media/"), ("docs", "docs/"),
                                       ("contacts", "contacts/")))
    return f"""<!DOCTYPE html>
<html lang="{ISO[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(ui['site'])}</title>
<link rel="canonical" href="{canonical}">
{alt}
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{esc(ui['site'])}">
<link rel="stylesheet" href="{url(HOST, '/assets/css/app.min.css?v=3.2')}">
<script src="{url(HOST, '/assets/js/app.min.js?v=3.2')}" defer></script>
</head>
<body class="page-news lang-{lang}">
<div class="topline"><div class="container">
<ul class="lang-switcher">
{switch}
</ul>
<a class="topline-phone" href="tel:+77172000000">+7 (7172) 00-00-00</a>
</div></div>
<header class="header"><div class="container">
<a class="logo" href="{url(HOST, f'/{lang}/')}"><img src="{url(HOST, '/assets/img/logo-fprk.svg')}" alt="{esc(ui['site'])}"><span>{esc(ui['site'])}</span></a>
<nav class="main-menu"><ul>
{menu}
</ul></nav>
</div></header>
<main class="main"><div class="container">
{main}
</div></main>
<footer class="footer"><div class="container">
<div class="footer-col"><p>{esc(ui['site'])}</p><p>{esc(ui['address'])}</p></div>
<div class="footer-col"><ul class="social"><li><a href="https://www.facebook.com/fprk.kz">Facebook</a></li><li><a href="https://www.instagram.com/fprk.kz/">Instagram</a></li><li><a href="https://t.me/fprk_kz">Telegram</a></li><li><a href="https://www.youtube.com/@fprk">YouTube</a></li></ul></div>
<p class="copyright">&copy; 2025 {esc(ui['site'])}. {esc(ui['rights'])}.</p>
</div></footer>
</body>
</html>
"""


def breadcrumbs(lang: str, last: str | None) -> str:
    ui = UI[lang]
    parts = [f"<li><a href=\"{url(HOST, f'/{lang}/')}\">{esc(ui['home'])}</a></li>",
             f"<li><a href=\"{list_url(lang)}\">{esc(ui['news'])}</a></li>"]
    if last:
        parts.append(f"<li class=\"active\">{esc(last)}</li>")
    return "<ul class=\"breadcrumbs\">" + "".join(parts) + "</ul>"


def article_page(lang: str) -> str:
    t = LANGS[lang]
    ui = UI[lang]
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in t["paras"])
    share = "".join(f"<a class=\"share-{n}\" href=\"{h}{art_url(lang)}\" target=\"_blank\">{n}</a>"
                    for n, h in (("facebook", "https://www.facebook.com/sharer/sharer.php?u="),
                                 ("telegram", "https://t.me/share/url?url="),
                                 ("whatsapp", "https://wa.me/?text=")))
    main = f"""{breadcrumbs(lang, t['title'])}
<div class="row">
<article class="news-detail col-md-8">
<h1 class="news-detail__title">{esc(t['title'])}</h1>
<div class="news-detail__meta"><span class="news-date"><i class="icon-calendar"></i>{date_text()}</span>
<span class="news-views"><i class="icon-eye"></i>{esc(ui['views'])}: 412</span>
<span class="news-category">{esc(ui['media'])}</span></div>
<div class="news-detail__image"><img src="{url(HOST, '/upload/news/2025/02/fprk-ilo-meeting.jpg')}" alt="{esc(t['title'])}"></div>
<div class="news-detail__text">
{paras}
<p class="news-detail__signature"><strong>{esc(t['signature'])}</strong></p>
</div>
<div class="news-detail__share"><span>{esc(ui['share'])}:</span>{share}</div>
</article>
<aside class="sidebar col-md-4">
<div class="widget widget-latest"><h3>{esc(ui['latest'])}</h3><ul>
<li><a href="{art_url(lang)}">{esc(t['title'])}</a><span class="news-date">{date_text()}</span></li>
</ul><a class="widget-more" href="{list_url(lang)}">{esc(ui['all'])}</a></div>
</aside>
</div>"""
    alts = {lg: art_url(lg) for lg in LANGS}
    return layout(lang, t["title"], main, art_url(lang), alts)


def list_page(lang: str) -> str:
    t = LANGS[lang]
    ui = UI[lang]
    main = f"""{breadcrumbs(lang, None)}
<h1 class="page-title">{esc(ui['news'])}</h1>
<div class="news-list">
<div class="news-item">
<a class="news-item__image" href="{art_url(lang)}"><img src="{url(HOST, '/upload/news/2025/02/fprk-ilo-meeting-thumb.jpg')}" alt=""></a>
<div class="news-item__body">
<span class="news-item__date">{date_text()}</span>
<h3 class="news-item__title"><a href="{art_url(lang)}">{esc(t['title'])}</a></h3>
<p class="news-item__lead">{esc(t['lead'])}</p>
<a class="news-item__more" href="{art_url(lang)}">{esc(ui['more'])}</a>
</div>
</div>
</div>
<ul class="pagination"><li class="active"><span>1</span></li></ul>"""
    alts = {lg: list_url(lg) for lg in LANGS}
    return layout(lang, ui["news"], main, list_url(lang), alts)


def main() -> None:
    expected = []
    for lang, t in LANGS.items():
        write(HOST, f"{lang}/news/index.html", list_page(lang))
        write(HOST, f"{lang}/news/{t['slug']}/index.html", article_page(lang))
        expected.append({
            "site": "fprk",
            "url": art_url(lang),
            "title": t["title"],
            "published": fprk_text.DATE[:10],
            "language": ISO[lang],
            "must_contain": t["must"],
            "list_page": list_url(lang),
            "translations": {ISO[lg]: art_url(lg) for lg in LANGS if lg != lang},
        })
    save_expected("fprk", expected)


if __name__ == "__main__":
    main()
