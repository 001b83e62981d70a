"""Lexicon audit for es pt fr tr id ms tl vi sw pl it de: hand-written labour headlines.

Each headline was written for this audit (not taken from a corpus) to check that the event
lexicons catch the verb and case forms news uses, and that hard negatives stay untagged.
"""

import pytest

from monitor.tagging import tag_text

AUDIT_HEADLINES_LATIN = [
    # Spanish
    ("es", "Mineros de Antofagasta inician huelga indefinida", {"strike"}),
    ("es", "Trabajadores de la salud marchan en Bogotá por salarios atrasados",
     {"protest", "wage_theft"}),
    ("es", "Explosión en una mina de carbón deja cinco mineros muertos", {"safety_incident"}),
    ("es", "Obreros denuncian que la constructora les adeuda tres meses de salario",
     {"wage_theft"}),
    ("es", "Rescatan a 40 trabajadores sometidos a trabajo forzoso en una finca",
     {"forced_labour"}),
    ("es", "Detectan trabajo infantil en plantaciones de café", {"child_labour"}),
    ("es", "Despiden a trabajadores por afiliarse al sindicato", {"repression"}),
    ("es", "Detienen al dirigente sindical de los portuarios", {"repression"}),
    ("es", "Sindicato y empresa firman convenio colectivo", {"organizing"}),
    ("es", "La tasa de paro baja al 11% en el tercer trimestre", set()),
    ("es", "El delantero marcó dos goles en la victoria del Real Madrid", set()),
    ("es", "Murió de un paro cardíaco a los 70 años", set()),
    # Portuguese
    ("pt", "Metalúrgicos do ABC entram em greve por reajuste salarial", {"strike"}),
    ("pt", "Professores fazem protesto em frente à prefeitura", {"protest"}),
    ("pt", "Operário morre após queda em obra em São Paulo", {"safety_incident"}),
    ("pt", "Trabalhadores denunciam salários atrasados há três meses", {"wage_theft"}),
    ("pt", "Fiscalização resgata trabalhadores em condições análogas à escravidão",
     {"forced_labour"}),
    ("pt", "Operação flagra trabalho infantil em carvoaria", {"child_labour"}),
    ("pt", "Empresa demite dirigentes sindicais após greve", {"repression", "strike"}),
    ("pt", "Sindicato assina acordo coletivo com montadora", {"organizing"}),
    ("pt", "Atacante marca dois gols e garante vitória do Flamengo", set()),
    ("pt", "Taxa de desemprego cai para 7,5%", set()),
    # French
    ("fr", "Les cheminots en grève reconductible contre la réforme", {"strike"}),
    ("fr", "Des milliers de manifestants défilent contre la réforme des retraites",
     {"protest"}),
    ("fr", "Un ouvrier meurt dans un accident du travail sur un chantier", {"safety_incident"}),
    ("fr", "Incendie dans une usine : trois salariés blessés", {"safety_incident"}),
    ("fr", "Des salariés sans salaire depuis quatre mois", {"wage_theft"}),
    ("fr", "Un réseau de travail forcé démantelé dans les vignes", {"forced_labour"}),
    ("fr", "Travail des enfants dans les mines de cobalt", {"child_labour"}),
    ("fr", "Un délégué syndical licencié après la grève", {"repression", "strike"}),
    ("fr", "Signature d'un accord collectif dans la métallurgie", {"organizing"}),
    ("fr", "Manifestation culturelle au musée ce week-end", set()),
    ("fr", "L'Union européenne adopte son budget", set()),
    ("fr", "Le buteur offre la victoire au PSG", set()),
    # Turkish
    ("tr", "Maden işçileri greve çıktı", {"strike"}),
    ("tr", "Belediye işçileri maaşlarını alamadıkları için eylem yaptı",
     {"protest", "wage_theft"}),
    ("tr", "Madende göçük: iki işçi hayatını kaybetti", {"safety_incident"}),
    ("tr", "Fabrikada patlama: 5 işçi yaralandı", {"safety_incident"}),
    # joining (founding) a union is organizing news too, beside the dismissal
    ("tr", "Sendikaya üye oldukları için işten çıkarılan işçiler direnişte",
     {"repression", "protest", "organizing"}),
    ("tr", "Sendika temsilcisi gözaltına alındı", {"repression"}),
    ("tr", "Toplu iş sözleşmesi imzalandı", {"organizing"}),
    ("tr", "Fındık bahçelerinde çocuk işçiliği", {"child_labour"}),
    ("tr", "Bakanlık yeni eylem planını açıkladı", set()),
    ("tr", "Galatasaray deplasmanda üç puanı aldı", set()),
    # Indonesian
    ("id", "Ribuan buruh mogok kerja menuntut kenaikan upah", {"strike"}),
    ("id", "Buruh pabrik berunjuk rasa di depan kantor gubernur", {"protest"}),
    ("id", "Ledakan di smelter nikel tewaskan 12 pekerja", {"safety_incident"}),
    ("id", "Ratusan karyawan belum menerima gaji selama tiga bulan", {"wage_theft"}),
    ("id", "Polisi selamatkan korban kerja paksa di kapal ikan", {"forced_labour"}),
    ("id", "Pekerja anak ditemukan di perkebunan sawit", {"child_labour"}),
    ("id", "Pengurus serikat pekerja di-PHK usai mendirikan serikat",
     {"repression", "organizing"}),
    ("id", "Perusahaan dan serikat buruh tandatangani perjanjian kerja bersama",
     {"organizing"}),
    ("id", "Penambang bitcoin kehilangan untung", set()),
    ("id", "Timnas menang 2-0 atas Vietnam", set()),
    # Malay
    ("ms", "Pekerja kilang mogok kerana gaji tidak dibayar", {"strike", "wage_theft"}),
    ("ms", "Pekerja asing dijadikan buruh paksa di ladang", {"forced_labour"}),
    ("ms", "Dua pekerja maut dalam kemalangan di tapak pembinaan", {"safety_incident"}),
    ("ms", "Kesatuan sekerja tandatangani perjanjian kolektif", {"organizing"}),
    ("ms", "Ratusan pekerja berhimpun bantah pemberhentian", {"protest"}),
    ("ms", "Buruh kanak-kanak dikesan di kilang", {"child_labour"}),
    ("ms", "Kesatuan Eropah meluluskan undang-undang baharu", set()),
    ("ms", "Harimau Malaya menang perlawanan persahabatan", set()),
    # Tagalog
    ("tl", "Mga manggagawa ng pabrika, nagwelga", {"strike"}),
    ("tl", "Mga magsasaka at manggagawa nagprotesta sa Mendiola", {"protest"}),
    ("tl", "Tatlong minero patay sa pagguho ng minahan", {"safety_incident"}),
    ("tl", "Mga manggagawa hindi pa nababayaran ng sahod", {"wage_theft"}),
    ("tl", "Lider ng unyon inaresto ng pulis", {"repression"}),
    ("tl", "Batang manggagawa sa tubuhan, nasagip", {"child_labour"}),
    ("tl", "Unyon at kompanya lumagda sa collective bargaining agreement", {"organizing"}),
    ("tl", "Gilas Pilipinas wagi laban sa Korea", set()),
    # Vietnamese
    ("vi", "Hàng nghìn công nhân ngừng việc đòi tăng lương", {"strike"}),
    ("vi", "Nổ lò hơi tại nhà máy, hai công nhân tử vong", {"safety_incident"}),
    ("vi", "Sập mỏ đá khiến ba công nhân thiệt mạng", {"safety_incident"}),
    ("vi", "Công ty nợ lương công nhân ba tháng", {"wage_theft"}),
    ("vi", "Phát hiện lao động trẻ em tại xưởng may", {"child_labour"}),
    ("vi", "Công đoàn và doanh nghiệp ký thỏa ước lao động tập thể", {"organizing"}),
    ("vi", "Việt Nam thắng Thái Lan 2-1 ở chung kết", set()),
    ("vi", "Giá bitcoin tăng mạnh, thợ đào lãi lớn", set()),
    # Swahili
    ("sw", "Madaktari waanza mgomo nchini Kenya", {"strike"}),
    ("sw", "Wafanyakazi waandamana kudai mishahara yao", {"protest", "wage_theft"}),
    ("sw", "Wachimbaji watano wafariki baada ya mgodi kuporomoka", {"safety_incident"}),
    ("sw", "Walimu hawajalipwa mishahara kwa miezi mitatu", {"wage_theft"}),
    ("sw", "Watoto wanaofanya kazi migodini waokolewa", {"child_labour"}),
    ("sw", "Kiongozi wa chama cha wafanyakazi akamatwa", {"repression"}),
    ("sw", "Chama cha wafanyakazi chasaini mkataba wa pamoja", {"organizing"}),
    ("sw", "Simba yaichapa Yanga mabao mawili", set()),
    # Polish
    ("pl", "Górnicy rozpoczęli strajk w kopalni", {"strike"}),
    ("pl", "Pielęgniarki protestowały przed Sejmem", {"protest"}),
    ("pl", "Wybuch metanu w kopalni: nie żyje dwóch górników", {"safety_incident"}),
    ("pl", "Wypadek przy pracy na budowie, robotnik zginął", {"safety_incident"}),
    ("pl", "Pracownicy od trzech miesięcy nie dostali wynagrodzenia", {"wage_theft"}),
    ("pl", "Przewodniczący związku zawodowego zwolniony z pracy", {"repression"}),
    ("pl", "Podpisano układ zbiorowy pracy", {"organizing"}),
    ("pl", "Praca przymusowa w gospodarstwie rolnym", {"forced_labour"}),
    ("pl", "Unia Europejska przyjęła nowy budżet", set()),
    ("pl", "Napastnik strzelił dwa gole", set()),
    # Italian
    ("it", "Sciopero dei trasporti, treni fermi in tutta Italia", {"strike"}),
    ("it", "Operai in presidio davanti ai cancelli della fabbrica", {"protest"}),
    ("it", "Morto un operaio schiacciato da un macchinario", {"safety_incident"}),
    ("it", "Incidente sul lavoro in cantiere: ferito un muratore", {"safety_incident"}),
    ("it", "Lavoratori senza stipendio da tre mesi", {"wage_theft"}),
    ("it", "Caporalato, braccianti sfruttati nei campi", {"forced_labour"}),
    ("it", "Licenziato il delegato sindacale", {"repression"}),
    ("it", "Firmato il rinnovo del contratto collettivo dei metalmeccanici", {"organizing"}),
    ("it", "L'attaccante segna una doppietta", set()),
    ("it", "L'Unione europea approva il bilancio", set()),
    # German
    ("de", "Lokführer streiken erneut bei der Bahn", {"strike"}),
    ("de", "Verdi ruft zum Warnstreik an Flughäfen auf", {"strike"}),
    ("de", "Tausende demonstrieren gegen Werksschließung", {"protest"}),
    ("de", "Arbeiter bei Explosion in Chemiefabrik getötet", {"safety_incident"}),
    ("de", "Bauarbeiter stirbt nach Arbeitsunfall", {"safety_incident"}),
    ("de", "Subunternehmer zahlt Löhne nicht aus", {"wage_theft"}),
    ("de", "Betriebsrat gekündigt nach Gründung einer Gewerkschaft", {"repression"}),
    ("de", "Gewerkschaft und Arbeitgeber einigen sich auf Tarifvertrag", {"organizing"}),
    ("de", "Kinderarbeit auf Kakaoplantagen nachgewiesen", {"child_labour"}),
    ("de", "Stürmer trifft doppelt beim Sieg gegen Bayern", set()),
    ("de", "Die Europäische Union beschließt neue Zölle", set()),
]


@pytest.mark.parametrize(("lang", "title", "events"), AUDIT_HEADLINES_LATIN)
def test_latin_audit_headlines(lang: str, title: str, events: set[str]):
    tags = tag_text(title, "", lang)
    assert set(tags.event_types) == events, tags.evidence
