"""Country and place precision: GeoNames town names that are common words, compounds, foreign
towns the text gives no reason for, and names several towns share (monitor.enrich.tagging.geoparse).
Sentences written for these tests."""

from __future__ import annotations

import pytest

from monitor.enrich.tagging import tag_text
from monitor.enrich.tagging.geoparse import home_countries


def skipped(t) -> str:
    return " | ".join(t.evidence.get("place_skipped", []))


@pytest.mark.parametrize("text", [
    "Буга чейин жолдо кырсык болгон эмес, деди айдоочу.",       # буга "to this": not Buga, CO
    "Анда эки машина кагышып, бир адам жарадар болду.",           # анда "there": not Anda, CN
    "Батыш өлкөлөрү бул маселени талкуулашты.",                   # батыш "west": not Batu, ID
    "Кайра эле ошол маселе көтөрүлдү.",                           # кайра "again": not Cairo
    "Кум басып калган жолду тазалашты.",                          # кум "sand": not Qom
])
def test_kyrgyz_common_words_name_no_country(text: str) -> None:
    assert tag_text("", text, "ky").countries == []


def test_part_of_a_compound_is_not_a_town() -> None:
    t = tag_text("", "Кара-Балтадагы заводдун жумушчулары иш таштоо жарыялашты.", "ky")
    assert t.countries == ["KG"] and t.place == "Kara-Balta"
    t = tag_text("", "Жолдун Кара-Жыгач бөлүгүндө оңдоо иштери жүрүп жатат.", "ky")
    assert t.countries == []
    assert "part of a compound name" in skipped(t)


@pytest.mark.parametrize("text,lang,code,place", [
    ("Кара-Кече көмүр кенинде кенчилер иш таштоо жарыялашты.", "ky", "KG", "Kara-Keche coal mine"),
    ("Кумтөр кенинин жумушчулары нааразылык акциясын өткөрүштү.", "ky", "KG",
     "Kumtor gold mine"),
    ("Забастовка шахтёров в Жезказгане продолжается.", "ru", "KZ", "Zhezkazgan"),
    ("Рабочие Алмалыкского комбината вышли на митинг.", "ru", "UZ", "Almalyk mining complex"),
    ("Екібастұзда көмір шахтасында жарылыс болды.", "kk", "KZ", "Ekibastuz"),
    ("Теміртаудағы зауыт жұмысшылары ереуілге шықты.", "kk", "KZ", "Temirtau"),
    ("Miners struck at a pit near Karaganda.", "en", "KZ", "Karaganda"),
    ("Copper miners near Monywa marched again.", "en", "MM", "Monywa"),
    ("Coal miners in Zarand held a sit-in.", "en", "IR", "Zarand"),
    ("A rally at the mine in Kapan drew hundreds.", "en", "AM", "Kapan"),
    ("Haft Tappeh workers went on strike.", "en", "IR", "Haft Tappeh sugar cane company"),
    ("Dockworkers in Cebu walked out.", "en", "PH", "Cebu"),
])
def test_gazetteer_places_still_work(text: str, lang: str, code: str, place: str) -> None:
    t = tag_text("", text, lang)
    assert code in t.countries
    assert t.place == place


def test_foreign_small_town_needs_its_country_named() -> None:
    alone = tag_text("", "Heidelberg'de metal işçileri greve çıktı.", "tr")
    assert alone.countries == []
    assert "does not name" in skipped(alone)
    named = tag_text("", "Almanya'da, Heidelberg'de metal işçileri greve çıktı.", "tr")
    assert named.countries == ["DE"] and named.place == "Heidelberg"


def test_town_in_a_country_of_the_text_language_stands_alone() -> None:
    # Russian news names its own towns without "Russia"
    t = tag_text("", "Шахтёры шахты под Новокузнецком вышли на митинг.", "ru")
    assert t.countries == ["RU"] and t.place == "Novokuznetsk"


@pytest.mark.parametrize("text,lang,code", [
    ("В Алматы прошёл митинг водителей.", "ru", "KZ"),        # a sentence's "В" is no first name
    ("Алматыда жүргізушілер ереуіл өткізді.", "kk", "KZ"),     # Turkic ending on the whole name
    ("Москвада мигранттар нааразылык билдиришти.", "ky", "RU"),
    ("Рим қаласында темір жолшылар ереуілге шықты.", "kk", "IT"),  # a capital, however short
    ("Toshkentda quruvchilar ish tashlashdi.", "uz", "UZ"),      # Uzbek Latin spelling
    ("أضرب عمال المصانع في بكين أمس.", "ar", "CN"),               # Beijing, not Caen
])
def test_big_cities_and_capitals_alone(text: str, lang: str, code: str) -> None:
    assert tag_text("", text, lang).countries == [code]


def test_first_word_of_a_sentence() -> None:
    # a capital letter starting a sentence says nothing: a short word there is a word ...
    assert tag_text("", "Калі будзе цёпла, пойдзем на шэсце.", "be").countries == []
    # ... a long one, with its case ending, is still the city
    t = tag_text("", "Стамбулда курулушчулар иш таштоо жарыялашты.", "ky")
    assert t.countries == ["TR"]


def test_listed_common_word_is_not_reached_by_a_stem() -> None:
    # "Семей" is cut to "семе-" for Russian endings; "Семен" (a first name) is in not_places
    assert tag_text("", "Семен вчера вышел на работу.", "ru").countries == []


def test_a_word_also_written_in_lower_case_is_a_word() -> None:
    t = tag_text("", "Анда көп адам чогулду. Биз анда болгон жокпуз.", "ky")
    assert t.countries == []
    assert "common word" in skipped(t)


def test_shared_name_takes_the_reading_whose_country_is_named() -> None:
    t = tag_text("", "London, Ontario: auto workers at the Canadian plant walked out.", "en")
    assert t.countries[0] == "CA"
    assert "GB" not in t.countries


def test_home_countries_from_cldr() -> None:
    assert home_countries("ky") == {"KG"}
    assert home_countries("kir") == {"KG"}
    assert {"ES", "MX", "CO"} <= home_countries("es")
    assert home_countries(None) == frozenset()
    assert home_countries("xx") == frozenset()


@pytest.mark.parametrize("text", [
    "Кубатбек Асанов шайлоого катышты.",          # a first name, not Куба + ending
    "Данияр мектепке барды.",                    # not Дания
    "Макалада бул тууралуу айтылат.",            # "in the article", not Макао
    "Тоголок столдун айланасында отурушту.",     # "round", not Того
])
def test_letters_after_a_country_name_must_be_endings(text: str) -> None:
    t = tag_text("", text, "ky")
    assert t.countries == []
    assert "not an ending" in skipped(t)


@pytest.mark.parametrize("text,lang,code", [
    ("Эстониядағы жұмысшылар ереуілге шықты.", "kk", "EE"),  # cut "ия" comes back, then да+ғы
    ("Кыргызстандагы жумушчулар нааразы болушту.", "ky", "KG"),
    ("Япониянын компаниясы иш таштоого кабылды.", "ky", "JP"),  # a Russian name, Kyrgyz ending
    ("Забастовка в Казахстане продолжается.", "ru", "KZ"),
])
def test_real_endings_still_name_the_country(text: str, lang: str, code: str) -> None:
    assert code in tag_text("", text, lang).countries


def test_bracket_naming_the_owner_is_not_the_place() -> None:
    # CLDR ky "Виргин аралдары (Британия)": Британия alone is Great Britain, not the islands
    assert "VG" not in tag_text("", "Британияда мугалимдер иш таштоо жарыялашты.", "ky").countries


def test_gazetteer_name_endings_are_validated() -> None:
    from monitor.enrich.tagging.places import validate_gazetteer

    assert validate_gazetteer({"name_endings": {"ky": {"cut": "а", "endings": ["да"]}}}) == []
    assert validate_gazetteer({"name_endings": {"ky": ["да"]}})
    assert validate_gazetteer({"name_endings": {"ky": {"endings": [""]}}})


@pytest.mark.parametrize("text,lang", [
    ("کارگران به دلیل مشکلات مالی اعتصاب کردند.", "fa"),      # "financial problems"
    ("العمال يطالبون بحقوقهم المالية.", "ar"),                 # "their financial rights"
    ("مزدوروں کے مالی مطالبات پورے نہیں ہوئے۔", "ur"),
])
def test_a_country_name_that_is_a_common_word_needs_more(text: str, lang: str) -> None:
    t = tag_text("", text, lang)
    assert "ML" not in t.countries
    assert "common word" in skipped(t)


def test_a_common_word_country_named_another_way_too() -> None:
    t = tag_text("", "إضراب عمال مناجم الذهب في مالي قرب باماكو.", "ar")
    assert "ML" in t.countries


def test_persian_endings() -> None:
    assert tag_text("", "پرواز کارگران به ایران", "fa").countries == ["IR"]  # پرواز: not Peru
    assert "IR" in tag_text("", "کارگران ایرانی اعتصاب کردند", "fa").countries


def test_scripts_without_capitals_in_use() -> None:
    # Georgian letters have capital forms in Unicode that nobody writes: a name in its usual
    # small letters is not "also written in lower case"
    t = tag_text("", "ბერლინი და ჰამბურგი", "ka")
    assert t.countries == ["DE"]
    assert "common word" not in skipped(t)


def test_english_text_names_foreign_towns_by_their_own_name() -> None:
    # GeoNames' main name is the English one: "in Goma" needs no "Congo"; a person is not a town
    goma = tag_text("", "Protesters in Goma blocked the road to the mine.", "en")
    assert goma.countries == ["CD"]
    leon = tag_text("", "The party leader, Leon, said they would strike.", "en")
    assert "MX" not in leon.countries


def test_a_list_of_countries_is_not_a_name() -> None:
    t = tag_text("", "Unions from Uganda, Kenya and Tanzania joined the strike.", "en")
    assert t.countries == ["UG", "KE", "TZ"]
    assert tag_text("", "Michael Jordan visited the plant.", "en").countries == []


def test_shared_name_without_support_takes_the_capital() -> None:
    assert tag_text("", "Bus drivers in London walked out.", "en").countries == ["GB"]
