"""Build minersnews.example: a multilingual Joomla 3 site (blog layout), facts of seed 002.

English list in two pages (/en/ and /en/page-2.html), Russian list (/ru/), article pages at
/<lang>/news/<id>-<alias>.html (Joomla SEF URLs with the .html suffix). The site root serves
the English front page. Publication dates are assigned by us (the seed shows none but the
Pakistan item's "7 January, 2021"); see README.
"""

from __future__ import annotations

from datetime import datetime

from common import esc, save_expected, url, write

HOST = "minersnews.example"
PER_PAGE = 7

# id, alias, date, category, title, [paragraphs], must_contain
EN = [
    (412, "bangladesh-reports-to-the-ilo", "2021-11-04T09:12:00+00:00", "Asia",
     "This Saturday (6.11.) Bangladesh answers to the ILO on labour promises",
     ["On Saturday 6 November the government of Bangladesh is due to report to the "
      "International Labour Organisation on what it has done about its pledges to improve "
      "working conditions for the country's 67 million workers.",
      "Earlier pledges produced plenty of talk and very little action. Every year 35,000 "
      "people in Bangladesh lose their lives at work and 8 million are injured. Sexual violence "
      "is widespread, government labour inspectors hardly ever visit millions of workplaces, "
      "and many people cannot escape jobs that pay poverty wages. Workers are calling for "
      "#ABetterBangladesh, and it is plain that the government has fallen short."],
     ["67 million workers", "35,000 people in Bangladesh lose their lives"]),
    (405, "iran-miners-widen-strikes", "2021-07-05T17:40:00+00:00", "Middle East",
     "Iran: Miners widen their strikes as worker protests spread",
     ["Striking miners in Zarand, Kerman province, are widening their action, and special "
      "guard units have attacked their gatherings and sit-ins. The Haft Tappeh workers have "
      "reached day eight of their strike, and the copper miners of Sungun have stopped work.",
      "Contract (third-party) workers in the Petrochemical Special Economic Zone, Persian Gulf "
      "Holding among the employers, have struck and marched, and green-space workers in Ahwaz "
      "have held a protest rally."],
     ["day eight of their strike", "copper miners of Sungun"]),
    (398, "myanmar-monywa-copper-miners-strike", "2021-07-02T08:05:00+00:00", "Asia",
     "Asia: Myanmar's striking copper miners cut into junta revenue",
     ["Ever since the military seized power in February, 4,800 miners in Monywa township have "
      "stayed off the job. Five months of unbroken strike action have eaten into the "
      "regime's income.",
      "Copper exports have taken the blow: shipments to China in February were down 55 percent "
      "on the same month a year earlier. In March the figure for copper exports to China rose "
      "to 37.6 percent, but the market view is that Wanbao Mining Copper, a multinational "
      "mining company owned from China, was simply selling off its stocks."],
     ["4,800 miners in Monywa township", "down 55 percent"]),
    (391, "india-second-wave-note", "2021-05-03T11:20:00+00:00", "Asia",
     "India: A short note on the second pandemic wave",
     ["India's second wave is now so severe that new cases run well above 350,000 a day, and "
      "deaths have climbed over the past month: the mortality rate, which averaged 0.4%, has "
      "jumped to 1.7%.",
      "Each day brings fresh reports of people dying because no oxygen is available. Hospitals "
      "have no free beds, and patients are sleeping on stretchers."],
     ["well above 350,000 a day", "jumped to 1.7%"]),
    (388, "armenia-strikes-at-two-mining-companies", "2021-04-30T14:00:00+00:00", "Europe",
     "Armenia: Miners' strikes at two companies win pay rises",
     ["Strikes at two Armenian mining companies have ended with higher wages and safer, "
      "healthier working conditions.",
      "On 8 and 9 April the workforce of the Kapan mining and processing plant, which employs "
      "1,200 people, walked out to demand safer conditions and a pay rise."],
     ["On 8 and 9 April", "employs 1,200 people"]),
    (385, "may-day-joint-statement-of-15-organisations", "2021-04-29T10:30:00+00:00",
     "Statements",
     "May Day: Joint declaration from 15 organisations",
     ["Fifteen organisations have signed a joint declaration for May First, International "
      "Labour Day: unions and other independent labour groups, teachers' trade associations, "
      "independent pensioners' organisations and groups defending women's rights.",
      "They salute May Day as the day on which working people all over the world show their "
      "solidarity with one another."],
     ["Fifteen organisations have signed", "independent pensioners' organisations"]),
    (383, "may-day-zindabad-2021", "2021-04-28T07:45:00+00:00", "Statements",
     "MAY DAY Zindabad: Raise the Banner of Struggle High",
     ["Workers everywhere will mark the 135th May Day in the middle of the pandemic, under "
      "restrictions that the ruling classes are using to choke off ordinary democratic "
      "activity."],
     ["135th May Day", "choke off ordinary democratic activity"]),
    (371, "india-letter-from-friends-in-hyderabad", "2021-04-06T16:10:00+00:00", "Asia",
     "India: A letter from our friends in Hyderabad",
     ["Our friends apologise for the late update. Covid is climbing again in many states, "
      "Telangana among them, and Hyderabad is once more seeing cases rise.",
      "A year ago this month India went through a brutal, badly planned lockdown, one of the "
      "harshest anywhere, which brought death and misery to workers in the unorganised "
      "sectors."],
     ["Telangana among them", "unorganised sectors"]),
    (366, "philippines-stricter-lockdown", "2021-03-30T05:55:00+00:00", "Asia",
     "Philippines: Conditions here are just as bad, if not worse",
     ["A new round of tighter lockdown rules in the capital region has made it harder for "
      "workers to get to their jobs. The Covid situation is not improving, and infections and "
      "deaths go up every day.",
      "With no economic relief from the government, people do not have the food or the money "
      "to get by, and the health system is getting worse by the day."],
     ["tighter lockdown rules in the capital region", "no economic relief"]),
    (352, "pakistan-miners-block-road", "2021-01-07T12:00:00+00:00", "Asia",
     "Pakistan: Miners protest and block a road after fascist attack",
     ["7 January 2021. Pakistan's mineworkers' unions count at least 208 workers killed on the "
      "job in 2020.",
      "The new year looks no better. A fatal accident on 1 January was followed on 3 January by "
      "two more deadly accidents and a terror attack, and 14 mineworkers have already died "
      "this year."],
     ["at least 208 workers killed", "14 mineworkers have already died"]),
]

RU = {
    412: ("bangladesh-otchityvaetsya-pered-mot",
          "В эту субботу (6.11.) Бангладеш отчитается перед МОТ о своих обещаниях",
          ["В субботу, 6 ноября, правительство Бангладеш должно представить Международной "
           "организации труда отчёт о том, как оно выполняет обещания улучшить условия труда "
           "для 67 миллионов работников страны.",
           "Прежние обещания так и остались словами. Каждый год на работе в Бангладеш гибнут "
           "35 000 человек, ещё 8 миллионов получают травмы. Сексуальное насилие распространено "
           "повсеместно, государственные инспекторы труда почти не бывают на миллионах рабочих "
           "мест, а люди не могут уйти с работы, где платят нищенскую зарплату. Работники "
           "требуют #ABetterBangladesh, и очевидно, что правительство сделало для этого слишком "
           "мало."],
          ["67 миллионов работников", "гибнут 35 000 человек"]),
    405: ("iran-gornyaki-rasshiryayut-zabastovki",
          "Иран: горняки расширяют забастовки, протесты рабочих ширятся",
          ["Бастующие горняки Заранда (провинция Керман) расширяют забастовку, а спецподразделения "
           "охраны нападают на их собрания и сидячие акции. Рабочие Хафт-Тепе бастуют уже восьмой "
           "день, остановили работу и медники Сунгуна.",
           "Подрядные работники Особой экономической зоны нефтехимии, в том числе холдинга "
           "«Персидский залив», провели забастовку и шествие, а работники службы озеленения "
           "Ахваза вышли на митинг протеста."],
          ["бастуют уже восьмой день", "медники Сунгуна"]),
    398: ("myanma-zabastovka-mednikov-monyva",
          "Азия: забастовка медников в Мьянме бьёт по доходам военных",
          ["С февральского военного переворота 4800 горняков в районе Монива не выходят на "
           "работу. Пять месяцев непрерывной забастовки подорвали доходы военного режима.",
           "Пострадал и экспорт меди: в феврале поставки в Китай упали на 55 процентов по "
           "сравнению с тем же месяцем прошлого года. В марте показатель экспорта меди в Китай "
           "поднялся до 37,6 процента, однако участники рынка считают, что многонациональная "
           "горнодобывающая компания Wanbao Mining Copper, принадлежащая китайскому капиталу, "
           "просто распродавала складские запасы."],
          ["4800 горняков в районе Монива", "упали на 55 процентов"]),
    388: ("armeniya-zabastovki-na-dvukh-rudnikakh",
          "Армения: забастовки на двух горнодобывающих предприятиях принесли прибавку к зарплате",
          ["Забастовки на двух горнодобывающих предприятиях Армении закончились повышением "
           "зарплаты и улучшением охраны труда.",
           "8 и 9 апреля горняки Капанского горно-обогатительного комбината, где работают "
           "1200 человек, прекратили работу, требуя безопасных условий труда и повышения "
           "заработной платы."],
          ["8 и 9 апреля", "где работают 1200 человек"]),
    352: ("pakistan-gornyaki-perekryli-dorogu",
          "Пакистан: горняки вышли на протест и перекрыли дорогу после фашистского нападения",
          ["7 января 2021 года. По подсчётам профсоюзов горняков Пакистана, в 2020 году на "
           "работе погибли не менее 208 человек.",
           "Новый год начался не лучше: 1 января произошла смертельная авария, а 3 января — ещё "
           "две аварии со смертельным исходом и теракт. С начала года погибли уже 14 горняков."],
          ["не менее 208 человек", "погибли уже 14 горняков"]),
}

CATS_RU = {"Asia": "Азия", "Middle East": "Ближний Восток", "Europe": "Европа",
           "Statements": "Заявления"}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]

UI = {
    "en": {"home": "Home", "news": "News", "about": "About us", "contact": "Contact",
           "details": "Details", "written": "Written by", "cat": "Category", "pub": "Published",
           "hits": "Hits", "readmore": "Read more:", "select": "Select language",
           "page": "Page {} of {}", "start": "Start", "prev": "Prev", "next": "Next",
           "end": "End", "site": "Miners News", "tagline": "News from mineworkers and their "
           "unions around the world", "heading": "Latest news",
           "about_text": "Miners News (a demo site) collects reports sent in by mineworkers' "
           "unions, labour groups and friends in many countries. Reports are published in the "
           "language they reach us in; some are translated.",
           "print": "Print", "email": "Email", "prev_art": "Prev", "next_art": "Next",
           "search": "Search ...", "login": "Login Form"},
    "ru": {"home": "Главная", "news": "Новости", "about": "О нас", "contact": "Контакты",
           "details": "Подробности", "written": "Автор", "cat": "Категория",
           "pub": "Опубликовано", "hits": "Просмотров", "readmore": "Подробнее:",
           "select": "Выберите язык", "page": "Страница {} из {}", "start": "В начало",
           "prev": "Назад", "next": "Вперёд", "end": "В конец", "site": "Новости горняков",
           "tagline": "Новости от горняков и их профсоюзов со всего мира",
           "heading": "Последние новости",
           "about_text": "«Новости горняков» (демонстрационный сайт) публикуют сообщения "
           "профсоюзов горняков, рабочих организаций и друзей из разных стран. Материалы "
           "выходят на языке оригинала, некоторые переводятся.",
           "print": "Печать", "email": "E-mail", "prev_art": "Назад", "next_art": "Вперёд",
           "search": "Искать...", "login": "Вход"},
}


def _date_text(iso: str, lang: str) -> str:
    d = datetime.fromisoformat(iso)
    if lang == "ru":
        return f"{d.day:02d} {MONTHS_RU[d.month - 1]} {d.year}"
    return f"{d.day:02d} {MONTHS_EN[d.month - 1]} {d.year}"


def _truncate(title: str, limit: int = 20) -> str:
    if len(title) <= limit:
        return title
    cut = title[:limit]
    return cut[: cut.rfind(" ")].rstrip(",:;") + "..."


def art_url(lang: str, aid: int, alias: str) -> str:
    return url(HOST, f"/{lang}/news/{aid}-{alias}.html")


def items(lang: str) -> list[dict]:
    out = []
    for aid, alias, date, cat, title, paras, must in EN:
        if lang == "en":
            out.append(dict(id=aid, alias=alias, date=date, cat=cat, title=title, paras=paras,
                            must=must))
        elif aid in RU:
            ra, rt, rp, rm = RU[aid]
            out.append(dict(id=aid, alias=ra, date=date, cat=CATS_RU[cat], title=rt, paras=rp,
                            must=rm))
    return out


def translations(aid: int) -> dict[str, str]:
    t = {}
    for aid2, alias, *_ in EN:
        if aid2 == aid:
            t["en"] = art_url("en", aid, alias)
    if aid in RU:
        t["ru"] = art_url("ru", aid, RU[aid][0])
    return t


def layout(lang: str, title: str, main: str, *, canonical: str,
           alternates: dict[str, str], body_class: str) -> str:
    ui = UI[lang]
    hreflang = "\n".join(f"<link href=\"{u}\" rel=\"alternate\" hreflang=\"{'en-gb' if lg == 'en' else 'ru-ru'}\" />"
                         for lg, u in alternates.items())
    langs = []
    for lg, name, flag in (("en", "English (UK)", "en_gb"), ("ru", "Русский (Россия)", "ru_ru")):
        href = alternates.get(lg, url(HOST, f"/{lg}/"))
        active = " class=\"lang-active\"" if lg == lang else ""
        langs.append(f"<li{active}><a href=\"{href}\"><img src=\"{url(HOST, f'/media/mod_languages/images/{flag}.gif')}\" "
                     f"alt=\"{name}\" title=\"{name}\" /></a></li>")
    langs_html = "\n".join(langs)
    home = url(HOST, f"/{lang}/")
    return f"""<!DOCTYPE html>
<html lang="{'en-gb' if lang == 'en' else 'ru-ru'}" dir="ltr">
<head>
	<meta name="viewport" content="width=device-width, initial-scale=1.0" />
	<meta charset="utf-8" />
	<base href="{canonical}" />
	<meta name="generator" content="Joomla! - Open Source Content Management" />
	<title>{esc(title)} - {esc(ui['site'])}</title>
	<link href="{canonical}" rel="canonical" />
{hreflang}
	<link href="{url(HOST, '/templates/protostar/favicon.ico')}" rel="shortcut icon" type="image/vnd.microsoft.icon" />
	<link href="{url(HOST, '/templates/protostar/css/template.css?5a1b2c3d')}" rel="stylesheet" />
	<link href="{url(HOST, '/media/mod_languages/css/template.css?5a1b2c3d')}" rel="stylesheet" />
	<script src="{url(HOST, '/media/jui/js/jquery.min.js?5a1b2c3d')}"></script>
	<script src="{url(HOST, '/media/system/js/caption.js?5a1b2c3d')}"></script>
	<script>jQuery(window).on('load',  function() {{ new JCaption('img.caption'); }});</script>
</head>
<body class="site com_content view-{body_class} no-layout no-task itemid-101">
	<div class="body" id="top">
		<div class="container">
			<header class="header" role="banner">
				<div class="header-inner clearfix">
					<a class="brand pull-left" href="{home}"><span class="site-title" title="{esc(ui['site'])}">{esc(ui['site'])}</span>
					<div class="site-description">{esc(ui['tagline'])}</div></a>
					<div class="header-search pull-right">
						<div class="search"><form action="{home}" method="post" class="form-inline" role="search"><label for="mod-search-searchword" class="element-invisible">Search</label> <input name="searchword" id="mod-search-searchword" maxlength="200" class="inputbox search-query input-medium" type="search" placeholder="{esc(ui['search'])}" /><input type="hidden" name="task" value="search" /><input type="hidden" name="option" value="com_search" /></form></div>
					</div>
				</div>
			</header>
			<nav class="navigation" role="navigation">
				<div class="navbar pull-left"><a class="btn btn-navbar collapsed" data-toggle="collapse" data-target=".nav-collapse"><span class="element-invisible">Toggle Navigation</span><span class="icon-bar"></span></a></div>
				<div class="nav-collapse">
					<ul class="nav menu nav-pills mod-list">
<li class="item-101 default current active"><a href="{home}">{esc(ui['home'])}</a></li><li class="item-102"><a href="{url(HOST, f'/{lang}/news.html')}">{esc(ui['news'])}</a></li><li class="item-103"><a href="{url(HOST, f'/{lang}/about-us.html')}">{esc(ui['about'])}</a></li><li class="item-104"><a href="{url(HOST, f'/{lang}/contact.html')}">{esc(ui['contact'])}</a></li></ul>
				</div>
			</nav>
			<div class="row-fluid">
				<main id="content" role="main" class="span9">
					<div id="system-message-container"></div>
{main}
				</main>
				<div id="aside" class="span3">
					<div class="well "><h3 class="page-header">{esc(ui['about'])}</h3>
<div class="custom"><p>{esc(ui['about_text'])}</p></div></div>
					<div class="well "><h3 class="page-header">{esc(ui['select'])}</h3>
<div class="mod-languages">
	<ul class="lang-inline" dir="ltr">
{langs_html}
	</ul>
</div></div>
					<div class="well "><h3 class="page-header">{esc(ui['login'])}</h3>
<form action="{home}" method="post" id="login-form" class="form-inline"><div class="userdata"><div id="form-login-username" class="control-group"><input id="modlgn-username" type="text" name="username" class="input-small" tabindex="0" size="18" placeholder="Username" /></div><div id="form-login-password" class="control-group"><input id="modlgn-passwd" type="password" name="password" class="input-small" tabindex="0" size="18" placeholder="Password" /></div><button type="submit" tabindex="0" name="Submit" class="btn btn-primary login-button">Log in</button></div></form></div>
				</div>
			</div>
		</div>
	</div>
	<footer class="footer" role="contentinfo">
		<div class="container">
			<hr />
			<p class="pull-right"><a href="#top" id="back-top">Back to Top</a></p>
			<p>&copy; 2021 {esc(ui['site'])} (demo)</p>
		</div>
	</footer>
</body>
</html>
"""


def _info(lang: str, it: dict) -> str:
    ui = UI[lang]
    return f"""<dl class="article-info muted">
	<dt class="article-info-term">{esc(ui['details'])}</dt>
	<dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">{esc(ui['written'])} <span itemprop="name">Editor</span></dd>
	<dd class="category-name">{esc(ui['cat'])}: <a href="{url(HOST, f"/{lang}/news.html")}" itemprop="genre">{esc(it['cat'])}</a></dd>
	<dd class="published"><span class="icon-calendar" aria-hidden="true"></span>
		<time datetime="{it['date']}" itemprop="datePublished">{esc(ui['pub'])}: {_date_text(it['date'], lang)}</time></dd>
	<dd class="hits"><span class="icon-eye-open" aria-hidden="true"></span><meta itemprop="interactionCount" content="UserPageVisits:{it['id'] * 7 % 900 + 100}" />{esc(ui['hits'])}: {it['id'] * 7 % 900 + 100}</dd>
</dl>"""


def _blog_item(lang: str, it: dict) -> str:
    ui = UI[lang]
    href = art_url(lang, it["id"], it["alias"])
    return f"""<div class="page-header">
	<h2 itemprop="name"><a href="{href}" itemprop="url">{esc(it['title'])}</a></h2>
</div>
{_info(lang, it)}
<p>{esc(it['paras'][0])}</p>
<p class="readmore"><a class="btn" href="{href}" itemprop="url" aria-label="{esc(ui['readmore'])}  {esc(it['title'])}">
	<span class="icon-chevron-right" aria-hidden="true"></span>{esc(ui['readmore'])} {esc(_truncate(it['title']))}</a></p>"""


def blog_page(lang: str, page_items: list[dict], page_no: int, pages: int,
              page_urls: list[str]) -> str:
    ui = UI[lang]
    lead, rest = page_items[0], page_items[1:]
    rows = []
    for i, it in enumerate(rest):
        rows.append(f"""<div class="items-row cols-1 row-{i} row-fluid clearfix">
	<div class="span12">
		<div class="item column-1" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
{_blog_item(lang, it)}
		</div>
		<span class="row-separator"></span>
	</div>
</div>""")
    pagination = ""
    if pages > 1:
        lis = []
        if page_no > 1:
            lis.append(f"<li><a title=\"{ui['start']}\" href=\"{page_urls[0]}\" class=\"pagenav\">{ui['start']}</a></li>")
            lis.append(f"<li><a title=\"{ui['prev']}\" href=\"{page_urls[page_no - 2]}\" class=\"pagenav\">{ui['prev']}</a></li>")
        else:
            lis.append(f"<li class=\"disabled\"><a>{ui['start']}</a></li><li class=\"disabled\"><a>{ui['prev']}</a></li>")
        for n in range(1, pages + 1):
            if n == page_no:
                lis.append(f"<li class=\"active\"><a>{n}</a></li>")
            else:
                lis.append(f"<li><a title=\"{n}\" href=\"{page_urls[n - 1]}\" class=\"pagenav\">{n}</a></li>")
        if page_no < pages:
            lis.append(f"<li><a title=\"{ui['next']}\" href=\"{page_urls[page_no]}\" class=\"pagenav\">{ui['next']}</a></li>")
            lis.append(f"<li><a title=\"{ui['end']}\" href=\"{page_urls[-1]}\" class=\"pagenav\">{ui['end']}</a></li>")
        else:
            lis.append(f"<li class=\"disabled\"><a>{ui['next']}</a></li><li class=\"disabled\"><a>{ui['end']}</a></li>")
        pagination = (f"<div class=\"pagination\">\n<p class=\"counter pull-right\">{ui['page'].format(page_no, pages)}</p>\n"
                      f"<ul class=\"pagination-list\">{''.join(lis)}</ul>\n</div>")
    return f"""<div class="blog" itemscope itemtype="https://schema.org/Blog">
	<div class="page-header"><h1>{esc(ui['heading'])}</h1></div>
	<div class="items-leading clearfix">
		<div class="leading-0 clearfix" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
{_blog_item(lang, lead)}
		</div>
		<div class="item-separator"></div>
	</div>
{chr(10).join(rows)}
{pagination}
</div>"""


def article(lang: str, it: dict, prev_it: dict | None, next_it: dict | None) -> str:
    ui = UI[lang]
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in it["paras"])
    nav = []
    if prev_it:
        nav.append(f"<li class=\"previous\"><a class=\"hasTooltip\" title=\"{esc(prev_it['title'])}\" href=\"{art_url(lang, prev_it['id'], prev_it['alias'])}\" rel=\"prev\"><span class=\"icon-chevron-left\" aria-hidden=\"true\"></span> <span aria-hidden=\"true\">{ui['prev_art']}</span></a></li>")
    if next_it:
        nav.append(f"<li class=\"next\"><a class=\"hasTooltip\" title=\"{esc(next_it['title'])}\" href=\"{art_url(lang, next_it['id'], next_it['alias'])}\" rel=\"next\"><span aria-hidden=\"true\">{ui['next_art']}</span> <span class=\"icon-chevron-right\" aria-hidden=\"true\"></span></a></li>")
    return f"""<div class="item-page" itemscope itemtype="https://schema.org/Article">
	<meta itemprop="inLanguage" content="{'en-GB' if lang == 'en' else 'ru-RU'}" />
	<div class="page-header">
		<h2 itemprop="headline">{esc(it['title'])}</h2>
	</div>
	<div class="icons">
		<div class="btn-group pull-right"><button class="btn dropdown-toggle" type="button" data-toggle="dropdown"><span class="icon-cog" aria-hidden="true"></span><span class="caret" aria-hidden="true"></span></button>
			<ul class="dropdown-menu"><li class="print-icon"><a href="?tmpl=component&amp;print=1" rel="nofollow">{ui['print']}</a></li><li class="email-icon"><a href="{url(HOST, '/component/mailto/')}" rel="nofollow">{ui['email']}</a></li></ul>
		</div>
	</div>
{_info(lang, it)}
	<div itemprop="articleBody">
{paras}
	</div>
	<ul class="pager pagenav">
{chr(10).join(nav)}
	</ul>
</div>"""


def main() -> None:
    expected = []
    for lang in ("en", "ru"):
        its = items(lang)
        per = PER_PAGE if lang == "en" else len(its)
        chunks = [its[i:i + per] for i in range(0, len(its), per)]
        page_urls = [url(HOST, f"/{lang}/")] + [url(HOST, f"/{lang}/page-{n}.html")
                                                for n in range(2, len(chunks) + 1)]
        for n, chunk in enumerate(chunks, 1):
            main_html = blog_page(lang, chunk, n, len(chunks), page_urls)
            alts = {"en": url(HOST, "/en/"), "ru": url(HOST, "/ru/")}
            html_text = layout(lang, UI[lang]["heading"], main_html, canonical=page_urls[n - 1],
                               alternates=alts, body_class="category")
            write(HOST, f"{lang}/index.html" if n == 1 else f"{lang}/page-{n}.html", html_text)
            if lang == "en" and n == 1:
                write(HOST, "index.html", html_text)  # the site root shows the English home
        for i, it in enumerate(its):
            prev_it = its[i - 1] if i > 0 else None
            next_it = its[i + 1] if i + 1 < len(its) else None
            alts = translations(it["id"])
            html_text = layout(lang, it["title"], article(lang, it, prev_it, next_it),
                               canonical=art_url(lang, it["id"], it["alias"]), alternates=alts,
                               body_class="article")
            write(HOST, f"{lang}/news/{it['id']}-{it['alias']}.html", html_text)
            entry = {
                "site": "minersnews",
                "url": art_url(lang, it["id"], it["alias"]),
                "title": it["title"],
                "published": it["date"],
                "language": lang,
                "must_contain": it["must"],
                "list_page": page_urls[i // per],
            }
            others = {k: v for k, v in alts.items() if k != lang}
            if others:
                entry["translations"] = others
            expected.append(entry)
    save_expected("minersnews", expected)


if __name__ == "__main__":
    main()
