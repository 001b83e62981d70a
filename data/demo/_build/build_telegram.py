# ruff: noqa: E501 (HTML templates in the markup of the real site)
"""Build t.me/s/labour_hotline_kz: a public Telegram channel's web preview, two pages.

The channel is illustrative (a union hotline channel re-posting labour news in Russian and
Kazakh); the markup is that of t.me/s/<channel>. The facts come from the seed texts (FPRK and
ILO, 003; UNODC Turkmenistan, 004; Armenia and Pakistan miners, 002), written in our words.

Page 1 is served at /t.me/s/labour_hotline_kz/ (index.html); page 2, the answer to
``?before=96``, is before-96.html beside it (the demo server ignores query strings, so the
telegram tests serve it themselves).
"""

from __future__ import annotations

from datetime import datetime

from common import esc, save_expected, url, write

CHANNEL = "labour_hotline_kz"
TITLE = "Кәсіподақ желісі | Горячая линия профсоюзов"
HOST = "t.me"

# number, ISO time, views, language, text (paragraphs, first = headline), extra
POSTS: list[dict] = [
    {"n": 91, "time": "2021-01-07T11:20:00+00:00", "views": "1.8K", "lang": "ru",
     "text": ["Пакистан: горняки вышли на дорогу",
              "По подсчётам профсоюзов горняков Пакистана, в 2020 году на работе погибли не "
              "менее 208 шахтёров. С начала 2021 года жертв уже 14: смертельная авария "
              "случилась 1 января, ещё две аварии и нападение боевиков 3 января. Горняки "
              "перекрыли дорогу в знак протеста."],
     "must": ["не менее 208 шахтёров", "перекрыли дорогу"]},
    {"n": 93, "time": "2021-04-12T08:05:00+00:00", "views": "2.1K", "lang": "ru",
     "text": ["Армения: забастовка на Капанском горно-обогатительном комбинате",
              "8 и 9 апреля горняки Капанского комбината, где работают 1200 человек, "
              "прекращали работу: они требовали безопасных условий труда и прибавки к "
              "зарплате. По итогам стачки зарплаты подняли, меры охраны труда улучшили."],
     "must": ["где работают 1200 человек", "8 и 9 апреля"]},
    {"n": 95, "time": "2021-06-18T06:40:00+00:00", "views": "954", "lang": "ru",
     "forwarded": ("UNODC Central Asia", "https://t.me/unodc_centralasia"),
     "text": ["Туркменистан: вебинар о правах человека в бизнесе",
              "УНП ООН вместе с аппаратом Омбудсмена и программой USAID «Безопасная миграция "
              "в Центральной Азии» провели вебинар для более чем 30 представителей "
              "госорганов и частных компаний. Речь шла о том, как бизнесу не допускать "
              "принудительного труда и торговли людьми в цепочках поставок."],
     "must": ["более чем 30 представителей", "торговли людьми"]},
    {"n": 96, "time": "2025-02-20T09:15:00+00:00", "views": "3.4K", "lang": "kk",
     "text": ["ҚРКФ пен ХЕҰ тау-кен саласында еңбек қауіпсіздігін бірге арттырады",
              "Кәсіподақтар федерациясы Төрағасының бірінші орынбасары Мұхтар Тінікеев "
              "Халықаралық еңбек ұйымының сарапшысы Дарко Дочинскиймен кездесті. Олар "
              "ХЕҰ-ның шахталар мен карьерлердегі қауіпсіздікке арналған жаңа жобасын "
              "талқылады. Федерацияда 1,6 миллионнан астам мүше бар."],
     "must": ["Мұхтар Тінікеев", "1,6 миллионнан астам мүше"]},
    {"n": 97, "time": "2025-02-20T09:20:00+00:00", "views": "2.9K", "lang": "ru",
     "text": ["ФПРК и МОТ: безопасность труда на шахтах и карьерах",
              "Первый заместитель председателя Федерации профсоюзов Мухтар Тиникеев обсудил "
              "с экспертом МОТ Дарко Дочински проект о безопасности труда в горнодобывающей "
              "отрасли через социальный диалог. Федерация объединяет свыше 1,6 млн членов из "
              "23 отраслевых и 18 региональных профсоюзов.",
              'Подробнее: <a href="https://www.fprk.kz/ru/news">fprk.kz</a> '
              '<a href="?q=%23%D0%BE%D1%85%D1%80%D0%B0%D0%BD%D0%B0%D1%82%D1%80%D1%83%D0%B4%D0%B0">'
              "#охранатруда</a>"],
     "must": ["23 отраслевых и 18 региональных профсоюзов", "Дарко Дочински"]},
    {"n": 98, "time": "2025-02-21T12:00:00+00:00", "views": "1.1K", "lang": "ru",
     "photo_only": True},
    {"n": 99, "time": "2025-02-27T05:30:00+00:00", "views": "1.6K", "lang": "ru",
     "text": ["Сегодня в Астане: трёхсторонний семинар МОТ",
              "Профсоюзы, работодатели и государство обсуждают первые практические шаги "
              "проекта по охране труда в горной отрасли: обучение инспекторов труда, "
              "пересмотр законодательства и роль профсоюзов в защите шахтёров."],
     "must": ["трёхсторонний семинар", "обучение инспекторов труда"]},
    {"n": 100, "time": "2025-03-03T10:45:00+00:00", "views": "1.2K", "lang": "kk",
     "text": ["«Нөлдік травматизм» тұжырымдамасы: алғашқы сандар",
              "Тұжырымдамаға 536 кәсіпорын қосылды, онда 167 282 қызметкер жұмыс істейді, "
              "оның 61 442-сі зиянды жағдайда еңбек етеді. Өндірістік кеңестер саны 12 000-нан "
              "асты, бұл 2023 жылмен салыстырғанда 3,1 пайызға көп."],
     "must": ["536 кәсіпорын", "167 282 қызметкер"]},
    {"n": 101, "time": "2025-03-05T07:10:00+00:00", "views": "860", "lang": "ru",
     "text": ["Минимальная зарплата: методика утверждена",
              "По инициативе Федерации профсоюзов утверждена методика расчёта минимальной "
              "заработной платы. Следующий шаг, по словам профсоюзов, ратификация Конвенции "
              "МОТ № 131 и обязательная индексация зарплат.",
              "Если вам задерживают зарплату, пишите нам в личные сообщения."],
     "must": ["Конвенции МОТ № 131", "индексация зарплат"]},
]
PAGES = {"index.html": [p for p in POSTS if p["n"] >= 96],
         "before-96.html": [p for p in POSTS if p["n"] < 96]}


def message(p: dict) -> str:
    post = f"{CHANNEL}/{p['n']}"
    link = url(HOST, f"/{post}")
    when = datetime.fromisoformat(p["time"])
    parts = []
    if p.get("forwarded"):
        name, href = p["forwarded"]
        parts.append(
            '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
            f'<a class="tgme_widget_message_forwarded_from_name" href="{href}">'
            f"<span dir=\"auto\">{esc(name)}</span></a></div>")
    if p.get("photo_only"):
        parts.append(
            f'<a class="tgme_widget_message_photo_wrap blured" href="{link}" '
            "style=\"width:800px;background-image:url('https://cdn4.cdn-telegram.org/file/"
            "demo-photo.jpg')\"><div class=\"tgme_widget_message_photo\" "
            'style="padding-top:75%"></div></a>')
    else:
        head, *rest = p["text"]
        body = f"<b>{esc(head)}</b><br/><br/>" + "<br/><br/>".join(
            r if "<a " in r else esc(r) for r in rest)
        parts.append(
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{body}</div>')
    return f"""<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{post}" data-view="eyJjIjotMTAwMTIzNDU2Nzg5LCJwIjo{p['n']}fQ">
  <div class="tgme_widget_message_user"><a href="{url(HOST, '/' + CHANNEL)}"><i class="tgme_widget_message_user_photo bgcolor3" style="background-color:#4fad2d" data-content="К"><img src="https://cdn4.cdn-telegram.org/file/demo-avatar.jpg"></i></a></div>
  <div class="tgme_widget_message_bubble">
    <i class="tgme_widget_message_bubble_tail"><svg class="bubble_icon" width="9px" height="20px" viewBox="0 0 9 20"><g fill="none"><path class="background" fill="#ffffff" d="M8,1 L9,1 L9,20 L8,20 L8,18 C7.807,15.161 7.124,12.233 5.950,9.218 C5.046,6.893 3.504,4.733 1.325,2.738 L1.325,2.738 C0.917,2.365 0.89,1.732 1.263,1.325 C1.452,1.118 1.72,1 2,1 L8,1 Z"></path></g></svg></i>
    <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="{url(HOST, '/' + CHANNEL)}"><span dir="auto">{esc(TITLE)}</span></a></div>
    {''.join(parts)}
    <div class="tgme_widget_message_footer compact js-message_footer">
      <div class="tgme_widget_message_info short js-message_info">
        <span class="tgme_widget_message_views">{p['views']}</span><span class="copyonclick" data-copy="{link}"></span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="{link}"><time datetime="{p['time']}" class="time">{when:%H:%M}</time></a></span>
      </div>
    </div>
  </div>
</div></div>"""


def page(posts: list[dict], before: int | None) -> str:
    more = ""
    if before is not None:
        more = (f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/'
                f'{CHANNEL}?before={before}" class="tme_messages_more js-messages_more" '
                f'data-before="{before}"></a></div>')
    messages = "\n".join(message(p) for p in posts)
    return f"""<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>{esc(TITLE)} – Telegram</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta property="og:title" content="{esc(TITLE)}">
    <meta property="og:image" content="https://cdn4.cdn-telegram.org/file/demo-avatar.jpg">
    <meta property="og:site_name" content="Telegram">
    <meta property="og:description" content="Кәсіподақ жаңалықтары мен еңбек құқығы бойынша кеңес. Новости профсоюзов и консультации по трудовым правам.">
    <link rel="canonical" href="{url(HOST, '/s/' + CHANNEL)}"/>
    <link href="//telegram.org/css/font-roboto.css?1" rel="stylesheet" type="text/css">
    <link href="//telegram.org/css/widget-frame.css?66" rel="stylesheet" type="text/css">
    <link href="//telegram.org/css/telegram-web.css?40" rel="stylesheet" type="text/css">
  </head>
  <body class="widget_frame_base tgme_webpreview emoji_image" dir="auto">
    <header class="tgme_header search_collapsed">
      <div class="tgme_header_search"><form class="tgme_header_search_form" action="/s/{CHANNEL}" method="get"><input type="text" class="tgme_header_search_form_input js-header_search" name="q" value="" autocomplete="off" placeholder="Search"></form></div>
      <div class="tgme_header_info"><a class="tgme_header_link" href="{url(HOST, '/s/' + CHANNEL)}"><div class="tgme_header_title"><span dir="auto">{esc(TITLE)}</span></div><div class="tgme_header_counter">2.4K subscribers</div></a></div>
    </header>
    <main class="tgme_main">
      <section class="tgme_right_column">
        <div class="tgme_channel_info">
          <div class="tgme_channel_info_header">
            <i class="tgme_page_photo_image bgcolor3" data-content="К"><img src="https://cdn4.cdn-telegram.org/file/demo-avatar.jpg"></i>
            <div class="tgme_channel_info_header_title"><span dir="auto">{esc(TITLE)}</span></div>
            <div class="tgme_channel_info_header_username"><a href="{url(HOST, '/' + CHANNEL)}">@{CHANNEL}</a></div>
          </div>
          <div class="tgme_channel_info_description">Кәсіподақ жаңалықтары мен еңбек құқығы бойынша кеңес.<br/>Новости профсоюзов и консультации по трудовым правам.</div>
          <div class="tgme_channel_info_counters">
            <div class="tgme_channel_info_counter"><span class="counter_value">2.4K</span> <span class="counter_type">subscribers</span></div>
            <div class="tgme_channel_info_counter"><span class="counter_value">412</span> <span class="counter_type">photos</span></div>
            <div class="tgme_channel_info_counter"><span class="counter_value">37</span> <span class="counter_type">links</span></div>
          </div>
        </div>
      </section>
      <section class="tgme_channel_history js-message_history">
        {more}
{messages}
      </section>
    </main>
  </body>
</html>
"""


def main() -> None:
    write(HOST, f"s/{CHANNEL}/index.html", page(PAGES["index.html"], 96))
    write(HOST, f"s/{CHANNEL}/before-96.html", page(PAGES["before-96.html"], None))
    expected = []
    # Only page 1 is reachable through the demo server; page 2 is checked by the tests.
    for p in sorted(PAGES["index.html"], key=lambda p: p["time"], reverse=True):
        if p.get("photo_only"):
            continue
        expected.append({
            "site": "telegram",
            "url": url(HOST, f"/{CHANNEL}/{p['n']}"),
            "guid": f"tg:{CHANNEL}/{p['n']}",
            "title": p["text"][0],
            "published": p["time"],
            "language": p["lang"],
            "must_contain": p["must"],
        })
    save_expected("telegram", expected)


if __name__ == "__main__":
    main()
