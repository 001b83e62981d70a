"""Build www.unodc.org/centralasia: news list and the seed-004 article in English and Russian."""

from __future__ import annotations

import unodc_text as T
from common import esc, save_expected, url, write

HOST = "www.unodc.org"
LANGS = {"en": T.EN, "ru": T.RU}
UI = {
    "en": {"office": "Regional Office for Central Asia", "home": "Home", "news": "News",
           "about": "About us", "programme": "Programme", "topics": "Topics",
           "press": "Press releases", "contact": "Contact us", "other": "Article in Russian language",
           "media_h": "Media contact", "tel": "Phone", "pr": "public relations and media specialist",
           "office_short": "UNODC Central Asia", "list_title": "News and events", "archive": "News archive",
           "footer": "United Nations Office on Drugs and Crime", "terms": "Terms of use",
           "privacy": "Privacy notice", "search": "Search"},
    "ru": {"office": "Региональное представительство в Центральной Азии", "home": "Главная",
           "news": "Новости", "about": "О нас", "programme": "Программа", "topics": "Темы",
           "press": "Пресс-релизы", "contact": "Контакты", "other": "Статья на английском языке",
           "media_h": "Контакты для СМИ", "tel": "Телефон",
           "pr": "специалист по связям с общественностью и СМИ",
           "office_short": "УНП ООН в Центральной Азии", "list_title": "Новости и события",
           "archive": "Архив новостей",
           "footer": "Управление Организации Объединённых Наций по наркотикам и преступности",
           "terms": "Условия использования", "privacy": "Политика конфиденциальности",
           "search": "Поиск"},
}
CONTACT_NAME = {"en": "Vasilina Brazhko (Ms.)", "ru": "Василина Бражко"}


def art_url(lang: str) -> str:
    return url(HOST, f"/centralasia/{lang}/news/{LANGS[lang]['slug']}.html")


def list_url(lang: str) -> str:
    return url(HOST, f"/centralasia/{lang}/news/index.html")


def layout(lang: str, title: str, main: str, canonical: str, other: str) -> str:
    ui = UI[lang]
    other_lang = "ru" if lang == "en" else "en"
    left = "\n".join(f"<li><a href=\"{url(HOST, f'/centralasia/{lang}/{p}')}\">{esc(ui[k])}</a></li>"
                     for k, p in (("home", "index.html"), ("about", "about.html"),
                                  ("programme", "programme.html"), ("topics", "topics.html"),
                                  ("news", "news/index.html"), ("press", "press.html"),
                                  ("contact", "contact.html")))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="canonical" href="{canonical}">
<link rel="alternate" hreflang="{other_lang}" href="{other}">
<link rel="stylesheet" type="text/css" href="{url(HOST, '/css/unodc-styles.css')}">
<link rel="stylesheet" type="text/css" href="{url(HOST, '/centralasia/css/field-office.css')}">
<script type="text/javascript" src="{url(HOST, '/js/jquery.min.js')}"></script>
<script type="text/javascript" src="{url(HOST, '/js/unodc.js')}"></script>
</head>
<body>
<div id="wrapper">
<div id="header">
<div id="logo"><a href="{url(HOST, f'/centralasia/{lang}/index.html')}"><img src="{url(HOST, '/images/logos/unodc-logo.png')}" alt="UNODC - United Nations Office on Drugs and Crime" width="300" height="60"></a></div>
<div id="office-name">{esc(ui['office'])}</div>
<div id="language-bar"><a href="{url(HOST, '/centralasia/en/index.html')}" lang="en">English</a> | <a href="{url(HOST, '/centralasia/ru/index.html')}" lang="ru">Русский</a></div>
<form id="search" action="{url(HOST, '/unodc/search.html')}" method="get"><input type="text" name="q" placeholder="{esc(ui['search'])}"><input type="submit" value="{esc(ui['search'])}"></form>
</div>
<div id="breadcrumb"><a href="{url(HOST, '/')}">UNODC</a> &gt; <a href="{url(HOST, f'/centralasia/{lang}/index.html')}">{esc(ui['office'])}</a> &gt; <a href="{list_url(lang)}">{esc(ui['news'])}</a></div>
<div id="columns">
<div id="leftColumn"><ul class="leftnav">
{left}
</ul></div>
<div id="mainColumn">
{main}
</div>
</div>
<div id="footer"><p>&copy; {esc(ui['footer'])} 2021. <a href="{url(HOST, '/unodc/en/about-unodc/terms-of-use.html')}">{esc(ui['terms'])}</a> | <a href="{url(HOST, '/unodc/en/about-unodc/privacy-notice.html')}">{esc(ui['privacy'])}</a></p></div>
</div>
</body>
</html>
"""


def article(lang: str) -> str:
    t = LANGS[lang]
    ui = UI[lang]
    other_lang = "ru" if lang == "en" else "en"
    paras = t["paras"]
    body = [f"<p><strong>{esc(t['dateline'])}</strong> &ndash; {esc(paras[0])}</p>"]
    for i, p in enumerate(paras[1:], 1):
        body.append(f"<p>{esc(p)}</p>")
        if i == 3:
            body.append(f"<p><img src=\"{url(HOST, '/images/centralasia/2021/06/webinar-turkmenistan.jpg')}\" "
                        "alt=\"\" width=\"600\" height=\"400\"></p>")
    c = T.CONTACT
    main = f"""<div id="news-article">
<h1>{esc(t['title'])}</h1>
{chr(10).join(body)}
<p>&nbsp;<a href="{art_url(other_lang)}">{esc(ui['other'])}</a>&nbsp;</p>
<hr>
<div class="contact-box">
<h3>{esc(ui['media_h'])}</h3>
<p><strong>{esc(CONTACT_NAME[lang])}</strong>, {esc(ui['pr'])}, {esc(ui['office_short'])}</p>
<p>{esc(ui['tel'])}: {esc(c['phone'])} (WhatsApp, Telegram)</p>
<p>E-mail: {esc(c['email'])}</p>
</div>
</div>"""
    return layout(lang, t["title"], main, art_url(lang), art_url(other_lang))


def news_list(lang: str) -> str:
    t = LANGS[lang]
    ui = UI[lang]
    d = T.DATE.split("-")
    main = f"""<h1>{esc(ui['list_title'])}</h1>
<div class="news-list">
<div class="news-item">
<p class="news-date">{d[2]}.{d[1]}.{d[0]}</p>
<h3><a href="{art_url(lang)}">{esc(t['title'])}</a></h3>
<p>{esc(t['lead'])}</p>
</div>
</div>
<p><a href="{url(HOST, f'/centralasia/{lang}/news/archive.html')}">{esc(ui['archive'])}</a></p>"""
    other_lang = "ru" if lang == "en" else "en"
    return layout(lang, ui["list_title"], main, list_url(lang), list_url(other_lang))


def main() -> None:
    expected = []
    for lang, t in LANGS.items():
        write(HOST, f"centralasia/{lang}/news/index.html", news_list(lang))
        write(HOST, f"centralasia/{lang}/news/{t['slug']}.html", article(lang))
        expected.append({
            "site": "unodc",
            "url": art_url(lang),
            "title": t["title"],
            "published": T.DATE,
            "language": lang,
            "must_contain": t["must"],
            "list_page": list_url(lang),
            "translations": {("ru" if lang == "en" else "en"): art_url("ru" if lang == "en" else "en")},
        })
    save_expected("unodc", expected)


if __name__ == "__main__":
    main()
