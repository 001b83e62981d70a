"""Rebuild demo.jsonl: the reports of the events set that come from the demo corpus (data/demo).

The demo pages are our own paraphrases of real seed texts (data/demo/README.md); the events they
report are real. Each page is read with the monitor's own article extractor (Telegram posts with
their markup), so the excerpt is what the monitor stores. Run from the repository root:

    .venv/bin/python bench/data/events/demo_reports.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from bs4 import BeautifulSoup  # noqa: E402
from monitor.fulltext import extract_article  # noqa: E402

WWW = ROOT / "data" / "demo" / "www"
OUT = Path(__file__).with_name("demo.jsonl")
EXCERPT = 500

# Sites' folders under data/demo/www
MINERS, FPRK = "minersnews.example/", "www.fprk.kz/"
UNODC, SC = "www.unodc.org/centralasia/", "www.solidaritycenter.org/"
# (event_id, page under data/demo/www, reason)
PAGES = [
    ("am-kapan-strike-2021-04",
     MINERS + "en/news/388-armenia-strikes-at-two-mining-companies.html",
     "8-9 April 2021 strike at the Kapan mining and processing plant (with a second company)"),
    ("am-kapan-strike-2021-04",
     MINERS + "ru/news/388-armeniya-zabastovki-na-dvukh-rudnikakh.html",
     "Russian version of the same post (declared by hreflang)"),
    ("ir-zarand-miners-strike-2021-07",
     MINERS + "en/news/405-iran-miners-widen-strikes.html",
     "roundup led by the Zarand (Kerman) miners' strike, July 2021"),
    ("ir-zarand-miners-strike-2021-07",
     MINERS + "ru/news/405-iran-gornyaki-rasshiryayut-zabastovki.html",
     "Russian version of the same roundup"),
    ("mm-monywa-copper-strike-2021",
     MINERS + "en/news/398-myanmar-monywa-copper-miners-strike.html",
     "Monywa copper miners' strike against the junta, 2021"),
    ("mm-monywa-copper-strike-2021",
     MINERS + "ru/news/398-myanma-zabastovka-mednikov-monyva.html",
     "Russian version of the same post"),
    ("pk-miners-road-block-2021-01",
     MINERS + "en/news/352-pakistan-miners-block-road.html",
     "Pakistani miners block a road after the 3 January 2021 attack"),
    ("pk-miners-road-block-2021-01",
     MINERS + "ru/news/352-pakistan-gornyaki-perekryli-dorogu.html",
     "Russian version of the same post"),
    ("bd-ilo-report-2021-11",
     MINERS + "en/news/412-bangladesh-reports-to-the-ilo.html",
     "Bangladesh answers to the ILO Governing Body on 6 Nov 2021"),
    ("bd-ilo-report-2021-11",
     MINERS + "ru/news/412-bangladesh-otchityvaetsya-pered-mot.html",
     "Russian version of the same post"),
    ("kz-fprk-ilo-mining-safety-2025-02",
     FPRK + "kz/news/krkf-pen-heu-tau-ken-salasynda-kush-biriktiredi/index.html",
     "FPRK-ILO meeting on mining safety, Feb 2025 (Kazakh)"),
    ("kz-fprk-ilo-mining-safety-2025-02",
     FPRK + "ru/news/fprk-i-mot-obedinyayut-usiliya-radi-bezopasnogo-truda-v-gornodobyche/"
     "index.html",
     "Russian version of the same news"),
    ("kz-fprk-ilo-mining-safety-2025-02",
     FPRK + "en/news/fprk-and-ilo-team-up-for-safer-work-in-mining/index.html",
     "English version of the same news"),
    ("tm-unodc-webinar-2021-06",
     UNODC + "en/news/unodc-and-usaid-webinar-in-turkmenistan-puts-human-rights-in-business-"
     "in-focus.html",
     "UNODC/USAID webinar in Turkmenistan, June 2021"),
    ("tm-unodc-webinar-2021-06",
     UNODC + "ru/news/vebinar-unp-oon-i-usaid-v-turkmenistane-prava-cheloveka-v-biznese.html",
     "Russian version of the same news"),
    ("uz-tashkent-convening-2023-05",
     SC + "tashkent-convening-central-asia-forced-labor-labor-inspectors/index.html",
     "the Tashkent convening of labour inspectors, 22 May 2023"),
    ("uz-tashkent-convening-2023-05",
     SC + "tashkent-convening-central-asia-forced-labor-labor-inspectors-2/index.html",
     "the same post republished four days later"),
    ("kg-tripartite-safety-2023-05",
     SC + "kyrgyzstan-partnership-yields-workplace-safety-gains/index.html",
     "Kyrgyzstan inspection figures, May 2023"),
]
# (event_id, Telegram post number, reason)
POSTS = [
    ("pk-miners-road-block-2021-01", 91, "Telegram repost of the Pakistani miners' road block"),
    ("am-kapan-strike-2021-04", 93, "Telegram repost: the Kapan strike of 8-9 April"),
    ("tm-unodc-webinar-2021-06", 95, "Telegram repost of the UNODC webinar"),
    ("kz-fprk-ilo-mining-safety-2025-02", 96, "Telegram repost (Kazakh) of the FPRK-ILO meeting"),
    ("kz-fprk-ilo-mining-safety-2025-02", 97, "Telegram repost (Russian) of the FPRK-ILO meeting"),
    ("kz-astana-ilo-seminar-2025-02-27", 99,
     "HARD NEGATIVE: the tripartite ILO seminar in Astana a week after the FPRK-ILO meeting"),
    ("kz-vision-zero-figures-2025-03", 100, "first Vision Zero figures (Kazakh)"),
    ("kz-minimum-wage-method-2025-03", 101, "minimum-wage methodology approved"),
]


def _page(event_id: str, rel: str, reason: str) -> dict[str, object]:
    path = WWW / rel
    url = "{{DEMO}}/" + rel.removesuffix("index.html")
    article = extract_article(path.read_bytes(), url)
    golden = _golden().get(url, {})
    return {
        "event_id": event_id, "url": url, "language": article.language,
        "title": article.title, "excerpt": " ".join(article.text.split())[:EXCERPT],
        "published": str(golden.get("published") or "")[:10] or None,
        # the site-declared language versions, as data/demo/expected.json records them
        "translation_urls": sorted((golden.get("translations") or {}).values()),
        "reason": reason, "corpus": "demo",
    }


def _golden() -> dict[str, dict[str, object]]:
    expected = json.loads((ROOT / "data" / "demo" / "expected.json").read_text("utf-8"))
    return {item["url"]: item for items in expected["sites"].values() for item in items}


def _posts() -> dict[int, dict[str, str]]:
    out = {}
    for name in ("index.html", "before-96.html"):
        soup = BeautifulSoup((WWW / "t.me/s/labour_hotline_kz" / name).read_text("utf-8"),
                             "html.parser")
        for message in soup.select("div.tgme_widget_message"):
            number = int(str(message.get("data-post", "")).rsplit("/", 1)[-1])
            text = message.select_one("div.tgme_widget_message_text")
            when = message.select_one("time[datetime]")
            if text is None:
                continue
            lines = [s for s in text.stripped_strings]
            out[number] = {"title": lines[0] if lines else "",
                           "text": " ".join(lines[1:]),
                           "published": str(when["datetime"])[:10] if when else ""}
    return out


def main() -> None:
    rows = [_page(*page) for page in PAGES]
    posts = _posts()
    for event_id, number, reason in POSTS:
        post = posts[number]
        text = post["text"]
        rows.append({
            "event_id": event_id, "url": f"{{{{DEMO}}}}/t.me/labour_hotline_kz/{number}",
            "language": "kk" if any(c in text for c in "әғқңөұүһі") else "ru",
            "title": post["title"], "excerpt": text[:EXCERPT],
            "published": post["published"] or None, "translation_urls": [],
            "reason": reason, "corpus": "demo",
        })
    with OUT.open("w", encoding="utf-8") as out:
        for n, row in enumerate(rows, 1):
            out.write(json.dumps({"id": f"d{n:03d}", **row}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} demo reports -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
