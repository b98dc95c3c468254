# ruff: noqa: RUF001, RUF002 - texts are quoted verbatim from the sources, typography included
"""Mexico I–IV. Mexico I and II are cards of the 2018 LAC brochure (its "Mexico" is the site's
"Mexico I"); their context, objective and result are the brochure's words. Mexico III and IV
carry the paragraphs of their action pages. Data shape: see `mieux.portfolio.demo.loader`.
"""

from typing import Any

ILLUSTRATIVE = (
    "Activity named after the action page; its dates, place and participant counts are "
    "illustrative."
)

MEXICO_I: dict[str, Any] = {
    "slug": "mexico-i",
    "name": "Mexico I",
    "title": "Unaccompanied minors",
    "region": "LAC",
    "countries": ["MX"],
    "partners": ["mx-inm"],
    "pillar": "HO",
    "themes": ["HO-CHI", "HO-CAP"],
    "gcm": [7, 12],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2015-04", "2020-04"),
    "experts_involved": "Austria, Belgium, Hungary, the Netherlands, and Sweden",
    "context": "A growing number of unaccompanied minors is entering Mexico to flee insecurity and "
    "poverty in the Northern Triangle.",
    "objective": "Strengthen the capacities of Mexican migration authorities in the "
    "identification, monitoring and adequate protection of unaccompanied migrant minors.",
    "result": "Handbook on European Union (EU) practices on protection and assistance of "
    "unaccompanied minors",
    "translations": {
        "es": {
            "title": "Menores no acompañados",
            "context": "Un número creciente de menores no acompañados ingresa a México huyendo "
            "de la inseguridad y la pobreza en el Triángulo Norte.",
            "objective": "Fortalecer las capacidades de las autoridades migratorias mexicanas en "
            "la identificación, el seguimiento y la protección adecuada de los menores "
            "migrantes no acompañados.",
            "result": "Manual sobre las prácticas de la Unión Europea (UE) en materia de "
            "protección y asistencia a menores no acompañados",
        }
    },
    "source_url": "https://www.mieux-initiative.eu/en/actions/119-mexico-i-unaccompanied-minors",
    "source_note": "Context, objective and result: the 2018 LAC brochure's card 'Mexico "
    "(2015-ongoing)', which is the site's Mexico I. Period, status, specific areas and experts: "
    "action page 119 (April 2015 - April 2020, completed).",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Identification mission with the National Institute of Migration",
            "start": "2015-06-22",
            "end": "2015-06-26",
            "city": "Mexico City",
            "country": "MX",
        },
        {
            "type": "seminar",
            "title": "First high-level national dialogue on the protection of children in "
            "migration",
            "start": "2016-02-17",
            "end": "2016-02-18",
            "city": "Mexico City",
            "country": "MX",
            "participants": (45, 26, 19),
            "note": "The page names two high-level national dialogues; dates, place and "
            "participant counts are illustrative.",
        },
        {
            "type": "training",
            "title": "Training on identifying and interviewing unaccompanied migrant children",
            "start": "2016-06-06",
            "end": "2016-06-10",
            "city": "Tapachula",
            "country": "MX",
            "participants": (38, 21, 17),
        },
        {
            "type": "workshop",
            "title": "Capacity-building workshop with the National Commission for Refugee "
            "Assistance and the National System for Integral Family Development",
            "start": "2016-10-17",
            "end": "2016-10-21",
            "city": "Mexico City",
            "country": "MX",
            "participants": (35, 22, 13),
        },
        {
            "type": "workshop",
            "title": "Regional workshop with the Northern Triangle of Central America and the "
            "United States on children in migration",
            "start": "2017-05-09",
            "end": "2017-05-11",
            "city": "Mexico City",
            "country": "MX",
            "participants": (52, 29, 23),
        },
        {
            "type": "drafting_support",
            "title": "Drafting support for the handbook on good practices",
            "start": "2017-09-04",
            "end": "2017-09-08",
            "city": "Mexico City",
            "country": "MX",
            "participants": (12, 8, 4),
        },
        {
            "type": "seminar",
            "title": "Second high-level national dialogue and presentation of the handbook",
            "start": "2018-04-17",
            "end": "2018-04-18",
            "city": "Mexico City",
            "country": "MX",
            "participants": (60, 34, 26),
        },
        {
            "type": "expert_mission",
            "title": "Expert mission on the online course for child protection officers",
            "start": "2019-03-11",
            "end": "2019-03-13",
            "city": "Mexico City",
            "country": "MX",
            "participants": (20, 13, 7),
        },
    ],
    "outputs": [
        {
            "type": "handbook",
            "title": "Handbook on European Union (EU) practices on protection and assistance of "
            "unaccompanied minors",
            "status": "delivered",
            "delivered_on": "2018-04-17",
            "note": "Named in the brochure's result; the page says the INM built an online course "
            "for its child protection officers on it, launched in 2019. Delivery date "
            "illustrative.",
        },
    ],
}

MEXICO_II: dict[str, Any] = {
    "slug": "mexico-ii",
    "name": "Mexico II",
    "title": "Seminars on International Protection and Integration",
    "region": "LAC",
    "countries": ["MX"],
    "partners": ["mx-inm", "mx-upm"],
    "pillar": "IP",
    "themes": ["IP-ASY", "LM-INT", "HO-CAP"],
    "gcm": [7, 12, 16],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2017-01", "2018-12"),
    "experts_involved": "Austria, Belgium, Belarus, Netherlands, Sweden, Germany, Malta, Spain, "
    "Ireland",
    "context": "Mexico has become the transit and destination country for migrants and refugees "
    "from the Northern Triangle.",
    "objective": "Strengthen capacities of Mexican authorities in identification and protection "
    "of refugees and the integration of immigrants",
    "result": "Provide training for 755 government officials with mandates in the area of "
    "integration, the Mexican Commission for Refugee Assistance, and non-governmental and "
    "international organisation staff",
    "translations": {
        "es": {
            "title": "Seminarios sobre protección internacional e integración",
            "context": "México se ha convertido en país de tránsito y de destino para personas "
            "migrantes y refugiadas procedentes del Triángulo Norte.",
            "objective": "Fortalecer las capacidades de las autoridades mexicanas en la "
            "identificación y protección de personas refugiadas y en la integración de "
            "personas inmigrantes",
            "result": "Capacitación de 755 servidores públicos con competencias en materia de "
            "integración, de la Comisión Mexicana de Ayuda a Refugiados y de personal de "
            "organizaciones no gubernamentales e internacionales",
        }
    },
    "source_url": "https://www.mieux-initiative.eu/en/actions/"
    "173-mexico-international-protection-and-asylum-policy-integration-issues",
    "source_note": "Context, objective and result: the 2018 LAC brochure's card 'Mexico II "
    "(2016-ongoing)'. Period: action page 173 (Time Frame January 2017 - December 2018, the "
    "version listing 8 activities and 755 participants; another version says June 2018). "
    "The brochure's 2016 is taken as the year of the request: the page and ICMPD's news date "
    "the first activity to February 2017, so the action starts in January 2017. Partners and "
    "experts: action page 173.",
    "activity_note": "Activity title from action page 173; dates and participant counts are "
    "illustrative (the counts add up to the 755 participants the page reports).",
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Identification mission and knowledge exchange session on the EU common "
            "asylum system (with a specific focus on unaccompanied minors) and framework for "
            "the integration of third-country nationals",
            "start": "2017-02-20",
            "end": "2017-02-24",
            "city": "Mexico City",
            "country": "MX",
            "participants": (40, 22, 18),
        },
        {
            "type": "seminar",
            "title": "Seminar on International Protection and the role of first-contact "
            "officials in access to the asylum procedure",
            "start": "2017-05-15",
            "end": "2017-05-17",
            "city": "Tapachula",
            "country": "MX",
            "participants": (180, 97, 83),
            "note": "Title and place (Tapachula, at the border with Guatemala) from action page "
            "173; dates and participant counts are illustrative.",
        },
        {
            "type": "workshop",
            "title": "Workshop on interviewing children and vulnerable persons applying for asylum",
            "start": "2017-07-10",
            "end": "2017-07-12",
            "city": "Mexico City",
            "country": "MX",
            "participants": (95, 58, 37),
        },
        {
            "type": "workshop",
            "title": "Workshop on evidence assessment for asylum applications",
            "start": "2017-09-25",
            "end": "2017-09-27",
            "city": "Mexico City",
            "country": "MX",
            "participants": (90, 51, 39),
        },
        {
            "type": "workshop",
            "title": "Workshop on exclusion from international protection",
            "start": "2017-11-13",
            "end": "2017-11-15",
            "city": "Mexico City",
            "country": "MX",
            "participants": (85, 46, 39),
        },
        {
            "type": "seminar",
            "title": "Seminars on the labour market (re-)integration of migrants and migration "
            "and health",
            "start": "2018-02-19",
            "end": "2018-02-23",
            "city": "Mexico City",
            "country": "MX",
            "participants": (130, 74, 56),
        },
        {
            "type": "seminar",
            "title": "Seminars on (re-)integration of migrant children into the education "
            "system and family reunification",
            "start": "2018-04-23",
            "end": "2018-04-27",
            "city": "Mexico City",
            "country": "MX",
            "participants": (120, 71, 49),
        },
        {
            "type": "study_visit",
            "title": "Study visit to Spain and Austria for selected actors within main "
            "institutions dealing with refugees and integration of immigrants",
            "start": "2018-06-11",
            "end": "2018-06-15",
            "city": "Madrid",
            "country": "ES",
            "participants": (15, 8, 7),
        },
    ],
    "indicators": [
        {
            "kind": "officials_trained",
            "name": "Government officials and partner staff trained in integration and "
            "international protection",
            "unit": "officials",
            "baseline": 0,
            "note": "The brochure's result ('training for 755 government officials') and action "
            "page 173 ('755 participants').",
            "measurements": [("2018-12-31", 755, "Reported at the close of the action.")],
        },
    ],
}

MEXICO_III: dict[str, Any] = {
    "slug": "mexico-iii",
    "name": "Mexico III",
    "title": "Protocol on protection and assistance to migrants in crisis situations",
    "region": "LAC",
    "countries": ["MX"],
    "partners": ["mx-inm"],
    "pillar": "HO",
    "themes": ["IP-ASY"],
    "gcm": [7, 12],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2019-03", "2020-04"),
    "experts_involved": "Spain",
    "context": "Mexico has a longstanding migratory tradition for emigration, immigration and "
    "transit migration. The country’s economic stability has attracted an increasing number of "
    "international migrants.",
    "objective": "The National Institute for Migration (INM) requested support from MIEUX to "
    "support the Mexican authorities in the development of a Protocol on protection and "
    "assistance to migrants in crisis situations, developed in line with national, regional, "
    "international and human rights standards.",
    "result": "In addition to the Protocol mentioned above, this Action also enabled the space "
    "for sharing EU good practices and the enhancement of capacities and internal skills of "
    "representatives of Mexican authorities on the delivery of migration management and "
    "migrant assistance.",
    "source_url": "https://www.mieux-initiative.eu/en/actions/171-mexico-iii",
    "source_note": "Texts, period, specific area and experts: action page 171.",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Identification mission on assistance to migrants in crisis situations",
            "start": "2019-05-20",
            "end": "2019-05-24",
            "city": "Mexico City",
            "country": "MX",
        },
        {
            "type": "workshop",
            "title": "Workshop on EU practices in assisting migrants in crisis situations",
            "start": "2019-09-23",
            "end": "2019-09-25",
            "city": "Mexico City",
            "country": "MX",
            "participants": (42, 23, 19),
        },
        {
            "type": "drafting_support",
            "title": "Drafting sessions on the Protocol of Attention to Migrants in Large Flows",
            "start": "2020-02-10",
            "end": "2020-02-14",
            "city": "Mexico City",
            "country": "MX",
            "participants": (18, 10, 8),
        },
    ],
    "outputs": [
        {
            "type": "protocol",
            "title": "Protocol of Attention to Migrants in Large Flows in Mexico",
            "status": "adopted",
            "delivered_on": "2020-04-15",
            "adopted_on": "2021-03-24",
            "adopted_by": "mx-inm",
            "note": "Action page 174 says Mexico III resulted in the Protocol and Mexico IV "
            "launched it; delivery and adoption (launch) dates are illustrative.",
        },
    ],
}

MEXICO_IV: dict[str, Any] = {
    "slug": "mexico-iv",
    "name": "Mexico IV",
    "title": "Launch and training modules of the Protocol of Attention to Migrants in Large Flows",
    "region": "LAC",
    "countries": ["MX"],
    "partners": ["mx-inm"],
    "pillar": "IP",
    "themes": ["HO-HEA"],
    "gcm": [7, 15],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2020-10", "2022-11"),
    "experts_involved": "Spain (Public administration and private sector)",
    "context": "From a historical country of emigration, exporting workers to the USA for more "
    "than a century, Mexico has increasingly emerged as a transit State for migrants seeking to "
    "enter the USA. In recent years, Mexico has faced changes in human mobility, going from "
    "individual and small migrant groups to large caravans. Another characteristic of these "
    "recent trends is the increase in the number of people in vulnerable conditions, such as "
    "unaccompanied migrant children and adolescents.",
    "objective": "This new reality prompted the National Institute for Migration (INM) to request "
    "MIEUX for support in creating a Protocol to improve the processes of preparation, "
    "reception, identification and referral of migrants, through a comprehensive government "
    "response that complements and provides comprehensive attention to the mandate and tasks "
    "during these situations.",
    "result": "Mexico IV was the continuation of previous Action (Mexico III) that resulted in the "
    "creation of the “Protocol of Attention to Migrants in Large Flows in Mexico” and was "
    "interrupted by the COVID-19 pandemic. Mexico IV focused on the implementation of the "
    "remaining activities (launch of the Protocol and training development) as well as on the "
    "sustainability of the Protocol by creating training modules.",
    "source_url": "https://www.mieux-initiative.eu/en/actions/174-mexico-iv",
    "source_note": "Texts, pillar, period, specific area and experts: action page 174.",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "online_session",
            "title": "Launch of the Protocol of Attention to Migrants in Large Flows in Mexico",
            "start": "2021-03-24",
            "is_virtual": True,
            "participants": (110, 61, 49),
        },
        {
            "type": "workshop",
            "title": "Workshop on designing training modules on the Protocol",
            "start": "2021-10-18",
            "end": "2021-10-20",
            "city": "Mexico City",
            "country": "MX",
            "participants": (24, 14, 10),
        },
        {
            "type": "training",
            "title": "Pilot training on the Protocol's training modules",
            "start": "2022-06-06",
            "end": "2022-06-09",
            "city": "Mexico City",
            "country": "MX",
            "participants": (36, 20, 16),
        },
    ],
    "outputs": [
        {
            "type": "training_curriculum",
            "title": "Training modules on the Protocol of Attention to Migrants in Large Flows",
            "status": "delivered",
            "delivered_on": "2022-11-15",
            "note": "Named on action page 174; delivery date illustrative.",
        },
    ],
}

ACTIONS: list[dict[str, Any]] = [MEXICO_I, MEXICO_II, MEXICO_III, MEXICO_IV]
