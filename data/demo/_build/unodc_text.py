"""UNODC Central Asia article of seed 004 in our own words, English and Russian.

The seed carries no date; 11 June 2021 is assigned (after the April 2021 action plan it cites).
"""

DATE = "2021-06-11"

CONTACT = {
    "name": "Vasilina Brazhko",
    "phone": "+996 775 987817",
    "email": "vasilina.brazhko [at] un.org",
}

EN = {
    "slug": "unodc-and-usaid-webinar-in-turkmenistan-puts-human-rights-in-business-in-focus",
    "title": "UNODC and USAID webinar in Turkmenistan puts human rights in business in focus",
    "dateline": "Ashgabat (Turkmenistan), 11 June 2021",
    "lead": "More than 30 officials and business representatives discussed how companies can "
            "keep forced labour and human trafficking out of their operations and supply chains.",
    "paras": [
        "The COVID-19 pandemic has made it more urgent to protect human rights in the private "
        "sector, because it leaves the most vulnerable people exposed to human trafficking. "
        "UNODC's Global Report on Trafficking in Persons 2020 finds that women make up 55% of "
        "all detected victims, children one third and men one fifth. Experience around the "
        "world shows that companies are central players: they strongly influence how much "
        "forced and child labour exists, the structural causes of exploitation and the way it "
        "enters global supply chains. Certain violations leave employees more exposed to "
        "labour exploitation and so help trafficking spread.",
        "To promote respect for human rights and prevent trafficking, UNODC, together with the "
        "USAID-funded \u201cSafe Migration in Central Asia\u201d programme and the Office of "
        "the Ombudsman, ran a webinar for more than 30 participants from government agencies and "
        "private companies. They exchanged good practice, looked at what national human rights "
        "institutions, such as a business ombudsman mechanism, can contribute, and worked "
        "toward a joint plan of action.",
        "The sessions covered strategies, difficulties and lessons that international "
        "organizations have drawn from preventing labour exploitation and trafficking in "
        "private business. Participants were introduced to human rights standards against "
        "trafficking, among them the UN Guiding Principles on Business and Human Rights.",
        "Turkmenistan's Ombudsman, Mrs. Yazdursun Gurbannazarova, said her office had received "
        "many requests from people whose rights had been violated during its four years of "
        "work. She has therefore advised the Government to look at how independent bodies that "
        "defend private businesses, and citizens dealing with them, operate elsewhere, and "
        "whether similar structures could be set up in Turkmenistan. She called the event "
        "very valuable for her office, since the subject is one of its main lines of work in "
        "protecting human and civil rights and freedoms.",
        "US Ambassador to Turkmenistan Matthew S. Klimow told participants they would examine "
        "international strategies, challenges and lessons for human rights in business and in "
        "global supply chains, hear how national human rights institutions help people obtain "
        "remedies, and learn how abuses in private companies can be prevented. He thanked "
        "international organizations and Turkmenistan's Government for working toward "
        "Sustainable Development Goal 8 on decent work and economic growth: growth that lasts "
        "and includes everyone, with full, productive jobs and decent work for every person.",
        "Mr. Koen Marquering, who manages UNODC's International Criminal Justice Programme in "
        "Central Asia, pointed out that the pandemic is expected to raise global poverty for the "
        "first time in 10 years, and that joblessness and money worries make people likelier "
        "to fall prey to traffickers, so the part played by business and entrepreneurs is "
        "hard to overstate. Trafficking is still a grave problem worldwide, he said, but over "
        "the last 20 years the international community, in applying the UN Convention against "
        "Transnational Organized Crime, has opened a new era of cooperation and shown that "
        "organized crime groups can be defeated by painstaking investigation, cooperation "
        "across borders and uncompromising integrity.",
        "Ms. Eleanor Valentine, who manages the USAID \u201cSafe Migration in Central Asia\u201d "
        "project at Winrock International, called the workshop important and timely for "
        "Turkmenistan. She noted that Turkmenistan has ratified several international "
        "conventions that help improve respect for workers' rights, that in April 2021 the "
        "Government adopted a new Human Rights Action Plan covering 2021\u20132025, and that Turkmenistan has "
        "adopted ILO Employment Policy Convention No. 122.",
        "In her words, trafficking and labour exploitation in global supply chains are getting "
        "more and more attention, and governments, ambassadors, civil society, the media and "
        "consumers increasingly expect companies to behave ethically. As workers move more and "
        "supply chains grow more complex, everyone involved needs to know their rights and "
        "duties and to have effective remedies when those rights are violated.",
        "UNODC is the guardian of the UN Convention against Transnational Organized Crime and "
        "its Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women "
        "and Children. Working with the Government of Turkmenistan, UNODC has helped the country "
        "adopt national strategies and policies against trafficking, trained police, "
        "prosecutors and judges to investigate and try trafficking cases, produced a manual for "
        "investigators, prosecutors and judges, and released educational films in Turkmen.",
        "UNODC's regional adviser on trafficking in persons, Ms. Reda Sirgediene, presented "
        "international good practice in preventing trafficking in the private sector. "
        "Participants also heard about non-governmental grievance mechanisms that help avert "
        "harm to human rights, and about the OECD's standards and tools for responsible "
        "business conduct and its fields of work. A guest invited "
        "especially for the event, Ms. Lamia Khudoyarova, who is Chief Inspector for "
        "International Relations at the office of Uzbekistan's presidential Commissioner for "
        "defending the rights and lawful interests of businesses, explained how that "
        "institution for protecting entrepreneurs works in Uzbekistan.",
        "The webinar was organized with the USAID \u201cSafe Migration in Central Asia\u201d "
        "project as part of UNODC's programme to counter human trafficking in Turkmenistan, "
        "funded by the US Department of State's Bureau of International Narcotics and Law "
        "Enforcement Affairs (INL).",
    ],
    "must": ["more than 30 participants", "Yazdursun Gurbannazarova"],
}

RU = {
    "slug": "vebinar-unp-oon-i-usaid-v-turkmenistane-prava-cheloveka-v-biznese",
    "title": "Вебинар УНП ООН и USAID в Туркменистане: права человека в сфере бизнеса",
    "dateline": "Ашхабад (Туркменистан), 11 июня 2021 года",
    "lead": "Более 30 представителей госорганов и бизнеса обсудили, как не допустить "
            "принудительного труда и торговли людьми в работе компаний и цепочках поставок.",
    "paras": [
        "Пандемия COVID-19 сделала защиту прав человека в частном секторе ещё более "
        "насущной: самые уязвимые люди оказываются под угрозой торговли людьми. Согласно "
        "Глобальному докладу УНП ООН о торговле людьми за 2020 год, женщины составляют 55% "
        "всех выявленных жертв, дети — треть, мужчины — пятую часть. Международный опыт "
        "показывает, что компании — ключевые участники: от них во многом зависят масштабы "
        "принудительного и детского труда, глубинные причины эксплуатации и её проникновение в "
        "глобальные цепочки поставок. Отдельные нарушения делают работников более уязвимыми "
        "перед трудовой эксплуатацией и тем самым способствуют распространению торговли людьми.",
        "Чтобы содействовать соблюдению прав человека и предупреждению торговли людьми, УНП ООН "
        "совместно с аппаратом Омбудсмена и финансируемой USAID программой «Безопасная "
        "миграция в Центральной Азии» провело вебинар для более чем 30 представителей "
        "государственных органов и частных компаний. Участники обменялись передовым опытом, "
        "обсудили роль национальных правозащитных институтов, в том числе механизма бизнес-"
        "омбудсмена, и работали над совместным планом действий.",
        "Речь шла о стратегиях, проблемах и уроках, которые международные организации "
        "извлекли из работы по предупреждению трудовой эксплуатации и торговли людьми в частном "
        "секторе. Участники познакомились со стандартами в области прав человека, направленными "
        "против торговли людьми, в том числе с Руководящими принципами ООН "
        "предпринимательской деятельности в аспекте прав человека.",
        "Омбудсмен Туркменистана Яздурсун Гурбанназарова сообщила, что за четыре года работы "
        "её аппарат получил множество обращений граждан о нарушении их прав. Поэтому Омбудсмен "
        "рекомендовала Правительству изучить опыт независимых институтов, защищающих права "
        "частного бизнеса и граждан, вступающих с ним в правоотношения, и целесообразность "
        "создания таких структур в Туркменистане. По её словам, мероприятие очень ценно для "
        "аппарата, поскольку эта тема — одно из главных направлений защиты прав и свобод "
        "человека и гражданина.",
        "Посол США в Туркменистане Мэттью С. Климов сказал участникам, что они обсудят "
        "международные стратегии, проблемы и уроки в сфере прав человека в частном секторе и "
        "глобальных цепочках поставок, узнают о роли национальных правозащитных институтов в "
        "обеспечении доступа к средствам правовой защиты и о том, как предотвращать нарушения в "
        "частном бизнесе. Он поблагодарил Правительство Туркменистана и международные "
        "организации за работу над Целью устойчивого развития № 8 — поступательный, "
        "всеохватный и устойчивый экономический рост, полная и производительная занятость и "
        "достойная работа для всех.",
        "Руководитель программы УНП ООН по международному уголовному правосудию в Центральной "
        "Азии Коэн Маркеринг отметил, что из-за пандемии глобальная бедность, как ожидается, "
        "вырастет впервые за 10 лет, а безработица и финансовые трудности повышают риск стать "
        "жертвой торговли людьми, поэтому роль бизнеса и предпринимателей трудно переоценить. "
        "По его словам, торговля людьми остаётся серьёзной проблемой во всём мире, но за "
        "последние 20 лет международное сообщество, выполняя Конвенцию ООН против "
        "транснациональной организованной преступности, открыло новую эпоху сотрудничества и "
        "доказало, что организованные преступные группы можно победить кропотливыми "
        "расследованиями, трансграничным взаимодействием и бескомпромиссной честностью.",
        "Руководитель проекта USAID «Безопасная миграция в Центральной Азии» в Winrock "
        "International Элинор Валентайн назвала семинар важным и своевременным для "
        "Туркменистана. Она отметила, что Правительство ратифицировало ряд международных "
        "конвенций, способствующих соблюдению прав работников, в апреле 2021 года утвердило "
        "новый План действий в области прав человека на 2021–2025 годы, а Туркменистан принял "
        "Конвенцию МОТ № 122 о политике в области занятости.",
        "По её словам, проблеме торговли людьми и трудовой эксплуатации в глобальных цепочках "
        "поставок уделяется всё больше внимания, и потребители, СМИ, гражданское общество, "
        "послы и правительства всё настойчивее ждут от компаний этичного поведения. Поскольку "
        "работники становятся мобильнее, а цепочки поставок — сложнее, всем сторонам нужно "
        "знать свои права и обязанности и иметь действенные средства защиты от нарушений.",
        "УНП ООН является хранителем Конвенции ООН против транснациональной организованной "
        "преступности и дополняющего её Протокола о предупреждении и пресечении торговли "
        "людьми, особенно женщинами и детьми, и наказании за неё. В сотрудничестве с "
        "Правительством Туркменистана УНП ООН содействовало принятию национальных стратегий и "
        "политики по борьбе с торговлей людьми, обучало сотрудников правоохранительных органов, "
        "прокуроров и судей расследованию и рассмотрению таких дел, подготовило пособие для "
        "следователей, прокуроров и судей и выпустило учебные фильмы на туркменском языке.",
        "Региональный советник УНП ООН по вопросам торговли людьми Реда Сиргедене рассказала о "
        "передовой международной практике предупреждения торговли людьми в частном секторе. "
        "Участники также узнали о негосударственных механизмах рассмотрения жалоб, помогающих "
        "предотвращать ущерб правам человека, и о стандартах и инструментах Организации "
        "экономического сотрудничества и развития (ОЭСР) в области ответственного ведения "
        "бизнеса. Специально приглашённая гостья — главный инспектор по международным связям "
        "аппарата Уполномоченного при Президенте Республики Узбекистан по защите прав и "
        "законных интересов субъектов предпринимательства Ламия Худоярова — рассказала о работе "
        "института Уполномоченного по защите прав предпринимателей в Узбекистане.",
        "Вебинар проведён в партнёрстве с проектом USAID «Безопасная миграция в Центральной "
        "Азии» в рамках Программы УНП ООН по противодействию торговле людьми в Туркменистане "
        "при финансовой поддержке Бюро по международным вопросам борьбы с наркотиками и "
        "правоохранительной деятельности (INL) Государственного департамента США.",
    ],
    "must": ["более чем 30 представителей", "Яздурсун Гурбанназарова"],
}
