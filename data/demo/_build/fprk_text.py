"""FPRK article of seed 003 in our own words: English, Russian and Kazakh versions."""

DATE = "2025-02-20T10:05:00+05:00"  # shown as 20.02.2025; assigned (the seed has no date)

EN = {
    "slug": "fprk-and-ilo-team-up-for-safer-work-in-mining",
    "title": "FPRK and ILO Team Up for Safer Work in Mining",
    "lead": "The Federation and the International Labour Organization will jointly carry out a "
            "project on occupational safety in Kazakhstan's mines and quarries.",
    "paras": [
        "Mukhtar Tinikeev, First Deputy Chairman of the Federation of Trade Unions of the "
        "Republic of Kazakhstan (FPRK), held talks with Darko Dochinski, the International Labour "
        "Organization's specialist on labour regulation, labour inspection and occupational "
        "safety.",
        "They discussed how to carry out, together, the ILO project \u201cPromoting "
        "Occupational Safety through Social Dialogue in Kazakhstan's Mining Industry\u201d. The "
        "project is meant to make the country's mines and quarries safer and to serve as an "
        "example of social partnership that delivers.",
        "Greeting the guests, Tinikeev said the talks would lift cooperation with the ILO to a "
        "higher level and help both sides tackle pressing social and labour problems more "
        "effectively.",
        "He recalled that the Federation is a mass public organization: more than 1.6 million "
        "members belong to its 23 sectoral and 18 regional unions, and its work runs from decent "
        "working conditions to international cooperation.",
        "As the Federation's priorities he named carrying out the General Agreement, putting the "
        "Safe Labour Concept for 2024\u20132030 into practice, refining the method by which the "
        "minimum wage is set, and compulsory indexation of wages.",
        "On social partnership, he said the General Agreement signed in 2024 has since given rise "
        "to 10 new sectoral agreements and 20 regional ones, and that the Federation wants "
        "tripartite commissions to gain a stronger status and a bigger say in drafting laws.",
        "He also argued for a National Decent Work Programme drawn up together with the ILO; the "
        "Federation has already sent in its proposals for it.",
        "Tinikeev singled out an important milestone: the Joint Action Roadmap that "
        "Kazakhstan and the ILO signed during the 112th session of the International Labour "
        "Conference in 2024. It has five strands: safe work, social dialogue, the minimum wage, "
        "social protection, and ending violence and harassment at work. Under this initiative "
        "labour inspection in Kazakhstan has been placed back under the Ministry of Labour and "
        "Social Protection.",
        "According to Tinikeev, the Federation is applying the Vision Zero concept at 536 "
        "enterprises with 167,282 employees, 61,442 of whom work in hazardous conditions. "
        "Production councils now number more than 12,000, 3.1% more than in 2023. In line with "
        "ILO recommendations, work on better conditions continues, including research into how "
        "biological factors affect people's health. Fair pay gets special attention: at the "
        "Federation's initiative a methodology for setting the minimum wage has been approved, "
        "and ratification of ILO Convention No. 131 is being prepared.",
        "He closed by restating that the Federation adheres to international standards "
        "and norms, and said he hoped the productive cooperation with the ILO and the social "
        "partners would continue.",
        "Darko Dochinski thanked the Federation and outlined how the ILO plans to run the "
        "project. Reaching its goals, he said, depends on a tripartite partnership of employers, "
        "unions and the state. He listed events planned in Kazakhstan, among them a tripartite "
        "seminar in Astana on 27 February to agree on concrete steps.",
        "He described the planned training, ways to strengthen social dialogue and mechanisms "
        "for better enforcement of safety rules, and said much can be learned from countries "
        "that have already overcome similar problems.",
        "The project, Dochinski said, rests on four pillars: legislation, dialogue, training and "
        "the role of trade unions.",
        "Current laws will be reviewed and proposals prepared to improve the legal framework so "
        "that workers' rights are protected in practice. For training, the ILO will offer "
        "capacity-building programmes to labour inspectors and union representatives so that "
        "they can enforce safety standards effectively.",
        "Dochinski said the project also seeks better communication between workers, employers "
        "and unions, because safety at work is everyone's responsibility; the aim is a climate "
        "of trust and cooperation in which all sides work on solutions.",
        "He put particular weight on strengthening unions as defenders of miners' rights: the "
        "project is to give them more tools and more room for effective advocacy.",
        "Both sides said they are committed to working together on safety in mining, and agreed "
        "that every social partner must take a practical approach and cooperate closely.",
    ],
    "signature": "FPRK Media Center",
    "must": ["more than 1.6 million members", "seminar in Astana on 27 February"],
}

RU = {
    "slug": "fprk-i-mot-obedinyayut-usiliya-radi-bezopasnogo-truda-v-gornodobyche",
    "title": "ФПРК и МОТ объединяют усилия ради безопасного труда в горнодобывающей отрасли",
    "lead": "Федерация и Международная организация труда будут совместно реализовывать проект "
            "по безопасности труда на шахтах и карьерах Казахстана.",
    "paras": [
        "Первый заместитель Председателя Федерации профсоюзов Республики Казахстан (ФПРК) "
        "Мухтар Тиникеев провёл переговоры с Дарко Дочински, специалистом Международной "
        "организации труда по регулированию труда, трудовой инспекции и охране труда.",
        "Стороны обсудили совместную реализацию проекта МОТ «Содействие безопасности труда через "
        "социальный диалог в горнодобывающей промышленности Казахстана». Проект призван повысить "
        "безопасность на шахтах и карьерах страны и стать образцом действенного социального "
        "партнёрства.",
        "Приветствуя гостей, Мухтар Тиникеев отметил, что встреча выведет сотрудничество с МОТ "
        "на новый уровень и поможет эффективнее решать острые социально-трудовые вопросы.",
        "Он напомнил, что Федерация — массовая общественная организация, объединяющая более "
        "1,6 млн членов из 23 отраслевых и 18 территориальных профсоюзов, и занимается широким "
        "кругом вопросов — от достойных условий труда до международного сотрудничества.",
        "Среди приоритетов Федерации он назвал выполнение Генерального соглашения, реализацию "
        "Концепции безопасного труда на 2024–2030 годы, уточнение методики определения "
        "минимальной заработной платы и обязательную индексацию заработной платы.",
        "Говоря о социальном партнёрстве, он отметил, что подписанное в 2024 году Генеральное "
        "соглашение стало основой для 10 новых отраслевых и 20 региональных соглашений, а "
        "Федерация добивается повышения статуса трёхсторонних комиссий и их участия в разработке "
        "законов.",
        "Он также подчеркнул важность совместной с МОТ разработки Национальной программы "
        "достойного труда; свои предложения к ней Федерация уже направила.",
        "Важной вехой Мухтар Тиникеев назвал подписание Дорожной карты совместных действий "
        "Казахстана и МОТ в ходе 112-й сессии Международной конференции труда в 2024 году. Она "
        "охватывает пять направлений: безопасный труд, социальный диалог, минимальная заработная "
        "плата, социальная защита и искоренение насилия и домогательств на рабочем месте. В "
        "рамках этой инициативы трудовая инспекция Казахстана возвращена в ведение Министерства "
        "труда и социальной защиты населения.",
        "По словам Тиникеева, Федерация внедряет концепцию «Нулевой травматизм» (Vision Zero) "
        "на 536 предприятиях, где трудятся 167 282 работника, из них 61 442 — во вредных "
        "условиях. Число производственных советов превысило 12 000, что на 3,1% больше, чем в "
        "2023 году. С учётом рекомендаций МОТ продолжается работа по улучшению условий труда, в "
        "том числе исследование влияния биологических факторов на здоровье человека. Особое "
        "внимание уделяется справедливой оплате труда: по инициативе Федерации утверждена "
        "методика определения минимальной заработной платы, ведётся подготовка к ратификации "
        "Конвенции МОТ № 131.",
        "В завершение он подтвердил приверженность Федерации международным нормам и стандартам и "
        "выразил надежду на дальнейшее плодотворное сотрудничество с МОТ и социальными "
        "партнёрами.",
        "Дарко Дочински поблагодарил Федерацию за встречу и рассказал о планах МОТ по реализации "
        "проекта. По его словам, достичь целей проекта можно только при трёхстороннем "
        "партнёрстве работодателей, профсоюзов и государства. Он перечислил мероприятия, "
        "запланированные в Казахстане, в том числе трёхсторонний семинар в Астане 27 февраля, "
        "где обсудят конкретные шаги.",
        "Эксперт рассказал о запланированном обучении, способах укрепления социального диалога и "
        "механизмах более строгого соблюдения требований безопасности, отметив, как полезен "
        "опыт стран, уже решивших похожие проблемы.",
        "По словам Дочински, проект держится на четырёх направлениях: законодательство, "
        "обучение, диалог и роль профсоюзов.",
        "Действующие законы будут проанализированы, чтобы подготовить предложения по "
        "совершенствованию правовой базы и реальной защите прав работников. В части обучения МОТ "
        "предложит программы повышения квалификации для трудовых инспекторов и представителей "
        "профсоюзов, чтобы они могли эффективно добиваться соблюдения стандартов безопасности.",
        "Проект также должен улучшить общение между работниками, работодателями и профсоюзами, "
        "ведь безопасность на производстве — общая ответственность, сказал Дочински. Цель — "
        "атмосфера доверия и сотрудничества, в которой все стороны ищут решения.",
        "Особо он остановился на укреплении роли профсоюзов как защитников прав горняков: проект "
        "должен дать им больше инструментов и возможностей для эффективной защиты.",
        "Стороны заявили о готовности вместе работать над безопасностью труда в горнодобывающей "
        "отрасли и подчеркнули важность практических подходов и тесного взаимодействия всех "
        "социальных партнёров.",
    ],
    "signature": "Медиацентр ФПРК",
    "must": ["более 1,6 млн членов", "семинар в Астане 27 февраля"],
}

KZ = {
    "slug": "krkf-pen-heu-tau-ken-salasynda-kush-biriktiredi",
    "title": "ҚРКФ пен ХЕҰ тау-кен саласында еңбек қауіпсіздігі үшін күш біріктіреді",
    "lead": "Федерация мен Халықаралық еңбек ұйымы Қазақстанның шахталары мен карьерлеріндегі "
            "еңбек қауіпсіздігі жөніндегі жобаны бірлесіп іске асырады.",
    "paras": [
        "Қазақстан Республикасы Кәсіподақтар федерациясы (ҚРКФ) Төрағасының бірінші орынбасары "
        "Мұхтар Тінікеев Халықаралық еңбек ұйымының еңбекті реттеу, еңбек инспекциясы және "
        "еңбекті қорғау жөніндегі маманы Дарко Дочинскимен келіссөз жүргізді.",
        "Тараптар ХЕҰ-ның «Қазақстанның тау-кен өнеркәсібінде әлеуметтік диалог арқылы еңбек "
        "қауіпсіздігіне жәрдемдесу» жобасын бірлесіп іске асыру мәселесін талқылады. Жоба "
        "елдегі шахталар мен карьерлердегі қауіпсіздікті арттыруға және тиімді әлеуметтік "
        "әріптестіктің үлгісі болуға арналған.",
        "Қонақтарды қарсы ала отырып, Мұхтар Тінікеев бұл кездесу ХЕҰ-мен ынтымақтастықты жаңа "
        "деңгейге көтеріп, өзекті әлеуметтік-еңбек мәселелерін тиімдірек шешуге көмектесетінін "
        "атап өтті.",
        "Ол Федерацияның 23 салалық және 18 аумақтық кәсіподақтағы 1,6 миллионнан астам мүшені "
        "біріктіретін бұқаралық қоғамдық ұйым екенін және лайықты еңбек жағдайларынан бастап "
        "халықаралық ынтымақтастыққа дейінгі кең ауқымды мәселелермен айналысатынын еске салды.",
        "Федерацияның басымдықтары ретінде ол Бас келісімді орындауды, 2024–2030 жылдарға "
        "арналған Қауіпсіз еңбек тұжырымдамасын іске асыруды, ең төменгі жалақыны айқындау "
        "әдістемесін нақтылауды және жалақыны міндетті түрде индекстеуді атады.",
        "Әлеуметтік әріптестік туралы айта келе, ол 2024 жылы қол қойылған Бас келісім 10 жаңа "
        "салалық және 20 өңірлік келісімге негіз болғанын, ал Федерация үшжақты комиссиялардың "
        "мәртебесін көтеруге және олардың заң әзірлеуге қатысуын күшейтуге ұмтылатынын айтты.",
        "Сондай-ақ ол ХЕҰ-мен бірлесіп Лайықты еңбектің ұлттық бағдарламасын әзірлеудің "
        "маңыздылығын атап өтті; Федерация бұл бойынша өз ұсыныстарын жолдап қойған.",
        "Тінікеев маңызды кезең ретінде 2024 жылы Халықаралық еңбек конференциясының "
        "112-сессиясы барысында Қазақстан мен ХЕҰ арасында Бірлескен іс-қимыл жол картасына қол "
        "қойылғанын атады. Ол бес бағытты қамтиды: қауіпсіз еңбек, әлеуметтік диалог, ең төменгі "
        "жалақы, әлеуметтік қорғау және жұмыс орнындағы зорлық-зомбылық пен қысымды жою. Осы "
        "бастама аясында Қазақстандағы еңбек инспекциясы қайтадан Еңбек және халықты "
        "әлеуметтік қорғау министрлігінің қарауына берілді.",
        "Тінікеевтің айтуынша, Федерация «Нөлдік жарақат» (Vision Zero) тұжырымдамасын 536 "
        "кәсіпорында енгізуде, онда 167 282 қызметкер жұмыс істейді, оның 61 442-сі зиянды "
        "жағдайда еңбек етеді. Өндірістік кеңестердің саны 12 000-нан асты, бұл 2023 жылмен "
        "салыстырғанда 3,1%-ға көп. ХЕҰ ұсынымдарын ескере отырып, еңбек жағдайын жақсарту "
        "жұмысы жалғасуда, оның ішінде биологиялық факторлардың адам денсаулығына әсері "
        "зерттелуде. Әділ еңбекақыға ерекше назар аударылуда: Федерацияның бастамасымен ең "
        "төменгі жалақыны айқындау әдістемесі бекітілді, ХЕҰ-ның № 131 Конвенциясын "
        "ратификациялауға дайындық жүріп жатыр.",
        "Сөз соңында ол Федерацияның халықаралық нормалар мен стандарттарға адал екенін растап, "
        "ХЕҰ және әлеуметтік әріптестермен жемісті ынтымақтастық жалғасады деген үміт "
        "білдірді.",
        "Дарко Дочински Федерацияға кездесу үшін алғыс айтып, ХЕҰ-ның жобаны іске асыру "
        "жоспарларымен таныстырды. Оның айтуынша, жоба мақсаттарына жұмыс берушілер, "
        "кәсіподақтар және мемлекеттің үшжақты әріптестігі арқылы ғана жетуге болады. Ол "
        "Қазақстанда жоспарланған іс-шараларды, соның ішінде 27 ақпанда Астанада нақты "
        "қадамдарды талқылайтын үшжақты семинарды атады.",
        "Сарапшы алдағы оқыту шаралары, әлеуметтік диалогты нығайту жолдары және қауіпсіздік "
        "талаптарының сақталуын қамтамасыз ету тетіктері туралы айтып, ұқсас мәселелерді шешіп "
        "үлгерген елдердің тәжірибесі пайдалы екенін атап өтті.",
        "Дочинскидің айтуынша, жоба төрт бағытқа негізделген: заңнама, оқыту, диалог және "
        "кәсіподақтардың рөлі.",
        "Қолданыстағы заңдар талданып, жұмыскерлердің құқықтарын іс жүзінде қорғау үшін "
        "құқықтық базаны жетілдіру жөнінде ұсыныстар әзірленеді. Оқыту бағытында ХЕҰ еңбек "
        "инспекторлары мен кәсіподақ өкілдеріне қауіпсіздік стандарттарының сақталуын тиімді "
        "қамтамасыз ету үшін біліктілікті арттыру бағдарламаларын ұсынады.",
        "Дочински жоба жұмыскерлер, жұмыс берушілер мен кәсіподақтар арасындағы байланысты "
        "жақсартуды да көздейтінін айтты, өйткені өндірістегі қауіпсіздік — ортақ "
        "жауапкершілік. Мақсат — барлық тарап шешім іздейтін сенім мен ынтымақтастық ахуалын "
        "қалыптастыру.",
        "Ол кәсіподақтардың кеншілер құқықтарын қорғаушы ретіндегі рөлін күшейтуге ерекше "
        "тоқталып, жоба оларға тиімді қорғау үшін көбірек құрал мен мүмкіндік беруге тиіс "
        "екенін айтты.",
        "Тараптар тау-кен саласында еңбек қауіпсіздігін арттыру үшін бірлесіп жұмыс істеуге "
        "дайын екендіктерін мәлімдеп, практикалық тәсілдер мен барлық әлеуметтік әріптестердің "
        "тығыз өзара іс-қимылының маңыздылығын атап өтті.",
    ],
    "signature": "ҚРКФ медиа орталығы",
    "must": ["1,6 миллионнан астам мүшені", "27 ақпанда Астанада"],
}
