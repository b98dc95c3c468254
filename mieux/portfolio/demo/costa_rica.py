# ruff: noqa: RUF001 - texts are quoted verbatim from the sources, typography included
"""Costa Rica I, II, IV and V. The brochure's single card "Costa Rica I (2011-2013) and II
(2017)" names two actions: both carry its context, objective and result. Data shape: see
`mieux.portfolio.demo.loader`.
"""

from typing import Any

CARD_CONTEXT = "Integration has become a key objective for the Costa Rican Government"
CARD_OBJECTIVE = (
    "Support policy development in the area of integration and strengthen capacities to fight "
    "against smuggling of migrants"
)
CARD_RESULT = (
    "First and Second National Integration Plans of Costa Rica (2013-2017 and 2018-2022 "
    "respectively)."
)
CARD_TRANSLATION = {
    "context": "La integración se ha convertido en un objetivo clave para el Gobierno de "
    "Costa Rica",
    "objective": "Apoyar el desarrollo de políticas en materia de integración y fortalecer las "
    "capacidades para combatir el tráfico ilícito de migrantes",
    "result": "Primer y Segundo Plan Nacional de Integración de Costa Rica (2013-2017 y "
    "2018-2022, respectivamente).",
}
CARD_NOTE = (
    "Context, objective and result: the 2018 LAC brochure's card 'Costa Rica I (2011-2013) and "
    "II (2017)', shared by both actions."
)
ILLUSTRATIVE = (
    "Activity named after the action page; its dates, place and participant counts are "
    "illustrative."
)

COSTA_RICA_I: dict[str, Any] = {
    "slug": "costa-rica-i",
    "name": "Costa Rica I",
    "title": "First National Integration Plan 2013-2017",
    "region": "LAC",
    "countries": ["CR"],
    "partners": ["cr-dgme"],
    "pillar": "LM",
    "themes": ["LM-INT", "IMT-SOM", "HO-POL"],
    "gcm": [9, 16],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2011", "2013"),
    "experts_involved": "",
    "context": CARD_CONTEXT,
    "objective": CARD_OBJECTIVE,
    "result": CARD_RESULT,
    "translations": {"es": {"title": "Primer Plan Nacional de Integración 2013-2017"}},
    "source_note": CARD_NOTE + " Period: the brochure (2011-2013, years only). No action page "
    "was stored; action page 135 says the first NIP (2013-2017) was developed with MIEUX.",
    "activity_note": "No activity list was stored for this action: titles, dates, places and "
    "participant counts are illustrative.",
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Assessment mission on integration policy with the DGME",
            "start": "2011-09-12",
            "end": "2011-09-16",
            "city": "San José",
            "country": "CR",
        },
        {
            "type": "workshop",
            "title": "Workshop on EU integration policies and the structure of a national "
            "integration plan",
            "start": "2012-03-19",
            "end": "2012-03-21",
            "city": "San José",
            "country": "CR",
            "participants": (30, 18, 12),
        },
        {
            "type": "training",
            "title": "Training on investigating the smuggling of migrants",
            "start": "2012-08-27",
            "end": "2012-08-31",
            "city": "San José",
            "country": "CR",
            "participants": (28, 11, 17),
        },
        {
            "type": "seminar",
            "title": "Presentation of the First National Integration Plan (2013-2017)",
            "start": "2013-06-18",
            "city": "San José",
            "country": "CR",
            "participants": (80, 46, 34),
        },
    ],
    "outputs": [
        {
            "type": "national_plan",
            "title": "First National Integration Plan of Costa Rica (2013-2017)",
            "status": "adopted",
            "delivered_on": "2013-06-18",
            "adopted_on": "2013-06-18",
            "adopted_by": "cr-dgme",
            "note": "The brochure's result; adopted in 2013 per action page 135 (exact dates "
            "illustrative).",
        },
    ],
}

COSTA_RICA_I["translations"]["es"].update(CARD_TRANSLATION)

COSTA_RICA_II: dict[str, Any] = {
    "slug": "costa-rica-ii",
    "name": "Costa Rica II",
    "title": "National Integration Plan 2018-2022",
    "region": "LAC",
    "countries": ["CR"],
    "partners": ["cr-dgme"],
    "pillar": "LM",
    "themes": ["LM-INT"],
    "gcm": [16, 17],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2017-01", "2017-12"),
    "experts_involved": "Spain, Costa Rica",
    "context": CARD_CONTEXT,
    "objective": CARD_OBJECTIVE,
    "result": CARD_RESULT,
    "translations": {"es": {"title": "Plan Nacional de Integración 2018-2022", **CARD_TRANSLATION}},
    "source_url": "https://www.mieux-initiative.eu/en/actions/172-costa-rica-ii-integration-issues",
    "source_note": CARD_NOTE + " Period and activities: action page 172 (Time Frame January - "
    "December 2017, as the brochure's '2017'). Action page 135 gives May 2016 - December 2017, "
    "counting from the DGME's request in 2016. Specific area and experts: action page 135.",
    "activity_note": "Activity title from action page 172; its dates, place and participant "
    "counts are illustrative.",
    "activities": [
        {
            "type": "expert_mission",
            "title": "Bilateral meetings, knowledge exchange session on the EU framework on "
            "integration and coordination session on developing the NIP",
            "start": "2017-02-13",
            "end": "2017-02-17",
            "city": "San José",
            "country": "CR",
            "participants": (34, 21, 13),
        },
        {
            "type": "workshop",
            "title": "Coordination meeting, workshop on the link between the National Migration "
            "Policy and the NIP and workshops on xenophobia, racism and vulnerable migrants",
            "start": "2017-04-03",
            "end": "2017-04-07",
            "city": "San José",
            "country": "CR",
            "participants": (46, 29, 17),
        },
        {
            "type": "workshop",
            "title": "Coordination meeting and workshops on the draft report on migration in "
            "Costa Rica, on labour market integration and on migration and health",
            "start": "2017-05-22",
            "end": "2017-05-26",
            "city": "San José",
            "country": "CR",
            "participants": (52, 33, 19),
        },
        {
            "type": "study_visit",
            "title": "Study visit to Spain (Madrid and Barcelona)",
            "start": "2017-07-10",
            "end": "2017-07-14",
            "city": "Madrid",
            "country": "ES",
            "participants": (6, 4, 2),
            "note": "Title and places from action page 172; dates and participant counts are "
            "illustrative.",
        },
        {
            "type": "workshop",
            "title": "Coordination meeting and workshops on integration and education and on "
            "monitoring and evaluation indicators",
            "start": "2017-09-04",
            "end": "2017-09-08",
            "city": "San José",
            "country": "CR",
            "participants": (40, 26, 14),
        },
        {
            "type": "drafting_support",
            "title": "Remote support for the drafting of the National Integration Plan (2018-2022)",
            "start": "2017-10-02",
            "end": "2017-11-17",
            "is_virtual": True,
        },
        {
            "type": "seminar",
            "title": "Presentation of the Second National Integration Plan (2018-2022)",
            "start": "2017-12-12",
            "city": "San José",
            "country": "CR",
            "participants": (95, 57, 38),
        },
    ],
    "outputs": [
        {
            "type": "study",
            "title": "Report on the Migratory Context of Costa Rica (2017)",
            "status": "delivered",
            "delivered_on": "2017-05-22",
            "note": "Named on action page 135; delivery date illustrative.",
        },
        {
            "type": "national_plan",
            "title": "Second National Integration Plan of Costa Rica (2018-2022)",
            "status": "adopted",
            "delivered_on": "2017-12-12",
            "adopted_on": "2018-01-15",
            "adopted_by": "cr-dgme",
            "note": "The brochure's result and action page 172; dates illustrative.",
        },
        {
            "type": "roadmap",
            "title": "Roadmap for the implementation of the Second National Integration Plan, "
            "with its monitoring and evaluation mechanisms",
            "status": "delivered",
            "delivered_on": "2017-12-12",
            "note": "Named on action page 172; delivery date illustrative.",
        },
    ],
}

COSTA_RICA_IV: dict[str, Any] = {
    "slug": "costa-rica-iv",
    "name": "Costa Rica IV",
    "title": "Protection of migrants in emergencies and migration and health",
    "region": "LAC",
    "countries": ["CR"],
    "partners": ["cr-dgme", "cr-health"],
    "pillar": "HO",
    "themes": ["HO-HEA"],
    "gcm": [7, 15],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2020-10", "2024-03"),
    "experts_involved": "Mexico, Spain and United States",
    "context": "Because the main migratory corridors in the region are northbound towards the "
    "USA, Costa Rica is a key passage area along the Central American route. Costa Rica, "
    "similarly to other countries in the region, is also a country of origin with an estimated "
    "3% of its population living abroad, mainly in the USA.",
    "objective": "In 2020, the Ministry of Governance and Police of Costa Rica, through its "
    "Directorate General of Migration and Immigration (DGME), together with the Ministry of "
    "Health of Costa Rica, have requested support from MIEUX+ to strengthen Costa Rica’s "
    "comprehensive response to protect and assist migrant populations, especially during "
    "crises, such as the COVID-19 emergency.",
    "result": "This Action is centered on the development of an interinstitutional coordination "
    "protocol of the DGME for the assistance and protection of migrants in mixed migratory flows "
    "during emergency or migratory crisis situations, as well as the development of training "
    "course on migration and health for officers of the Ministry of Health. The proposed "
    "activities are designed to create a learning space, allowing the experts and participants "
    "to share experience on best practices in the stated migration fields, as well as bringing "
    "together the national Costa Rican authorities working towards unified objectives.",
    "source_url": "https://www.mieux-initiative.eu/en/actions/187-costa-rica-iv",
    "source_note": "Texts, period, status, specific area and experts: action page 187.",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "online_session",
            "title": "Launch of the Action (MIEUX's 500th activity)",
            "start": "2020-12-02",
            "is_virtual": True,
            "participants": (64, 38, 26),
            "note": "Date from MIEUX's news 'Launch of Action in Costa Rica and new MIEUX "
            "milestone: 500th activity'; participant counts are illustrative.",
        },
        {
            "type": "workshop",
            "title": "Workshop on the inter-institutional coordination protocol for migrants in "
            "mixed flows during emergencies",
            "start": "2022-05-16",
            "end": "2022-05-19",
            "city": "San José",
            "country": "CR",
            "participants": (41, 24, 17),
        },
        {
            "type": "training",
            "title": "Pilot of the training course on migration and health for Ministry of "
            "Health officers",
            "start": "2023-09-11",
            "end": "2023-09-15",
            "city": "San José",
            "country": "CR",
            "participants": (33, 23, 10),
        },
    ],
    "outputs": [
        {
            "type": "protocol",
            "title": "Inter-institutional coordination protocol for the assistance and "
            "protection of migrants in mixed migratory flows during emergency or migratory "
            "crisis situations",
            "status": "delivered",
            "delivered_on": "2023-11-30",
            "note": "Named on action page 187; delivery date illustrative.",
        },
        {
            "type": "training_curriculum",
            "title": "Training course on migration and health for officers of the Ministry of "
            "Health",
            "status": "delivered",
            "delivered_on": "2024-02-29",
            "note": "Named on action page 187; delivery date illustrative.",
        },
    ],
}

COSTA_RICA_V: dict[str, Any] = {
    "slug": "costa-rica-v",
    "name": "Costa Rica V",
    "title": "National Integration Plan 2023-2027",
    "region": "LAC",
    "countries": ["CR"],
    "partners": ["cr-dgme"],
    "pillar": "LM",
    "themes": ["LM-INT"],
    "gcm": [16],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2022", "2023"),
    "result": "In the framework of the Action Costa Rica V, MIEUX+ renewed its collaboration with "
    "the Directorate General of Migration and Immigration to assist in developing the National "
    "Integration Plan for the years 2023-2027.",
    "source_url": "https://www.mieux-initiative.eu/en/what-we-do/latin-america-and-caribbean",
    "source_note": "Result: the facility's LAC overview page (a list of completed actions). "
    "Years 2022-2023 from the project's reference notes (docs/reference/lac.md); no action page "
    "was stored.",
    "activity_note": "No activity list was stored for this action: titles, dates, places and "
    "participant counts are illustrative.",
    "activities": [
        {
            "type": "workshop",
            "title": "Participatory workshops on the Third National Integration Plan",
            "start": "2022-08-22",
            "end": "2022-08-26",
            "city": "San José",
            "country": "CR",
            "participants": (48, 30, 18),
        },
        {
            "type": "seminar",
            "title": "Presentation of the National Integration Plan (2023-2027)",
            "start": "2023-06-20",
            "city": "San José",
            "country": "CR",
            "participants": (90, 55, 35),
        },
    ],
    "outputs": [
        {
            "type": "national_plan",
            "title": "National Integration Plan of Costa Rica (2023-2027)",
            "status": "adopted",
            "delivered_on": "2023-06-20",
            "adopted_on": "2023-06-20",
            "adopted_by": "cr-dgme",
            "note": "Named on the LAC overview page; dates illustrative.",
        },
    ],
}

ACTIONS: list[dict[str, Any]] = [COSTA_RICA_I, COSTA_RICA_II, COSTA_RICA_IV, COSTA_RICA_V]
