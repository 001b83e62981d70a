"""Figures stated in the text: workers involved, killed, injured.

A figure is a number (digits with their magnitude, "6.5 million", "1만여", "2 lakh"; a number
word from the lexicon, "шесть", "sebelas"; Chinese numerals, 十四) right before a figure keyword
(`46 miners killed`, `шесть горняков погибли`, `死亡6人`) or shortly after a killed/injured
keyword (`killed 46`), in the same sentence. Never counted: years, dates ("9 апреля горняки",
"22 Februari", "12月4日", "16.1"), ages ("40대", "aged 40"), durations ("4 aydır", "5个月"),
shares, money, ordinals; the total of a part ("15 of 35 miners died": 35 is no toll); numbers
in sentences of statistics or totals (`SENTENCE_RULES` "statistic" words: worldwide, every
year ...). Which value is kept when several are stated: see `extract`.
"""

from __future__ import annotations

import re

from monitor.enrich.tagging.matcher import Hit

# magnitude words after a number: "67 million", "6.5 млн", "2 lakh", "1만", "3 هزار"
MAGNITUDES: dict[str, int] = {
    "million": 10**6, "millions": 10**6, "mln": 10**6, "mn": 10**6,
    "billion": 10**9, "bn": 10**9, "thousand": 10**3,
    "миллион": 10**6, "миллиона": 10**6, "миллионов": 10**6, "млн": 10**6, "мільйон": 10**6,
    "мільйонів": 10**6, "мільйона": 10**6, "тысяч": 10**3, "тысячи": 10**3, "тысяча": 10**3,
    "тыс": 10**3, "тисяч": 10**3, "тисячі": 10**3, "мың": 10**3, "миң": 10**3, "ming": 10**3,
    "минг": 10**3, "млрд": 10**9, "миллиард": 10**9,
    "میلیون": 10**6, "ميليون": 10**6, "مليون": 10**6, "ملايين": 10**6, "هزار": 10**3,
    "ألف": 10**3, "الف": 10**3, "آلاف": 10**3, "ملیون": 10**6,
    "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7, "लाख": 10**5,
    "ਲੱਖ": 10**5, "ਕਰੋੜ": 10**7, "ਹਜ਼ਾਰ": 10**3, "இலட்ச": 10**5, "லட்ச": 10**5,
    "ಲಕ್ಷ": 10**5, "లక్ష": 10**5, "लक्ष": 10**5,
    "करोड़": 10**7, "करोड": 10**7, "हजार": 10**3, "हज़ार": 10**3, "লাখ": 10**5, "কোটি": 10**7,
    "হাজার": 10**3, "لاکھ": 10**5, "کروڑ": 10**7, "ہزار": 10**3,
    "mille": 10**3, "mila": 10**3, "mil": 10**3, "millones": 10**6, "millón": 10**6,
    "milhões": 10**6, "milhão": 10**6, "millionen": 10**6, "tausend": 10**3, "milioni": 10**6,
    "milione": 10**6, "milionów": 10**6, "tysięcy": 10**3, "bin": 10**3, "milyon": 10**6,
    "ribu": 10**3, "juta": 10**6, "nghìn": 10**3, "ngàn": 10**3,
    "triệu": 10**6, "libo": 10**3, "hazar": 10**3, "elfu": 10**3,
    "万": 10**4, "萬": 10**4, "千": 10**3, "亿": 10**8, "億": 10**8, "만": 10**4, "천": 10**3,
    "억": 10**8, "พัน": 10**3, "หมื่น": 10**4, "แสน": 10**5, "ล้าน": 10**6,
    "հազար": 10**3, "միլիոն": 10**6, "ათასი": 10**3, "მილიონი": 10**6,
}
_MAG_RE = re.compile(
    r"\s?(" + "|".join(sorted((re.escape(m.strip()) for m in MAGNITUDES), key=len, reverse=True))
    + r")(?![a-zа-яёәіңғүұқөһ])")
_NUM_RE = re.compile(r"(?<!\d)(?<!\d[.,])(\d{1,3}(?:[,. ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)")
_CJK_NUM = re.compile(r"[零一二两兩三四五六七八九十百千]+")
_CJK_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_SENTENCE_END = re.compile(r"[.!?。！？;؟] |[。！？]|\n")
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня "
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан "
    "yanvar fevral mart aprel iyun iyul avgust sentyabr oktyabr noyabr dekabr "
    "январ феврал апрел июн июл сентябр октябр ноябр декабр "
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık "
    "yanvar fevral aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr "
    "januari februari maret april mei juni juli agustus september oktober november desember "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "januar februar märz juni juli oktober dezember "
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre dicembre "
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia "
    "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر "
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند "
    "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
    "کانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين "
    "հունվարի փետրվարի մարտի ապրիլի մայիսի հունիսի հուլիսի օգոստոսի սեպտեմբերի "
    "հոկտեմբերի նոյեմբերի դեկտեմբերի "
    "tháng ngày 월 일 月 日 号 號 "
    "जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर "
    "জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর "
    "جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر "
    "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม "
    "พฤศจิกายน ธันวาคม ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."
).split()
_MONTH_AFTER = re.compile(
    r"\s?-?(?:[а-яa-z]{1,3}\s)?(?:" + "|".join(sorted(map(re.escape, set(MONTHS)), key=len,
                                                      reverse=True)) + r")", re.I)
_MONTH_BEFORE = re.compile(
    r"(?:" + "|".join(sorted(map(re.escape, set(MONTHS)), key=len, reverse=True))
    + r")\s?(?:the\s)?$", re.I)
# a number followed by these is an age, a share, a duration, a count of something else, money
_UNIT_AFTER = re.compile(
    r"\s?(?:-?\s?(?:year|yr|month|week|day|hour|minute|second)s?\b|%|percent|per cent|years|"
    r"km|kg|mile|metre|meter|tonne|ton\b|m\b|am\b|pm\b|°|th\b|st\b|nd\b|rd\b|"
    r"미터|층|메터|floors?\b|storeys?\b|stories\b|этаж|метров|mét\b|tầng|เมตร|ชั้น|米|メートル|階|"
    r"лет|год|месяц|недел|дн|сут|час|минут|секунд|процент|%|руб|долл|сом|тенге|сум|грн|"
    r"метр|км|кг|тонн|-?го\b|-?й\b|-?я\b|-?е\b|"
    r"años|año|días|día|ans\b|an\b|jours|mois|semaines|anos|dias|meses|mes\b|jahr|tage|monat|"
    r"stunden|prozent|pour cent|por ciento|giorni|mesi|anni|ore\b|"
    r"yaşında|yıl|aydır|ay\b|gündür|gün|saat|hafta|dakika|lira|"
    r"ай|күн|жыл|сағат|апта|жасар|жастағы|теңге|oy\b|kun|yil|soat|hafta|so'm|"
    r"bulan|hari|tahun|jam\b|menit|minggu|persen|rupiah|ringgit|"
    r"tháng|ngày|năm|giờ|phút|tuần|triệu đồng|đồng|cuộc|"
    r"ماه|روز|سال|ساعت|دقیقه|هفته|درصد|تومان|ریال|شهر|شهور|أشهر|يوم|أيام|سنة|سنوات|عام(?!\w)|"
    r"ساعة|دقيقة|أسبوع|بالمئة|بالمائة|جنيه|دولار|دينار|"
    r"महीने|दिन|साल|वर्ष|घंटे|मिनट|प्रतिशत|रुपये|মাস|দিন|বছর|ঘণ্টা|মিনিট|টাকা|"
    r"مہینے|دن|سال|گھنٹے|منٹ|روپے|"
    r"ամիս|օր|տարի|ժամ|րոպե|դրամ|-?ին\b|-?ից\b|"
    r"เดือน|วัน|ปี|ชั่วโมง|นาที|บาท|ครั้ง|"
    r"岁|歲|年|月|日|号|號|时|時|点|點|分|秒|小时|小時|个月|個月|周|週|天|次|件|元|%|万元|"
    r"歳|세|년|살|대\b|대 |월|일|시|분|초|개월|주|원|차|건|"
    r"ဦး?\s?နှစ်|နှစ်|လ\b|ရက်)", re.I)
_UNIT_BEFORE = re.compile(
    r"(?:age of|aged|no\.|number|\$|€|£|₹|₽|rs\.?|rm|rp\.?|usd|yüzde|%|в возрасте|№|#|"
    r"tầng|floor|этажа|этаже|"
    r"article|статья|"
    r"ст\.|第|平成|令和|昭和|ماده|المادة|pasal|điều|周|星期|週|礼拜|禮拜|thứ)\s?$", re.I)
# "15 of 35 miners", "15 نفر از 35", "15 из 35", "of whom": the second number is the total
_PART_OF = re.compile(r"\s?(?:\S{1,6}\s)?(?:of|out of|из|із|از|من أصل|من|dari|de|di antara|"
                      r"中)\s?$", re.I)
# a count right after its worker word, when a classifier or possessive follows the count:
# "組合員844人" (members, 844 people), "işçilerden 100’ü" (100 of the workers), Burmese
# "အလုပ်သမား (၁၀၀) လောက်" (workers, about 100)
_COUNT_AFTER_GAP = re.compile(r"\s?\(?|(?:den|dan|ten|tan)\s")
_CLASSIFIER = re.compile(r"\)?\s?(?:人|名|명|คน|ราย|ဦး|ယောက်|လောက်|[’'](?:ü|u|i|ı|sı|si|su|sü)\b)")
BEFORE_WORDS = 2  # words allowed between a number and its figure keyword ("70 Chilean miners")
BEFORE_WORDS_TOLL = 4  # ... and a killed/injured one ("two workers have been killed")
BEFORE = 40       # characters, at most
AFTER = 25        # characters from a killed/injured keyword to a number after it ...
AFTER_WORDS = 2   # ... and words ("killed at least 46"; not "killed and 13 more missing")
_CONJUNCTION = re.compile(r"(?:^|\s)(?:and|or|but|и|а|или|та|і|y|e|et|und|ve|va|و|dan|và|และ)"
                          r"(?:\s|$)")
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9}
_EN_COMPOUND = re.compile(r"\b(" + "|".join(_EN_TENS) + r")-(" + "|".join(_EN_UNITS) + r")\b")
MAX_VALUE = 100_000_000


def _cjk_value(s: str) -> int | None:
    """十四 -> 14, 二十 -> 20, 三百 -> 300, 五 -> 5."""
    total, current = 0, 0
    for ch in s:
        if ch in _CJK_DIGIT:
            current = _CJK_DIGIT[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "千":
            total += (current or 1) * 1000
            current = 0
    value = total + current
    return value or None


def _magnitude(low: str, end: int) -> tuple[int, int]:
    m = _MAG_RE.match(low, end)
    if not m:
        return 1, end
    word = m.group(1)
    if word in ("mn", "mil", "bin"):  # short forms need the digits glued (67mn)
        if m.start(1) != end:
            return 1, end
    return MAGNITUDES.get(word, 1), m.end(1)


def numbers(low: str, word_hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, value) of every number that may be a count: digits with their magnitude,
    number words and Chinese numerals, without years, dates, ages, durations and money."""
    out: list[tuple[int, int, int]] = []
    words: set[int] = set()
    for s, e, v in word_hits:
        mag, e2 = _magnitude(low, e)
        out.append((s, e2, v * mag))
        words.add(s)
    for m in _NUM_RE.finditer(low):
        raw = m.group(1)
        decimal = re.fullmatch(r"(\d+)[.,](\d{1,2})", raw)
        mag, end = _magnitude(low, m.end(1))
        if decimal and mag == 1:
            if _MONTH_AFTER.match(low, m.end(1)) is None and re.match(r"[.,/]\d", low[m.end(1):]):
                continue
            if len(decimal.group(2)) <= 2 and int(decimal.group(2)) <= 12:
                continue  # "16.1" is a date (day.month), "44.0" a rate
        try:
            number = float(raw.replace(",", ".")) if decimal else int(re.sub(r"\D", "", raw))
        except ValueError:
            continue
        value = int(number * mag)
        if mag == 1 and len(raw) == 4 and 1800 <= value <= 2100:
            continue  # a year
        if re.match(r"[./-]\d", low[m.end(1):m.end(1) + 2]) or re.search(r"\d[./]$", low[
                max(0, m.start(1) - 2):m.start(1)]):
            continue  # a date or a figure of a code: 16/6/2021, 05/2015
        if 0 < value <= MAX_VALUE:
            out.append((m.start(1), end, value))
    for m in _EN_COMPOUND.finditer(low):  # twenty-six
        out.append((m.start(), m.end(), _EN_TENS[m.group(1)] + _EN_UNITS[m.group(2)]))
        words.add(m.start())
    for m in _CJK_NUM.finditer(low):
        if len(m.group(0)) == 1 and m.group(0) in "一千百十":
            continue  # 一 alone is "one"/"a" in many words; the lexicon's number words cover it
        cjk = _cjk_value(m.group(0))
        if cjk:
            mag, end = _magnitude(low, m.end())
            out.append((m.start(), end, cjk * mag))
    # of overlapping numbers the longest is meant: "twenty-six" over "twenty" and "six"
    out = [n for n in out if not any(o[0] <= n[0] and n[1] <= o[1] and o[1] - o[0] > n[1] - n[0]
                                     for o in out)]
    kept: dict[int, tuple[int, int, int]] = {}
    for n in sorted(out):
        if not _unit(low, n[0], n[1], n[0] in words):
            kept.setdefault(n[0], n)
    return sorted(kept.values())


def _unit(low: str, start: int, end: int, word: bool = False) -> bool:
    """A number that is no count: a unit after it, or a month before digits ("May 25")."""
    return bool(_UNIT_AFTER.match(low, end, end + 14)
                or _MONTH_AFTER.match(low, end, end + 16)
                or (not word and _MONTH_BEFORE.search(low, max(0, start - 14), start))
                or _UNIT_BEFORE.search(low, max(0, start - 14), start))


# "4人安全出井,没有人员受伤" (4 got out safe, nobody hurt), "no one was injured": a negation
# between a number and its keyword says the number is not that figure
_NEGATION = re.compile(r"(?:^|[\s,，、])(?:no|not|none|nobody|no one|без|не|ни|нет|sin|sans|"
                       r"ohne|kein\w*|nessun\w*|nenhum\w*|tidak|tak|tiada|không|chưa|ไม่|ไม่มี|"
                       r"hiç|yok|هیچ|لا|لم|بدون|कोई नहीं|नहीं)(?:[\s,，、]|$)"
                       r"|没有|沒有|无人|無人|없|無")


# "no one was injured", "not a single worker", "ни один": the number is denied
_DENIED = re.compile(r"(?:^|\s)(?:no|not|not a single|ни|hiç|tak)\s$")


def _between_ok(low: str, a: int, b: int, counts: list[int] | None = None) -> bool:
    """Nothing between a number and its keyword that breaks the pair: a sentence end, a
    negation, another count (a height, a date or an age between them does not break it)."""
    if a > b or _SENTENCE_END.search(low, a, b) or _NEGATION.search(low, a, b):
        return False
    if counts is None:
        return not re.search(r"\d", low[a:b])
    return not any(a <= c < b for c in counts)


def _words(low: str, a: int, b: int) -> int:
    return len(low[a:b].split())


def totals(low: str, nums: list[tuple[int, int, int]], ones: set[int] | None = None) -> set[int]:
    """Starts of numbers that are the total of a part stated before them (15 of 35); an article
    read as "one" is no part ("un saldo de seis trabajadores": six is the toll)."""
    out = set()
    for i in range(1, len(nums)):
        ps, pe, _ = nums[i - 1]
        s, _, _ = nums[i]
        if ones and ps in ones:
            continue
        if s - pe <= 14 and _PART_OF.search(low, pe, s):
            out.add(s)
    return out


def extract(low: str, keyword_hits: list[Hit], nums: list[tuple[int, int, int]],
            evidence: dict[str, list[str]], orig: str,
            skip: set[int] | None = None, ones: set[int] | None = None) -> dict[str, int | None]:
    """Pair numbers with killed/injured/workers keywords.

    Which value is kept when several are stated: per figure, the largest value paired with
    its keyword anywhere in the reporting sentences (a death toll rises as updates come: "51
    dead" then "52 dead"; a headline's "more than 1,000 workers" and the body's "1,182"), but
    never a number from a sentence in `skip` (statistics, totals), a total of a part ("15 of 35
    miners": 35), or a number already taken as killed or injured (a number is one figure).
    When no number pairs with a killed (injured) keyword, a one-person phrase earlier in its
    sentence (`ones`: "un operaio è morto", "노동자가 ... 추락해 숨졌다", "bir işçi ... hayatını
    kaybetti") gives 1: subject-object-verb languages put the subject far from the verb."""
    result: dict[str, int | None] = {"killed": None, "injured": None, "workers": None}
    used: set[int] = set()
    whole = totals(low, nums, ones)
    starts = [s for s, _, _ in nums]
    for label in ("killed", "injured", "workers"):
        for h in sorted((k for k in keyword_hits if k.pattern.label == label),
                        key=lambda k: k.start):
            if skip and h.start in skip:
                continue
            best = None
            for s, e, v in nums:
                if s in used or (label != "workers" and s in whole) \
                        or _DENIED.search(low, max(0, s - 14), s):
                    continue
                if e <= h.start and h.start - e <= BEFORE \
                        and _between_ok(low, e, h.start, starts) \
                        and _words(low, e, h.start) <= (
                            BEFORE_WORDS if label == "workers" else BEFORE_WORDS_TOLL):
                    d = h.start - e
                elif label == "workers" and s >= h.end and _COUNT_AFTER_GAP.fullmatch(
                        low, h.end, s) and _CLASSIFIER.match(low, e):
                    d = s - h.end + BEFORE  # "組合員844人", "işçilerden 100’ü", "(၁၀၀) လောက်"
                elif label != "workers" and s >= h.end and s - h.end <= AFTER \
                        and not any(h.end <= k.start and k.end <= s and k.pattern.label != label
                                    for k in keyword_hits) \
                        and _between_ok(low, h.end, s, starts) \
                        and _words(low, h.end, s) <= AFTER_WORDS \
                        and not _CONJUNCTION.search(low[h.end:s]):
                    d = s - h.end + BEFORE  # a number before the keyword is preferred
                else:
                    continue
                if best is None or d < best[0]:
                    best = (d, s, e, v)
            if best is None:
                continue
            _, s, e, v = best
            if label != "workers":
                used.add(s)
            if result[label] is None or v > (result[label] or 0):
                result[label] = v
            a, b = min(s, h.start), max(e, h.end)
            evidence.setdefault(label, []).append(orig[a:b])
    for label in ("killed", "injured"):
        if result[label] is not None or not ones:
            continue
        for h in sorted((k for k in keyword_hits if k.pattern.label == label),
                        key=lambda k: k.start):
            one = [(s, e) for s, e, v in nums if s in ones and v == 1 and s not in used
                   and e <= h.start and not _SENTENCE_END.search(low, e, h.start)
                   and not _NEGATION.search(low, e, h.start)
                   and not _DENIED.search(low, max(0, s - 14), s)]
            if one and not (skip and h.start in skip):
                s, e = one[-1]
                used.add(s)
                result[label] = 1
                evidence.setdefault(label, []).append(f"{orig[s:e]} ... {orig[h.start:h.end]}")
                break
    return result
