"""Peru III and IV. Peru III is a card of the 2018 LAC brochure, whose layout separated its
Objective and Result from the card: they are the two orphan paragraphs after Mexico II's result
("provincial desks…", "inter-sectoral guidelines…"). Data shape: see
`mieux.portfolio.demo.loader`.
"""

from typing import Any

PERU_III: dict[str, Any] = {
    "slug": "peru-iii",
    "name": "Peru III",
    "title": "Fighting migrant smuggling",
    "region": "LAC",
    "countries": ["PE"],
    "partners": ["pe-interior"],
    "pillar": "IMT",
    "themes": ["IMT-SOM", "IMT-THB", "HO-CAP"],
    "gcm": [9, 10],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2017", "2020"),
    "experts_involved": "",
    "context": "Certain provinces of Peru are major transit routes for the smuggling of migrants "
    "in LAC, but so far authorities have focused mainly on investigation and prosecution of THB.",
    "objective": "To strengthen the knowledge of staff working at the provincial desks of the "
    "Permanent Multilateral Commission against THB and Migrant Smuggling by delivering specific "
    "training and also developing guidelines",
    "result": "Development of inter-sectoral guidelines on fighting migrant smuggling, and a "
    "training curriculum on THB for government officials",
    "translations": {
        "es": {
            "title": "Lucha contra el tráfico ilícito de migrantes",
            "context": "Algunas provincias del Perú son importantes rutas de tránsito del tráfico "
            "ilícito de migrantes en América Latina y el Caribe, pero hasta ahora las "
            "autoridades se han centrado principalmente en la investigación y el enjuiciamiento "
            "de la trata de personas.",
            "objective": "Fortalecer los conocimientos del personal de las mesas provinciales de "
            "la Comisión Multisectorial Permanente contra la Trata de Personas y el Tráfico "
            "Ilícito de Migrantes mediante capacitaciones específicas y la elaboración de "
            "lineamientos",
            "result": "Elaboración de lineamientos intersectoriales para combatir el tráfico "
            "ilícito de migrantes y de un programa de capacitación sobre trata de personas "
            "dirigido a servidores públicos",
        }
    },
    "source_url": "https://www.mieux-initiative.eu/en/resources/17-case-studies/48-peru",
    "source_note": "Context, objective and result: the 2018 LAC brochure's card 'Peru III "
    "(2017 - ongoing)'; its objective and result are the two orphan paragraphs printed after "
    "Mexico II's result. Start: the brochure (2017, year only). End: 2020, from the project's "
    "reference notes (docs/reference/lac.md, which lists 2016-2020, 2016 being the request); "
    "no action page was stored, so the source address is MIEUX's Peru case study. Partner: "
    "Ministry of the Interior (reference notes).",
    "activity_note": "No activity list was stored for this action: titles follow the brochure's "
    "objective and result; dates, places and participant counts are illustrative.",
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Identification mission with the Ministry of the Interior and the provincial "
            "desks of the Permanent Multisectoral Commission",
            "start": "2017-03-20",
            "end": "2017-03-24",
            "city": "Lima",
            "country": "PE",
        },
        {
            "type": "training",
            "title": "Training on detecting and investigating migrant smuggling for provincial "
            "desk staff",
            "start": "2017-07-17",
            "end": "2017-07-20",
            "city": "Tacna",
            "country": "PE",
            "participants": (42, 17, 25),
        },
        {
            "type": "workshop",
            "title": "Inter-sectoral workshop on the guidelines against migrant smuggling",
            "start": "2017-10-23",
            "end": "2017-10-26",
            "city": "Tumbes",
            "country": "PE",
            "participants": (38, 18, 20),
        },
        {
            "type": "workshop",
            "title": "Exchange on migrant smuggling with Brazil, Chile and Ecuador",
            "start": "2018-05-14",
            "end": "2018-05-16",
            "city": "Lima",
            "country": "PE",
            "participants": (35, 15, 20),
        },
        {
            "type": "drafting_support",
            "title": "Drafting of the inter-sectoral guidelines on fighting migrant smuggling",
            "start": "2018-09-03",
            "end": "2018-10-26",
            "is_virtual": True,
        },
        {
            "type": "training",
            "title": "Pilot training on the THB training curriculum for government officials",
            "start": "2019-04-08",
            "end": "2019-04-11",
            "city": "Puno",
            "country": "PE",
            "participants": (40, 22, 18),
        },
        {
            "type": "seminar",
            "title": "Presentation of the inter-sectoral guidelines and the THB training "
            "curriculum",
            "start": "2019-11-19",
            "city": "Lima",
            "country": "PE",
            "participants": (75, 41, 34),
        },
    ],
    "outputs": [
        {
            "type": "guidelines",
            "title": "Inter-sectoral guidelines on fighting migrant smuggling",
            "status": "delivered",
            "delivered_on": "2019-11-19",
            "note": "The brochure's result; delivery date illustrative.",
        },
        {
            "type": "training_curriculum",
            "title": "Training curriculum on trafficking in human beings for government officials",
            "status": "delivered",
            "delivered_on": "2019-11-19",
            "note": "The brochure's result; delivery date illustrative.",
        },
    ],
}

PERU_IV: dict[str, Any] = {
    "slug": "peru-iv",
    "name": "Peru IV",
    "title": "Asylum services for Venezuelans in need of international protection",
    "region": "LAC",
    "countries": ["PE"],
    "partners": ["pe-foreign"],
    "pillar": "IP",
    "themes": ["IP-ASY", "HO-CAP"],
    "gcm": [12, 23],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2018-05", "2020-04"),
    "experts_involved": "Austria, the Netherlands, Spain, Sweden",
    "context": "Because of the socio-political and economic situation in Venezuela, more than "
    "800 000 Venezuelan citizens have migrated to Peru and the country has become one of the "
    "main host countries for Venezuelans in need of international protection. The Special "
    "Commission for Refugees (CERP), chaired by the Director of Human Rights and Social Affairs "
    "of the Ministry of Foreign Affairs, has had to face a massive increase in asylum requests "
    "from Venezuelan citizens.",
    "objective": "In this context, MIEUX collaborated with the Ministry of Foreign Affairs after "
    "receiving a request to enhance the capacity and quality of the Peruvian asylum services.",
    "result": "With the support of experts from different EU Member States institutions, "
    "training was provided to eligibility officers and other stakeholders on inclusion, "
    "interview techniques, evidence assessment and Country of Origin Information (COI). "
    "Additionally, through a study visit to Spain and the Netherlands, Peruvian government "
    "officials were able to exchange on good practices of asylum procedures in the EU, "
    "especially at EU MS airports.",
    "source_url": "https://www.mieux-initiative.eu/en/actions/165-peru-iv",
    "source_note": "Texts, pillar, period and experts: action page 165 (no specific area "
    "stated; IP-ASY from the pillar).",
    "activity_note": "Activity named after action page 165; its dates, place and participant "
    "counts are illustrative.",
    "activities": [
        {
            "type": "training",
            "title": "Training for eligibility officers on inclusion and interview techniques",
            "start": "2018-08-13",
            "end": "2018-08-17",
            "city": "Lima",
            "country": "PE",
            "participants": (32, 20, 12),
        },
        {
            "type": "training",
            "title": "Training on evidence assessment and Country of Origin Information",
            "start": "2019-03-18",
            "end": "2019-03-22",
            "city": "Lima",
            "country": "PE",
            "participants": (30, 19, 11),
        },
        {
            "type": "study_visit",
            "title": "Study visit to Spain and the Netherlands on asylum procedures at airports",
            "start": "2019-09-23",
            "end": "2019-09-27",
            "city": "Madrid",
            "country": "ES",
            "participants": (6, 4, 2),
        },
    ],
}

ACTIONS: list[dict[str, Any]] = [PERU_III, PERU_IV]
