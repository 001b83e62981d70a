"""Issue 14: figures, Zawgyi Burmese and text kinds, on sentences we wrote."""

from __future__ import annotations

import pytest

from monitor.enrich.clauses import Sentences
from monitor.enrich.tagging import tag_text
from monitor.enrich.tagging.matcher import clean, lower
from monitor.enrich.textkind import text_kind
from monitor.enrich.zawgyi import to_unicode, zawgyi_probability

# --- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize("text,lang,field,value", [
    ("67 million workers joined the general strike.", "en", "workers_involved", 67_000_000),
    ("6.5 million employees went on strike on Monday.", "en", "workers_involved", 6_500_000),
    ("2 lakh tea workers went on strike in Assam.", "en", "workers_involved", 200_000),
    ("1.5 миллиона рабочих вышли на забастовку.", "ru", "workers_involved", 1_500_000),
    ("철도노조 1만여 명의 조합원이 파업에 참여했다.", "ko", "workers_involved", 10_000),
    ("Three miners were killed in the mine blast.", "en", "killed", 3),
    ("Шесть горняков погибли при взрыве на шахте.", "ru", "killed", 6),
    ("Twenty-six workers were injured in the factory fire.", "en", "injured", 26),
    ("煤矿瓦斯爆炸，十四名矿工遇难。", "zh", "killed", 14),
    ("Восемнадцать горняков объявили забастовку.", "ru", "workers_involved", 18),
])
def test_numbers_with_their_magnitude_and_in_words(text, lang, field, value) -> None:
    assert getattr(tag_text("", text, lang), field) == value


@pytest.mark.parametrize("text,lang", [
    ("9 апреля горняки объявили забастовку.", "ru"),             # a date, not 9 miners
    ("On 22 February workers will strike over late wages.", "en"),
    ("12月4日工人罢工讨薪。", "zh"),
    ("Ngày 16.1, công nhân ngừng việc tập thể.", "vi"),
    ("Workers unpaid for 4 months went on strike.", "en"),       # a duration
    ("The 40-year-old miners' strike leader was arrested.", "en"),
    ("40대 노동자들이 파업에 들어갔다.", "ko"),                    # an age ("in their 40s")
    ("In 1893 the miners went on strike.", "en"),                 # a year
])
def test_dates_years_ages_and_durations_are_never_counts(text: str, lang: str) -> None:
    tags = tag_text("", text, lang)
    assert tags.relevant
    assert tags.workers_involved is None and tags.killed is None


def test_killed_injured_and_involved_are_kept_apart() -> None:
    tags = tag_text("", "Five miners were killed and twelve were injured in the blast; "
                        "the miners' union called a strike of 300 workers.", "en")
    assert (tags.killed, tags.injured, tags.workers_involved) == (5, 12, 300)


def test_the_dead_of_an_accident_are_not_workers_involved() -> None:
    tags = tag_text("", "Ten workers were trapped and two miners died in the mine collapse.", "en")
    assert tags.event_types == ["safety_incident"]
    assert (tags.killed, tags.workers_involved) == (2, None)


def test_the_largest_stated_toll_is_kept_and_a_total_is_not_a_toll() -> None:
    tags = tag_text("", "The mine blast killed 51 miners. By evening the toll rose: 52 miners "
                        "were killed.", "en")
    assert tags.killed == 52
    tags = tag_text("", "15 of 35 miners died in the mine explosion.", "en")
    assert tags.killed != 35


def test_a_yearly_or_global_total_is_not_the_incidents_figure() -> None:
    tags = tag_text("", "Five miners were killed in a mine blast on Tuesday. Every year 208 "
                        "miners are killed in the country's mines.", "en")
    assert tags.killed == 5


# --- Zawgyi ---------------------------------------------------------------------------------

ZAWGYI = "ရန္ကုန္ အလုပ္သမား ၅၀ ဦး သပိတ္ေမွာက္"   # written in the Zawgyi encoding
UNICODE = "ရန်ကုန် အလုပ်သမား ၅၀ ဦး သပိတ်မှောက်"   # the same words in Unicode


def test_zawgyi_is_detected_and_converted() -> None:
    assert zawgyi_probability(ZAWGYI) > 0.95
    assert zawgyi_probability(UNICODE) < 0.05
    assert zawgyi_probability("no Burmese here") == 0.0
    converted = to_unicode(ZAWGYI)
    assert converted.converted and converted.text == UNICODE
    assert to_unicode(UNICODE).text == UNICODE and not to_unicode(UNICODE).converted


def test_zawgyi_text_is_tagged_as_its_unicode_twin() -> None:
    z, u = tag_text("", ZAWGYI, "my"), tag_text("", UNICODE, "my")
    assert z.event_types == u.event_types == ["strike"]
    assert z.countries == u.countries == ["MM"]
    assert z.evidence["encoding"][0].startswith("Zawgyi -> Unicode")
    assert "encoding" not in u.evidence


def test_zawgyi_is_identified_as_burmese() -> None:
    from monitor.enrich import tag_fields

    fields = tag_fields("", ZAWGYI)
    assert fields["language"] == "my" and fields["event_types"] == ["strike"]


# --- kinds and sentences --------------------------------------------------------------------


def _low(text: str) -> str:
    return lower(clean(text, 20_000))


@pytest.mark.parametrize("text,kind", [
    ("What is a collective agreement?\nA collective agreement is a contract between ...",
     "explainer"),
    ("Забастовка\nЗабастовка - это коллективный отказ от работы.", "explainer"),
    ("Mining shares surge\nThe VanEck Gold Miners ETF rose 5% as investors bought stocks.",
     "market"),
    ("Chapter 1\nThe protagonist of the novel walks into the mill.", "fiction"),
    ("Miners strike in Karaganda\nAbout 300 miners refused to go underground on Monday.",
     "news"),
    ("Кармандағы кеншілер ереуілге шықты", "news"),
    ("روز دوشنبه کارگران معدن در کرمان تجمع کردند", "news"),  # رمان (novel) inside کرمان
])
def test_text_kind(text: str, kind: str) -> None:
    assert text_kind(_low(text)).kind == kind


def test_sentences() -> None:
    s = Sentences("title\nfirst one. second one! third")
    assert s.same(6, 10) and not s.same(6, 18) and s.id(0) == 0
