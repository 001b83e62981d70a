"""Solidarity Center demo posts: facts of seeds 000 and 001, text written by us.

Blocks: ("p", text) | ("h2", text) | ("ul", [text, ...]) | ("fig", image, caption, credit)
| ("note", text) | ("link", text, url).  Text is plain (escaped when rendered).
Publication dates of the 001 pages are not in the seed; they are assigned (see README).
"""

POSTS = [
    {
        "id": 74512,
        "slug": "ned-support-helps-workers-use-democratic-freedoms-to-win-fair-pay-and-safer-jobs",
        "title": "With NED Support, Workers Use Their Democratic Freedoms to Win Fair Pay and Safer Jobs",
        "date": "2025-07-21T14:06:31+00:00",
        "author": "Solidarity Center",
        "categories": ["Democracy", "Philippines", "Central Asia", "Morocco", "Maldives"],
        "teaser": "From FoodPanda riders in Cebu to textile workers in Casablanca and nurses in the "
                  "Maldives, NED-funded programs help working people organize, bargain and speak out.",
        "hero": ("foodpanda-riders-cebu.jpg",
                 "FoodPanda delivery riders in Cebu, Philippines, won back pay after forming their "
                 "union, part of a wider push by platform workers for rights and safer working lives.",
                 "Solidarity Center"),
        "blocks": [
            ("p", "The Solidarity Center helps working people around the world gain the means to "
                  "earn decent pay and work in safety, and in the process it strengthens their "
                  "capacity to use democratic rights: to say what they think, to organize unions "
                  "and associations, and to decide the future of their families and communities."),
            ("p", "High-impact democracy grants from the National Endowment for Democracy (NED) "
                  "let the organization act on a conviction at the heart of its work: workers who "
                  "are free to organize, to negotiate with employers and to chart their own "
                  "direction end up building fairer, more inclusive and more democratic "
                  "societies."),
            ("p", "The results of recent years reach millions of people in dozens of countries. "
                  "Among them:"),
            ("ul", [
                "Nigeria, where a Solidarity Center-backed drive for more public health spending "
                "and for better pay and conditions for health workers was followed by close to "
                "$70 million in government money to strengthen the health system;",
                "the Dominican Republic, where more than 1,000 sugar cane cutters and harvesters "
                "used their democratic freedoms to press for decent wages, decent living "
                "conditions and safety on the job;",
                "Serbia, where training and support raised safety and health standards at over "
                "1,000 worksites and brought workers to the table with the Serbian Association of Employers and "
                  "the government to deal with hazards;",
                "Thailand, where garment and electronics workers in supply-chain factories got "
                "help recovering wages they were never paid, for example at Brilliant Alliance "
                "Thailand (BAT).",
            ]),
            ("p", "Teuanjai Waengkham, who used to work in garments, credits the Solidarity "
                  "Center's direct talks with BAT's multinational customer for the outcome: 1,250 "
                  "workers recovered $8.3 million in back wages and severance."),
            ("p", "Four snapshots, from Morocco, the Maldives, Central Asia and the Philippines, "
                  "show how this work trains a new generation of worker-rights advocates and "
                  "lifts pay and safety standards in ways that often reach nonunion workers and "
                  "whole communities too."),
            ("h2", "Platform Riders Recover Lost Pay in the Philippines"),
            ("p", "Wage theft is widespread across the Philippines. With help from the Solidarity "
                  "Center, more workers are using their democratic rights to demand the money "
                  "they have earned, and they are getting it."),
            ("p", "A recent decision, which the Solidarity Center helped secure, awards FoodPanda "
                  "delivery riders in Cebu 7.2 million PHP (about $128,000) in unpaid wages. "
                  "Organized in their new union, RIDERS-SENTRO, the riders have also been able to "
                  "take their grievances to local governments in a democracy that is still "
                  "fragile."),
            ("p", "FoodPanda has appealed. The riders say that having a union makes them sure they "
                  "can defend their rights at work."),
            ("p", "Abraham Monticalbo, Jr., a RIDERS-SENTRO member, says the union gave the riders "
                  "the will to keep fighting, and that members have come to understand both their "
                  "strength and their rights. Better pay for drivers also means a better life for "
                  "the families who depend on them."),
            ("h2", "Young Worker Leaders Take On Corruption in Central Asia"),
            ("p", "Plenty of young people leave school or college and start work with no idea of "
                  "their legal rights, or of how to recognize corrupt practices on the job."),
            ("p", "The Solidarity Center runs a Regional Youth School in Central Asia. Its "
                  "workshops, which last several days, teach participants to recognize violations "
                  "and prepare them, as agents of change, to stand up for workers, resist "
                  "corruption and lead in their communities."),
            ("fig", "central-asia-youth-school.jpg",
             "Young workers from Kazakhstan, Kyrgyzstan and Uzbekistan joined a regional "
             "leadership seminar on union strategies against corruption.", "Solidarity Center"),
            ("p", "Salamabekova Meerim, who belongs to the medical workers' union in Kyrgyzstan, "
                  "said a recent session taught participants how to defend labor rights and push "
                  "back against corruption at work, and gave them practical tools for improving "
                  "their lives and conditions."),
            ("p", "At one recent three-day workshop, 18 young leaders working in fields such as "
                  "health care and mining, drawn from all three countries, combined "
                  "expert presentations with role-play and other game-based exercises."),
            ("p", "Back home, participants plan to run peer training on labor rights and "
                  "workplace corruption."),
            ("p", "Helping young workers turn ideas into action is part of the Solidarity "
                  "Center's partnership-based, bottom-up way of working, which aims at change "
                  "that lasts."),
            ("h2", "Casablanca Textile Workers Organize for Dignity"),
            ("fig", "casablanca-textile-workers.jpg",
             "Close to 2,000 textile workers in Casablanca, Morocco, gained decent pay, health "
             "coverage and a say at work once they had joined UMT.",
             "Solidarity Center / Hicham Ahmaddouh"),
            ("p", "Close to 2,000 employees of seven textile factories in Casablanca, Morocco, "
                  "organized a union and with it won decent pay, health protection and a voice at "
                  "work, a very practical exercise of democracy."),
            ("p", "A worker who voted for the union said the main reason was to defend a dignity "
                  "that some managers had trampled. (Workers are not named, to protect their "
                  "privacy.)"),
            ("p", "The workers set up their unions in November through the Moroccan Workers' "
                  "Union (UMT) and its textile workers' federation. The factories process leather "
                  "and do sewing, dyeing and garment making, and unsafe, unhealthy conditions were "
                  "a central problem."),
            ("p", "Pay was the other one. Wages often went unpaid, the frequent compulsory "
                  "overtime was poorly compensated, and some workers got fewer hours than the "
                  "government sets."),
            ("p", "As in other countries, the Solidarity Center worked both with union partners "
                  "and directly with the workers. That let the textile workers organize and fix "
                  "conditions, and it serves the broader goal of extending rights to everyone."),
            ("p", "Before the union, one worker said, there was no way to solve problems or claim "
                  "the legal rights the company had ignored for over five years; now workers have "
                  "their dignity and the freedom of association they were denied."),
            ("p", "Al-Arabi Hamouk, who as general secretary leads the National Federation of "
                  "Textile, Leather and Ready-Made Garment Workers, said the Solidarity Center was central "
                  "to the success of the campaign in the sector and praised the organizing team "
                  "for its strategy and for handling obstacles."),
            ("h2", "Maldives Nurses Win Pay for Holiday Overtime"),
            ("p", "Nurses and other health professionals give medicines, check vital signs and "
                  "look after patients in hospital beds. In the Maldives they routinely worked 40 "
                  "to 60 hours of overtime a month without being paid for it. Now 9,000 nurses "
                  "across the country will be paid in full for extra hours assigned on public "
                  "holidays."),
            ("p", "Shifana Ali, a medical laboratory assistant who was active in the campaign, "
                  "called it a big victory for union members whose rights had long been ignored, "
                  "and said the union had carried them a long way."),
            ("fig", "maldives-overtime-protest.jpg",
             "A health worker's placard calls wage theft a crime and demands overtime pay.", "MHPU"),
            ("p", "The Solidarity Center and the Maldives Health Professionals Union (MHPU), its "
                  "partner, campaigned for a change in the law. The amendment was passed "
                  "at the end of March and covers every health worker employed by the "
                  "government."),
            ("p", "The Solidarity Center trained and advised partner unions, MHPU among them. The "
                  "overtime victory grew out of organizing methods the union adopted to inform and "
                  "mobilize members from the grassroots up."),
            ("p", "MHPU General Secretary Fatimath Zimna said the union wants every worker "
                  "protected from unpaid forced labor, since it harms both patient care and "
                  "workers' lives outside the hospital. She described the Solidarity Center as a "
                  "major partner in getting two key laws passed."),
            ("p", "The win extends the Solidarity Center's work with MHPU and the Maldives Trade "
                  "Union Congress (MTUC) on occupational safety and health and on rights the "
                  "law guarantees, such as forming unions and protesting peacefully. Over a "
                  "campaign of about ten years for a safety and health law, the Solidarity Center "
                  "helped with mobilizing, technical training and drafting."),
            ("p", "Zimna urged workers to organize and speak with one voice so they can make full "
                  "use of the rights the two acts give them."),
        ],
    },
    {
        "id": 73187,
        "slug": "ilab-funding-cut-what-workers-stand-to-lose",
        "title": "ILAB Funding Cut: What Workers From Honduras to Malaysia Stand to Lose",
        "date": "2025-04-02T16:42:10+00:00",
        "author": "Solidarity Center",
        "categories": ["Funding", "Honduras", "Uzbekistan", "Mexico", "Bangladesh", "Malaysia"],
        "teaser": "The termination of Department of Labor funding for ILAB programs ends projects "
                  "that helped palm workers, cotton pickers, miners and electronics workers win "
                  "decent work.",
        "hero": ("silao-auto-workers.jpg", "Auto workers in Silao, Mexico.", "Arturo Left"),
        "blocks": [
            ("p", "In Tela, Honduras, palm production is about the only large employer, and Iván, "
                  "like thousands of other Hondurans, relies on his job there to get by. Until "
                  "Solidarity Center training helped the palm workers organize a union and grow "
                  "strong enough to bargain for decent work, they put in long hours for little pay."),
            ("p", "Iván says that with better conditions at home people would not need to "
                  "emigrate. Workers organize, he explains, to win more than the legal minimum; "
                  "he wants every worker to live decently and to add to the country's economic "
                  "development."),
            ("p", "Without further Department of Labor (DOL) funding, Honduran palm workers lose "
                  "the training that helps them win decent conditions, and with it one of the "
                  "things that makes staying in the country possible."),
            ("p", "This week program funding was terminated for ILAB, the Bureau of "
                  "International Labor Affairs at the DOL. ILAB is how the United States enforces the labor "
                  "rules in its trade agreements, shields American workers from unfair "
                  "competition and fights child labor, forced labor and exploitation worldwide."),
            ("p", "The Solidarity Center has run more than a dozen ILAB-funded projects in Africa, "
                  "Asia, Eastern Europe and Latin America, several of them in important U.S. "
                  "trading partners: Honduras, the Philippines, Bangladesh and Mexico. Ending them "
                  "hurts workers in the United States, weakens trade enforcement and walks away "
                  "from the worldwide effort for decent work and human dignity."),
            ("p", "Over the years DOL funding for Solidarity Center projects totaled $78.3 "
                  "million, and it helped several hundred thousand workers, and their families, "
                  "build better lives. A few of their stories follow."),
            ("h2", "Keeping Forced Labor Out of Uzbekistan's Cotton"),
            ("p", "Cotton is in T-shirts, jeans and countless household goods, and few people "
                  "think about where it comes from. For decades, though, Uzbekistan's government "
                  "forced millions of people, at times children, to pick the harvest for "
                  "state-owned companies. The country is the sixth-largest cotton producer in the "
                  "world, turning out more than 1 million tons a year with a workforce of roughly "
                  "2 million."),
            ("p", "The project that has now lost its DOL money was meant to consolidate a 15-year "
                  "effort that ended systemic, state-imposed forced labor in the cotton supply "
                  "chain. A worldwide advocacy drive headed by the Cotton Campaign, which the "
                  "Solidarity Center helped found, pushed the government into reforms that ended "
                  "state-mandated forced labor in 2021."),
            ("p", "Last year the Solidarity Center signed a landmark cooperative agreement with "
                  "the Uzbek government and other partners to keep conditions safe for pickers "
                  "and to prevent forced labor."),
            ("p", "Fair standards protect U.S. shoppers from unknowingly buying cotton picked by "
                  "forced labor, spare U.S. workers from competing with goods made cheap through "
                  "exploitation, and help workers in Uzbekistan."),
            ("p", "A central goal of the new program was a written, enforceable employment "
                  "contract for every worker in the cotton sector, something missing from many "
                  "farm supply chains. The aim was to make the reforms stick and to position "
                  "Uzbekistan as an alternative to cotton produced with forced labor in other "
                  "countries."),
            ("h2", "Narrowing the Wage Gap Helps Mexico and the U.S."),
            ("p", "Maria Alejandra Morales Reynoso painted auto parts in Silao, Mexico, for years, "
                  "working double shifts alongside co-workers with hardly any breaks, not even to "
                  "use the bathroom. With Solidarity Center training and support, she and "
                  "thousands of other workers voted out a company-friendly union that did not "
                  "represent them and formed an independent one."),
            ("p", "Morales says the victory showed people that free representation was possible, "
                  "and that workers could organize and defend their rights without living in fear "
                  "of losing their jobs."),
            ("p", "The win energized other workers and opened the way for women to take on "
                  "leadership roles. Morales herself is now general secretary of SINTTIA, the "
                  "union the workers chose."),
            ("p", "When genuine, transparent bargaining narrows the pay gap separating Mexican "
                  "and U.S. workers, those in both countries gain: Mexican wages go up, and "
                  "companies have less reason to move from the U.S. to Mexico in search of "
                  "artificially low pay."),
            ("p", "In its 25 years in Mexico, and above all since the USMCA (the "
                  "United States-Mexico-Canada Agreement) brought in labor enforcement tools, the "
                  "Solidarity Center's work has benefited over 42,000 workers in Mexico, whose "
                  "rights to organize and bargain were upheld in USMCA resolutions, and has "
                  "recovered back wages and benefits worth more than $6 million."),
            ("p", "In one case a USMCA ruling gave auto workers at a plant in San Luis Potosí a "
                  "30 percent raise."),
            ("p", "A North American agreement that is understood, enforced and effective is "
                  "needed to protect the promise of shared prosperity. Losing DOL funding will "
                  "hurt workers in Mexico and in the United States."),
            ("h2", "Decent Pay for More Than 3 Million Mine Workers"),
            ("fig", "mineras-de-acero.jpg",
             "Founders of the \u201cMineras de Acero\u201d program (Women Miners of Steel): "
             "Mariela Sanchez Casas and Ruth Adriana Lopez Patiño of Los Mineros with Julia "
             "Quiñonez of CFO, visiting a gold mine during a February 2015 training on women's "
             "leadership and gender equality.", "Los Mineros"),
            ("p", "With over three million mine workers as members, Los Mineros is Mexico's "
                  "main miners' union. In 2022 "
                  "the Solidarity Center helped the union use the USMCA's Rapid Response Labor "
                  "Mechanism to win representation and then bargain a solid contract with a 15 "
                  "percent raise."),
            ("p", "Los Mineros' political affairs secretary, Imelda Guadalupe Jiménez Méndez, "
                  "says technical help from the Solidarity Center, paid for by DOL/ILAB, let the "
                  "union use the Rapid Response Mechanism to get justice. Thanks to real "
                  "collective bargaining, she says, the contract is now 60 percent better for "
                  "workers."),
            ("p", "Mexico's Supreme Court had ruled for the miners back in 2019, but it took "
                  "Solidarity Center support under the USMCA for Los Mineros to secure the "
                  "landmark raise and much better conditions."),
            ("p", "Cutting off this funding puts life-changing gains in pay, benefits and "
                  "conditions at risk and adds to the pressure on U.S. workers who compete with "
                  "low Mexican wages."),
            ("h2", "Basic Safety for Construction Workers in Bangladesh"),
            ("p", "A woman on a building site in Bangladesh sums up what workers now insist on: "
                  "clean drinking water, a first-aid kit at the workplace, and the same pay for "
                  "women as for men."),
            ("p", "Solidarity Center training helped her union leaders draw up a list of safety "
                  "and health demands and bargain them through, so she now has water, medical "
                  "supplies and a wage that supports her family. In a cut-throat industry where "
                  "employers treat workers as replaceable, such lists are essential grassroots "
                  "tools."),
            ("p", "With the DOL grant terminated, thousands of construction workers in Bangladesh "
                  "will be left without basic safety and health protections and with little "
                  "chance of decent pay."),
            ("h2", "Toxic Hazards in Malaysia's Electronics Plants"),
            ("p", "Malaysia is the world's seventh-largest exporter of electrical and electronic "
                  "products. Workers making the semiconductors inside consumer devices face "
                  "dangerous conditions with weak safety protections, including exposure to "
                  "toxic chemicals linked to cancer, breathing problems and reproductive harm, "
                  "among them fertility problems and risks in pregnancy. Many are also exposed to "
                  "forced labor."),
            ("p", "A Solidarity Center project that started in 2024 set out to raise occupational "
                  "safety and health standards and to widen access to social security, injury "
                  "compensation, health care and other protections. Many of the workers are "
                  "migrants, from Indonesia, Nepal, Bangladesh, the Philippines or Myanmar, who "
                  "meet extra obstacles at work."),
            ("p", "The DOL-funded training aimed to help workers take part in their unions, move "
                  "into leadership and build strong, inclusive unions able to deal with OSH, and "
                  "to get workers, employers and officials talking so that abuses are prevented "
                  "and resolved through collective bargaining."),
            ("p", "Programs like this also protect workers in the United States by curbing the "
                  "exploitation that lets employers abroad undercut them. Like every other "
                  "DOL-funded program, the Malaysia electronics project has been terminated."),
            ("p", "These are only some of the ways DOL funding has helped workers and their "
                  "communities. Ending it silences that work and undermines U.S. commitments to "
                  "workers at home and abroad."),
        ],
    },
    {
        "id": 68840,
        "slug": "world-cotton-day-building-rights-for-uzbekistans-cotton-workers",
        "title": "World Cotton Day: Building Rights for Uzbekistan\u2019s Cotton Workers",
        "date": "2024-10-07T13:20:45+00:00",
        "author": "Solidarity Center",
        "categories": ["Forced Labor", "Uzbekistan", "Central Asia"],
        "teaser": "Leaflets for 10,000-plus cotton pickers and mediation training in Tashkent are "
                  "part of the Solidarity Center and CIPE project in Uzbekistan's cotton sector.",
        "hero": ("uzbekistan-cotton-harvest.jpg",
                 "Cotton pickers in Uzbekistan received leaflets explaining their rights as "
                 "seasonal workers.", "Solidarity Center"),
        "blocks": [
            ("p", "World Cotton Day, October 9, 2024. Cotton is part of everyday life, yet the "
                  "people who grow and pick it mostly go unseen. That was true for a long time in "
                  "Uzbekistan, where for decades the state forced millions of people, children "
                  "among them, into the harvest for state enterprises. A long global campaign led "
                  "by the Cotton Campaign, co-founded by the Solidarity Center, helped push the "
                  "government into reforms that ended that system in 2021."),
            ("p", "Abolishing the state-run system was a big achievement; building fair "
                  "working conditions in cotton takes longer. Backed by U.S. "
                  "Department of Labor funds, the Solidarity Center is putting in place the building "
                  "blocks workers need to protect their rights. In December 2022 it signed an "
                  "agreement with Uzbekistan's Ministry of Employment and Poverty Reduction and "
                  "with the Center for International Private Enterprise (CIPE), which "
                  "co-implements the project, so that work could begin. As the 2023 harvest gets going, the "
                  "two organizations are working with government, civil society and business, "
                  "from the fields up and from the oversight bodies down, to spread knowledge of "
                  "fundamental rights and strengthen the mechanisms that secure them."),
            ("p", "Work for the 2023 harvest includes:"),
            ("ul", [
                "Leaflets for pickers. Together with legal and labor inspection staff of the ministry, the "
                "Solidarity Center and CIPE produced and printed more than 10,000 leaflets that "
                "explain, in plain terms, the rights of seasonal workers under Uzbekistan's Labor "
                "Code. They list key contacts, among them the Labor Inspection hotline and a "
                "project Telegram channel where workers can report violations anonymously and get "
                "free legal advice. Groups in regions across the country are also distributing "
                "them, so that seasonal workers know their rights and the ways to enforce them, "
                "which is essential for better compliance with international standards and a "
                "more transparent cotton sector.",
                "Mediation training. On October 2\u20133 in Tashkent the Solidarity Center, the "
                "State Labor Inspectorate and the Tashkent Mediation Center held a two-day course, "
                "led by a regional expert, on mediation as another way to settle individual "
                "labor disputes. Mixing theory and practical exercises, it trained 10 mediators "
                "from the Tashkent Mediation Center along with labor inspection staff. The head "
                "of the Labor Inspectorate said continued cooperation and capacity building are "
                "key to giving cotton workers an effective remedy when their rights are "
                "violated.",
            ]),
            ("p", "These harvest-time activities add to a continuing rights-awareness and "
                  "education program that the Solidarity Center and CIPE run with workers and "
                  "employers in cotton. A top priority for the coming year is a written contract, "
                  "with clear and enforceable terms, for every worker in the sector; sadly, such "
                  "contracts are missing from many agricultural supply chains."),
            ("p", "Uzbekistan's recent rules requiring contracts for everyone in cotton "
                  "production could make the country a high-road choice for textile sourcing, "
                  "provided they are put into practice and enforced. Workplace-level reporting and "
                  "monitoring, through which workers can check that their rights are respected "
                  "and obtain a remedy when they are not, would be the next step toward making "
                  "Uzbekistan a leader in fair textile supply chains."),
            ("note", "This work is paid for by the U.S. Department of Labor, via a Solidarity "
                     "Center sub-award under cooperative agreement IL-38908-22-75-K. Federal "
                     "funds cover 100% of the project's costs, $1,018,814 in total. The material "
                     "may not reflect the Department of Labor's own views or policies, and naming trade names, products or organizations does not mean the "
                     "U.S. Government endorses them."),
        ],
    },
    {
        "id": 64215,
        "slug": "uzbekistan-cotton-agreement-aims-to-prevent-forced-labor",
        "title": "Uzbekistan Cotton Agreement Aims to Prevent Forced Labor, Improve Conditions",
        "date": "2024-01-08T15:11:02+00:00",
        "author": "Solidarity Center",
        "categories": ["Forced Labor", "Uzbekistan", "Central Asia"],
        "teaser": "CIPE, the Association of Cotton-Textile Clusters, the Solidarity Center and "
                  "Uzbekistan's Ministry of Employment signed a two-year memorandum of "
                  "cooperation.",
        "hero": ("tashkent-cotton-agreement.jpg",
                 "Partners at the Tashkent launch of the cotton transparency project.",
                 "Solidarity Center"),
        "blocks": [
            ("p", "A landmark cooperative agreement signed this week sets out to improve "
                  "conditions and prevent forced labor for workers in every stage of cotton and "
                  "textile production in Uzbekistan. Uzbekistan's Ministry of Employment signed it "
                  "together with the Solidarity Center, the Center for International Private "
                  "Enterprise (CIPE), which is based in the U.S., and the Association of "
                  "Cotton-Textile Clusters of Uzbekistan, which represents employers."),
            ("p", "The two-year memorandum of cooperation underpins a new joint CIPE and "
                  "Solidarity Center project, launched in November at a public event in Tashkent. "
                  "It gives the sector what it lacked, an effective system for reporting "
                  "grievances and obtaining remedies, together with education and incentives that "
                  "reward compliance, and so builds on 15 years of work that rid the country's cotton "
                  "supply chain of forced labor."),
            ("p", "The project, called \u201cEnhancing Transparency and Accountability in the "
                  "Cotton Industry of Uzbekistan,\u201d gets its money from the U.S. Department of "
                  "Labor and will be carried out by CIPE and the Solidarity Center through the action "
                  "plan attached to the agreement."),
            ("p", "At the launch, Solidarity Center Executive Director Shawna Bader-Blau said the "
                  "organization was eager to work with CIPE and the Cluster Association toward an "
                  "Uzbek cotton industry that the world market recognizes and rewards for the "
                  "highest labor standards."),
            ("p", "The project's goals are to widen dialogue among stakeholders on transparent "
                  "market and management standards and on accountability systems centered on "
                  "employees; to build trust between cotton buyers, producers, workers and the "
                  "government; to help supply-chain workers recognize and resolve rights "
                  "violations through tripartite mechanisms and better dialogue with employers; "
                  "to raise compliance with international labor standards, freedom of association "
                  "and corporate governance among them; and to make the industry sustainable in a "
                  "way that respects and protects labor rights."),
            ("p", "Under the action plan, the activities will include:"),
            ("ul", [
                "designing and piloting grievance and remedy mechanisms led by workers and based "
                "on international good practice in supply-chain transparency and management;",
                "training cotton workers, managers and employers on the fundamental standards set "
                "out in the International Labor Organization's core conventions;",
                "promoting transparency, respect for labor rights and good corporate governance "
                "through dialogue between worker representatives, government agencies, global "
                "brands and cotton companies.",
            ]),
            ("p", "CIPE Managing Director for Programs Abdulwahab Alkebsi told the launch that "
                  "the partnership should help build effective management systems, strengthen "
                  "social protection, improve labor relations in line with international "
                  "standards and create decent, safe conditions for workers."),
            ("p", "Years of intense policy advocacy and campaigning by civil society in Uzbekistan "
                  "and abroad, together with political will in the Uzbek government, mean the "
                  "state no longer imposes forced labor in the cotton harvest. For that reason, "
                  "in March 2022 the Cotton Campaign dropped its call for a worldwide boycott of "
                  "Uzbek cotton and lifted the Uzbek Cotton Pledge."),
        ],
    },
    # The Tashkent convening: original post (seed 000) ...
    {
        "id": 58391,
        "slug": "tashkent-convening-central-asia-forced-labor-labor-inspectors",
        "title": "Tashkent Convening Puts Labor Inspectors at Center of Central Asia\u2019s Fight "
                 "Against Forced Labor",
        "date": "2023-05-26T17:03:54+00:00",
        "author": "Solidarity Center",
        "categories": ["Forced Labor", "Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Central Asia"],
        "teaser": "Officials and rights groups from Kazakhstan, Kyrgyzstan and Uzbekistan met in "
                  "Tashkent on May 22 to start a joint action plan against forced labor.",
        "hero": ("tashkent-convening-2023.jpg",
                 "Labor inspectorate officials and worker rights groups from three Central Asian "
                 "countries met in Tashkent.", "Solidarity Center"),
        "blocks": "TASHKENT",
    },
    {
        "id": 58344,
        "slug": "kyrgyzstan-partnership-yields-workplace-safety-gains",
        "title": "Kyrgyzstan: Tripartite Partnership Brings Workplace Safety Gains",
        "date": "2023-05-10T14:27:19+00:00",
        "author": "Solidarity Center",
        "categories": ["Safety and Health", "Kyrgyzstan", "Central Asia"],
        "teaser": "Violations found by Kyrgyzstan's Labor Inspectorate rose from 18 to 1,402 in "
                  "2022 as unions, government and employers worked together.",
        "hero": ("kyrgyzstan-labor-inspectorate.jpg",
                 "A seminar for workers and employers on Kyrgyzstan's Labor Inspectorate.",
                 "Solidarity Center"),
        "blocks": [
            ("p", "Last year the Solidarity Center started a program to make Kyrgyzstan's Labor "
                  "Inspectorate better known among workers and employers. Through educational "
                  "seminars and other consultations, it draws attention to the state's duty to "
                  "make workplaces safer and to strengthen inspections."),
            ("p", "The progress is considerable. Comparing 2022 with 2021, the Labor Inspectorate "
                  "reports that:"),
            ("ul", [
                "violations it identified went from 18 to 1,402;",
                "fines imposed on employers grew from $598 to $13,126;",
                "compensation paid for workers killed or injured in workplace accidents rose "
                "from $176,723 to $380,501;",
                "wages recovered by workers who were made ill or injured rose from $4,023 to "
                "$103,039;",
                "employers trained on the country's safety standards went from none to 74.",
            ]),
            ("p", "Every worker has a fundamental right to a safe and healthy workplace. The "
                  "partnership among Kyrgyzstan's unions, government and employers is paying "
                  "off: more violations are caught and addressed, and workers who are hurt or "
                  "fall ill because of their jobs receive compensation and wages."),
            ("p", "Eldiyar Karachalov, chair of the Republican Committee of the Trade Union of "
                  "Construction and Building Materials Workers, called the tripartite platform a "
                  "remarkably effective way of making sure employers and government heard what "
                  "workers had to say."),
            ("p", "For April 28, the World Day for Safety and Health at Work, the Labor "
                  "Inspectorate and the unions ran a high-visibility public campaign on safety at "
                  "work and promoted the inspectorate's new website and its online form for "
                  "reporting violations of worker rights. With Solidarity Center support, unions "
                  "supplied success stories, including videos for state television and social "
                  "media."),
            ("p", "Primary school teacher N.A. Usubalieva said the Labor Inspectorate helped her "
                  "recover the pay she was owed."),
            ("p", "In June 2022 the International Labor Conference, meeting for its 110th "
                  "Session, voted to add a safe and healthy working environment to the "
                  "fundamental principles and rights at work by amending the second paragraph of "
                  "the 1998 ILO Declaration on Fundamental Principles and Rights at Work; it "
                  "also made the resulting amendments to the 2008 ILO Declaration on Social "
                  "Justice for a Fair Globalization and to the 2009 Global Jobs Pact."),
        ],
    },
    {
        "id": 58190,
        "slug": "may-day-2023-workers-around-the-world",
        "title": "May Day 2023: Workers Around the World Honor the Dignity of Work",
        "date": "2023-05-03T12:45:00+00:00",
        "author": "Solidarity Center",
        "categories": ["May Day", "Philippines"],
        "teaser": "From Bangladesh and Kyrgyzstan to Mexico and Sri Lanka, workers marked "
                  "International Workers Day on May 1.",
        "hero": ("may-day-2023.jpg", "May Day 2023 marchers.", "Solidarity Center"),
        "blocks": [
            ("p", "Workers by the hundred thousand, with their families, from Bangladesh and "
                  "Kyrgyzstan to Mexico and Sri Lanka, turned out on May 1, International Workers "
                  "Day, to celebrate the dignity of work and what the union movement has won in "
                  "defense of human rights, secure jobs, fair pay and safe workplaces."),
            ("p", "In the Philippines the day carried extra weight. Workers mourned Alex Dolorosa, "
                  "a BIEN paralegal and officer who organized BPO workers in Bacolod and was "
                  "recently stabbed to death, protested his killing and promised to carry on his "
                  "work."),
            ("link", "See our photo essay on May Day 2023 events held by Solidarity Center allies "
                     "worldwide.", "/may-day-2023-photo-essay/"),
        ],
    },
    {
        "id": 49822,
        "slug": "photo-exhibition-brings-mexicos-labor-reform-into-focus",
        "title": "Photo Exhibition Brings Mexico\u2019s Labor Reform Into Focus",
        "date": "2022-06-09T15:30:12+00:00",
        "author": "Solidarity Center",
        "categories": ["Mexico", "Americas"],
        "teaser": "Reflejos de Lucha, shown at the Museo Memoria y Tolerancia, traces the "
                  "democratization of labor relations in Mexico.",
        "hero": None,
        "blocks": [
            ("p", "Marking its 25th year in Mexico, the Solidarity Center held a forum about "
                  "Mexico's labor reform process and opened a photo exhibition at the Museo Memoria y "
                  "Tolerancia."),
            ("p", "The show, Reflejos de Lucha: Miradas sobre el movimiento laboral en América "
                  "del Norte (in English, roughly: reflections of struggle, views of the North "
                  "American labor movement), follows how labor relations in Mexico have been democratized and "
                  "how the independent labor movement has fought for a fairer, more equitable "
                  "global economy."),
            ("p", "It brings together pictures by photographers Kevin Lara, Arturo Left, Ulises "
                  "Vidal and Noboru Yorugi, with special guest David Bacon, a writer and "
                  "photojournalist who covers labor unions."),
            ("fig", "reflejos-01.jpg", "", "David Bacon"),
            ("fig", "reflejos-02.jpg", "", "Arturo Left"),
            ("fig", "reflejos-03.jpg", "", "Ulises Vidal"),
            ("fig", "reflejos-04.jpg", "", "Kevin Lara"),
            ("fig", "reflejos-05.jpg", "", "Noboru Yorugi"),
            ("fig", "reflejos-06.jpg", "", "David Bacon"),
        ],
    },
    {
        "id": 49760,
        "slug": "solidarity-center-marks-quarter-century-alongside-mexican-workers",
        "title": "Solidarity Center Marks a Quarter Century Alongside Mexican Workers",
        "date": "2022-06-06T13:02:41+00:00",
        "author": "Solidarity Center",
        "categories": ["Mexico", "Americas"],
        "teaser": "A week of events in Mexico City, May 29 to June 1, honored partners in Mexico's "
                  "independent union movement.",
        "hero": ("mexico-25-years.jpg",
                 "Union leaders and allies at the 25th anniversary forum in Mexico City.",
                 "Solidarity Center"),
        "blocks": [
            ("p", "Marking a quarter century of work for Mexican workers' rights, the "
                  "Solidarity Center celebrated how far things have come, and reflected on the historic "
                  "moment that workers and their allies now face there."),
            ("p", "Speaking to the anniversary gathering in Mexico City, Solidarity Center "
                  "Executive Director Shawna Bader-Blau said that the most important and most "
                  "promising independent union organizing anywhere in the world is taking place "
                  "in Mexico today."),
            ("p", "For the anniversary the Solidarity Center put together a week of events to "
                  "honor its partners in Mexico's independent unions, build solidarity across "
                  "borders, look at the challenges ahead and map a way toward a fairer Mexico. "
                  "From May 29 to June 1, union leaders and workers from all over the country met "
                  "academics and activists from both Mexico and the U.S. and government "
                  "representatives of both countries, continuing their joint effort to make the "
                  "new labor laws and trade agreements serve workers first."),
            ("p", "Since the reforms, three years of historic change have produced a new "
                  "generation of labor leaders, proof that Mexican workers can build an "
                  "inclusive and responsive labor movement themselves. The Solidarity Center "
                  "proudly honored what they have achieved."),
            ("p", "Paolo Marinaro, the Mexico country program director, opened an international "
                  "forum on the reforms during the week. He told the audience it was an honor to "
                  "stand with so many organizations that had not existed a year before and are "
                  "now strengthening freedom of association and collective bargaining."),
            ("p", "For a quarter century the Solidarity Center has backed grassroots organizing "
                  "and genuine worker voices, helping to take apart a system that long ignored "
                  "workers and served the rich and powerful. Mexico's labor movement now "
                  "represents the whole range of the country's workers more fully than ever "
                  "before, and the diversity of the new leaders was noticed all week."),
            ("p", "Bader-Blau said the Solidarity Center is proud to stand alongside young workers, "
                  "women-led unions, new and long-standing democratic leaders, groups formed by "
                  "indigenous and migrant workers, and others renewing the Mexican labor "
                  "movement and inspiring workers around the globe."),
            ("p", "Mexico's new, more representative unions have won groundbreaking victories "
                  "that set off a new wave of organizing. With Solidarity Center support, more "
                  "than 20,000 Mexican workers bargained strong contracts with record raises and "
                  "workplace protections in the past year alone, among them 3M workers "
                  "in San Luis Potosí and St. Gobain workers in Cuautla, Morelos. These gains reach a "
                  "workforce that employers, government and corrupt unions kept down for a long "
                  "time by working together."),
            ("p", "Even so, the reforms have not yet delivered everything they promised. The "
                  "Solidarity Center therefore starts its 26th year in Mexico determined to help "
                  "workers build the power needed for a more prosperous country and a fairer "
                  "economy."),
        ],
    },
    {
        "id": 47311,
        "slug": "nigerias-unions-join-west-africa-health-care-campaign",
        "title": "Nigeria\u2019s Unions Join West Africa Push: Health Care Is a Human Right",
        "date": "2022-04-12T10:18:27+00:00",
        "author": "Solidarity Center",
        "categories": ["Health Care", "Nigeria", "Africa"],
        "teaser": "OTUWA's Nigerian working group says governments must raise health workers' pay "
                  "and meet the Abuja Declaration's 15 percent health budget target.",
        "hero": ("otuwa-abuja-press.jpg",
                 "Union leaders brief journalists in Abuja on the health care campaign.",
                 "Solidarity Center"),
        "blocks": [
            ("p", "In Nigeria, the national working group of a campaign run by OTUWA, the "
                  "Organization of Trade Unions of West Africa, is taking part in a regional push for "
                  "governments to spend more on the health of their people. OTUWA brings together "
                  "the union national centers of the 15 West African countries in ECOWAS (the "
                  "Economic Community of West African States)."),
            ("p", "At a press event in Abuja last month, Dr. Ayegba Ojonugwa, who coordinates the "
                  "Nigeria working group, warned that governments have to raise health workers' "
                  "pay and improve their conditions, safety included, if they want to stop health "
                  "workers leaving the struggling sector."),
            ("p", "Ojonugwa repeated that health care is a human right. He noted that West "
                  "African governments are not meeting the 2001 Abuja Declaration, a landmark "
                  "pledge by African heads of state to give health at least 15 percent of annual "
                  "budgets. No country in the region reaches that share, and Nigeria's "
                  "health indicators are among the worst in Africa, partly because medical "
                  "professionals are so scarce."),
            ("p", "OTUWA's \u201cHealth Care Is a Human Right\u201d campaign in Nigeria was "
                  "launched in Abuja in March 2021. Its backers are two labor federations, the NLC "
                  "(Nigeria Labor Congress) and the TUC (Trade Union Congress of Nigeria), "
                  "together with NANNM (National Association of Nigeria Nurses and Midwives), "
                  "MHWUN (Medical and Health Workers Union of Nigeria) and FIDA (International "
                  "Federation of Women Lawyers)."),
            ("p", "Across the region, OTUWA affiliates and many of their health sector unions "
                  "support the campaign. A 2020 survey of 700 health workers in Ghana, Nigeria, "
                  "Togo, Senegal, Sierra Leone and Gambia shows where the sector falls short and "
                  "sets out recommendations for protecting health workers' rights and giving "
                  "everyone effective, accessible care."),
        ],
    },
]

TASHKENT_BLOCKS = [
    ("p", "Government ministries and agencies, NGOs and civil society groups and international "
          "organizations from Kazakhstan, Kyrgyzstan and Uzbekistan gathered in Tashkent last "
          "week for a landmark meeting, the first step toward a joint regional action plan "
          "against forced labor and for worker rights. Around the world an estimated 28 million "
          "people were held in forced labor in 2021."),
    ("p", "The conference, held on May 22, looked at how labor inspectorates can protect "
          "workers and fight forced labor in the region. The Solidarity Center supported it, and "
          "it was organized together with \u201cPartnership in Action,\u201d an international "
          "network of more than 30 Central Asian NGOs; \u201cInsan-Leylek,\u201d the partner "
          "organization of Kyrgyzstan's Migrant Workers Union; and Uzbekistan's Istiqbolli "
          "Avlod."),
    ("p", "Gulnara Derbisheva, who heads \u201cInsan-Leylek,\u201d said labor inspectorates in "
          "the region urgently need to work together because migration routes keep shifting."),
    ("p", "Stressing joint action, the hosts gave labor inspectorate officials from the three "
          "countries room to compare their national experience. Government representatives "
          "from each country restated that inspectorates would cooperate with each other and "
          "with worker rights defenders to fight exploitation and promote safer, dignified work "
          "for everyone."),
    ("p", "The agenda covered international standards for inspection work, forced labor in "
          "Central Asia and why inspections matter given the region's particular problems. "
          "Participants pointed to a serious shortage of inspectors. According to Solidarity "
          "Center research, 250 inspectors in Kazakhstan are responsible for 280,000 legal "
          "entities with 6.5 million employees; in Kyrgyzstan 30 inspectors cover thousands of "
          "enterprises; and in Uzbekistan 315 inspectors cover 578,000 registered entities. They "
          "also discussed legal limits on what inspectors can do. ILO standards call for "
          "inspections without advance warning, yet all three countries require prior consent "
          "and notice and leave small businesses outside inspection mandates. Kyrgyzstan and "
          "Uzbekistan are considering legal changes to close those gaps."),
    ("p", "Rudy Porter, the Solidarity Center's regional program director for Europe and Central "
          "Asia, said the conference results could transform labor protection and bring safer, "
          "fairer working conditions to everyone in the region."),
    ("p", "ILO figures put the worldwide toll of work-related accidents and diseases at some 2.3 "
          "million deaths a year, with 340 million occupational accidents and 160 million people "
          "made ill by their work. In the member states of the Commonwealth of Independent "
          "States (Russia, Belarus, Moldova, Armenia, Azerbaijan, Georgia, "
          "Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and Turkmenistan), the ILO records about 11,000 fatal "
          "occupational accidents a year, while warning that accidents and occupational diseases "
          "in the region go badly underreported."),
]

# ... and the same story again under a second URL (seed 001 carries it a second time): the
# site republished it a few days later with its own post id, so the feed has two guids.
DUPLICATE = {
    "id": 58422,
    "slug": "tashkent-convening-central-asia-forced-labor-labor-inspectors-2",
    "title": "Tashkent Convening Puts Labor Inspectors at Center of Central Asia\u2019s Fight "
             "Against Forced Labor",
    "date": "2023-05-30T09:12:08+00:00",
    "author": "Solidarity Center",
    "categories": ["Europe and Central Asia", "Labor Inspection"],
    "teaser": "Officials and rights groups from Kazakhstan, Kyrgyzstan and Uzbekistan met in "
              "Tashkent on May 22 to start a joint action plan against forced labor.",
    "hero": ("tashkent-convening-2023.jpg",
             "Labor inspectorate officials and worker rights groups from three Central Asian "
             "countries met in Tashkent.", "Solidarity Center"),
    "blocks": TASHKENT_BLOCKS,
    "duplicate_of": "tashkent-convening-central-asia-forced-labor-labor-inspectors",
}

for _p in POSTS:
    if _p["blocks"] == "TASHKENT":
        _p["blocks"] = TASHKENT_BLOCKS

POSTS.insert(4, DUPLICATE)  # newest first: 2023-05-30 comes before 2023-05-26

MUST_CONTAIN = {
    "ned-support-helps-workers-use-democratic-freedoms-to-win-fair-pay-and-safer-jobs":
        ["7.2 million PHP", "9,000 nurses across the country"],
    "ilab-funding-cut-what-workers-stand-to-lose":
        ["$78.3 million", "general secretary of SINTTIA"],
    "world-cotton-day-building-rights-for-uzbekistans-cotton-workers":
        ["more than 10,000 leaflets", "10 mediators"],
    "uzbekistan-cotton-agreement-aims-to-prevent-forced-labor":
        ["two-year memorandum of cooperation", "Uzbek Cotton Pledge"],
    "tashkent-convening-central-asia-forced-labor-labor-inspectors":
        ["315 inspectors cover 578,000 registered entities", "held on May 22"],
    "tashkent-convening-central-asia-forced-labor-labor-inspectors-2":
        ["315 inspectors cover 578,000 registered entities", "held on May 22"],
    "kyrgyzstan-partnership-yields-workplace-safety-gains":
        ["went from 18 to 1,402", "from $598 to $13,126"],
    "may-day-2023-workers-around-the-world":
        ["International Workers Day", "Alex Dolorosa"],
    "photo-exhibition-brings-mexicos-labor-reform-into-focus":
        ["Museo Memoria y Tolerancia", "Reflejos de Lucha"],
    "solidarity-center-marks-quarter-century-alongside-mexican-workers":
        ["From May 29 to June 1", "more than 20,000 Mexican workers"],
    "nigerias-unions-join-west-africa-health-care-campaign":
        ["2001 Abuja Declaration", "survey of 700 health workers"],
}
