"""Lexicon audit for non-Latin scripts (issue 5): headlines written by us, one table.

Each line is a realistic labour-news headline (or a hard negative) in its language; the
expected event set must match exactly, so both missed events and false alarms fail.
"""

import pytest

from monitor.tagging import tag_text

SCRIPT_AUDIT_HEADLINES = [
    # Arabic
    # "strike in protest at late wages": a strike is also read as a protest here
    ("ar", "إضراب عمال الموانئ في تونس احتجاجا على تأخر الرواتب",
     {"strike", "protest", "wage_theft"}),
    ("ar", "مئات العمال يتظاهرون أمام وزارة العمل للمطالبة بزيادة الأجور", {"protest"}),
    ("ar", "مصرع خمسة عمال في انهيار منجم للفوسفات", {"safety_incident"}),
    ("ar", "حريق في مصنع للنسيج يودي بحياة ثلاثة عمال", {"safety_incident"}),
    ("ar", "عمال شركة النظافة لم يتقاضوا رواتبهم منذ أربعة أشهر", {"wage_theft"}),
    ("ar", "اعتقال رئيس النقابة المستقلة لعمال النفط", {"repression"}),
    ("ar", "فصل عشرين عاملا بسبب تأسيس نقابة", {"repression", "organizing"}),
    ("ar", "توقيع اتفاقية عمل جماعية بين النقابة وإدارة الشركة", {"organizing"}),
    ("ar", "عمال مهاجرون ضحايا العمل القسري في مزارع الخليج", {"forced_labour"}),
    ("ar", "شركات تعدين البيتكوين تحقق أرباحا قياسية", set()),
    ("ar", "غارة جوية تستهدف مخزنا في المدينة", set()),
    ("ar", "المنتخب يفوز على منافسه بثلاثة أهداف", set()),
    ("ar", "افتتاح معرض للفنون التشكيلية في المتحف الوطني", set()),
    # Persian
    ("fa", "اعتصاب کارگران هفت تپه در اعتراض به حقوق معوقه",
     {"strike", "protest", "wage_theft"}),
    ("fa", "تجمع اعتراضی بازنشستگان مقابل مجلس", {"protest"}),
    ("fa", "انفجار در معدن زغال سنگ طبس جان ۳۰ کارگر را گرفت", {"safety_incident"}),
    ("fa", "کارگران شهرداری سه ماه است حقوق نگرفته‌اند", {"wage_theft"}),
    ("fa", "بازداشت فعالان سندیکای کارگران شرکت واحد", {"repression"}),
    ("fa", "ریزش آوار در کارگاه ساختمانی یک کارگر را کشت", {"safety_incident"}),
    ("fa", "حمله هوایی به یک انبار مهمات", set()),
    ("fa", "استخراج بیت‌کوین در ایران غیرقانونی اعلام شد", set()),
    # Urdu
    ("ur", "کراچی میں مزدوروں کی ہڑتال، فیکٹریاں بند", {"strike"}),
    ("ur", "تنخواہوں کی عدم ادائیگی کے خلاف ملازمین کا احتجاج", {"protest", "wage_theft"}),
    ("ur", "کوئلے کی کان میں دھماکہ، چھ کان کن جاں بحق", {"safety_incident"}),
    ("ur", "بھٹہ مزدوروں کو جبری مشقت سے آزاد کرا لیا گیا", {"forced_labour"}),
    ("ur", "مزدور یونین کے رہنما گرفتار", {"repression"}),
    ("ur", "کرکٹ ٹیم نے سیریز جیت لی", set()),
    # Hindi
    ("hi", "वेतन न मिलने पर सफाई कर्मचारियों की हड़ताल", {"strike", "wage_theft"}),
    # workers' धरना (sit-in) counts as a sit-in strike too (lexicon choice, left alone)
    ("hi", "आंगनवाड़ी कार्यकर्ताओं ने कलेक्ट्रेट पर धरना प्रदर्शन किया", {"strike", "protest"}),
    ("hi", "पटाखा फैक्ट्री में विस्फोट, पांच मजदूरों की मौत", {"safety_incident"}),
    ("hi", "ईंट भट्ठे से 20 बंधुआ मजदूर मुक्त कराए गए", {"forced_labour"}),
    ("hi", "मजदूरों को तीन महीने से वेतन नहीं मिला", {"wage_theft"}),
    ("hi", "यूनियन बनाने पर 12 कर्मचारी बर्खास्त", {"repression"}),
    ("hi", "निर्माणाधीन इमारत गिरी, दो मजदूरों की मौत", {"safety_incident"}),
    ("hi", "भारत ने पहला टेस्ट मैच जीता", set()),
    # Bengali
    ("bn", "বকেয়া বেতনের দাবিতে পোশাক শ্রমিকদের বিক্ষোভ", {"protest", "wage_theft"}),
    ("bn", "গাজীপুরে কারখানায় আগুন, তিন শ্রমিক নিহত", {"safety_incident"}),
    ("bn", "পাটকল শ্রমিকদের ধর্মঘট চলছে", {"strike"}),
    ("bn", "শ্রমিক নেতা গ্রেপ্তার", {"repression"}),
    ("bn", "ক্রিকেট দলের জয়ে উল্লাস", set()),
    # Chinese
    ("zh", "深圳电子厂数百名工人罢工 抗议拖欠工资", {"strike", "protest", "wage_theft"}),
    ("zh", "山西煤矿发生瓦斯爆炸 造成12名矿工遇难", {"safety_incident"}),
    ("zh", "建筑工地农民工讨薪遭殴打", {"protest", "wage_theft"}),
    ("zh", "化工厂火灾致5名工人死亡", {"safety_incident"}),
    ("zh", "劳工维权人士被警方拘留", {"repression"}),
    ("zh", "公司与工会签订集体合同", {"organizing"}),
    ("zh", "比特币矿工收益下滑", set()),
    ("zh", "以军空袭加沙南部", set()),
    # Japanese
    ("ja", "私鉄労組が24時間ストライキを実施", {"strike"}),
    ("ja", "工場で爆発事故、作業員2人死亡", {"safety_incident"}),
    ("ja", "技能実習生に賃金未払い、社長を書類送検", {"wage_theft"}),
    ("ja", "最低賃金引き上げを求め労働者がデモ行進", {"protest"}),
    ("ja", "春闘で労使が合意、賃上げ妥結", {"organizing"}),
    ("ja", "ビットコインのマイニング事業から撤退", set()),
    ("ja", "エースが完投、チームは3連勝", set()),
    # Korean
    ("ko", "민주노총 총파업 돌입", {"strike"}),
    ("ko", "건설 현장 추락사고로 노동자 사망", {"safety_incident"}),
    ("ko", "임금 체불 규탄 집회 열려", {"protest", "wage_theft"}),
    ("ko", "화성 공장 화재로 노동자 20여명 숨져", {"safety_incident"}),
    ("ko", "노조 위원장 구속", {"repression"}),
    ("ko", "노사 단체협약 체결", {"organizing"}),
    ("ko", "비트코인 채굴업체 실적 악화", set()),
    ("ko", "공군 공습으로 민간인 사망", set()),
    ("ko", "손흥민 결승골로 팀 승리", set()),
    # Thai
    # หยุดงานประท้วง is "strike"; its ประท้วง also gives protest (substring mode, left alone)
    ("th", "คนงานโรงงานนัดหยุดงานประท้วงค้างค่าจ้าง", {"strike", "protest", "wage_theft"}),
    ("th", "ไฟไหม้โรงงาน คนงานเสียชีวิต 3 ราย", {"safety_incident"}),
    ("th", "แรงงานรวมตัวชุมนุมหน้าทำเนียบรัฐบาล", {"protest"}),
    ("th", "ทีมชาติไทยชนะเวียดนาม", set()),
    ("th", "นายจ้างค้างจ่ายค่าแรงลูกจ้างก่อสร้าง", {"wage_theft"}),
    ("th", "เหมืองถล่ม คนงานติดค้าง 5 คน", {"safety_incident"}),
    # Nepali
    ("ne", "तलब नपाएपछि मजदुरहरू हडतालमा", {"strike", "wage_theft"}),
    ("ne", "कारखानामा आगलागी, तीन मजदुरको मृत्यु", {"safety_incident"}),
    ("ne", "शिक्षकहरूको माइतीघरमा प्रदर्शन", {"protest"}),
    ("ne", "क्रिकेटमा नेपालको जित", set()),
    # Tajik
    ("tg", "Коргарони ширкати сохтмонӣ аз сабаби пардохт нашудани музди меҳнат корпартоӣ карданд",
     {"strike", "wage_theft"}),
    ("tg", "Дар кони ангишт се нафар коргар ҳалок шуданд", {"safety_incident"}),
    ("tg", "Музди меҳнати муаллимон се моҳ боз пардохт нашудааст", {"wage_theft"}),
    ("tg", "Муҳоҷирони корӣ қурбонии меҳнати маҷбурӣ шуданд", {"forced_labour"}),
    ("tg", "Дастаи мунтахаби Тоҷикистон ғалаба кард", set()),
    # Mongolian
    ("mn", "Уурхайчид цалингаа авч чадаагүй тул ажил хаялт зарлав", {"strike", "wage_theft"}),
    ("mn", "Нүүрсний уурхайд осол гарч хоёр уурхайчин амиа алдлаа", {"safety_incident"}),
    ("mn", "Багш нар цалингаа нэмүүлэхийг шаардаж жагсаал хийлээ", {"protest"}),
    # Georgian
    ("ka", "ჭიათურის მაღაროელები გაიფიცნენ", {"strike"}),
    ("ka", "მაღაროში აფეთქებას ორი მუშა ემსხვერპლა", {"safety_incident"}),
    ("ka", "მუშები ხელფასების გადაუხდელობას აპროტესტებენ", {"protest", "wage_theft"}),
    # Turkmen
    ("tk", "Mugallymlar pagta ýygymyna mejbury çekilýär", {"forced_labour"}),
    ("tk", "Işçilere aýlyk haklary wagtynda tölenmeýär", {"wage_theft"}),
]


@pytest.mark.parametrize(("lang", "title", "events"), SCRIPT_AUDIT_HEADLINES)
def test_script_audit_headlines(lang: str, title: str, events: set[str]) -> None:
    tags = tag_text(title, "", lang)
    assert set(tags.event_types) == events, tags.evidence
