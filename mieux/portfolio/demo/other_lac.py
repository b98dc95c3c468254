# ruff: noqa: RUF001 - texts are quoted verbatim from the sources, typography included
"""Colombia I and II, Bolivia and Brazil III (Central America and the Caribbean are in
`caribbean_central.py`). Data shape: see `mieux.portfolio.demo.loader`.
"""

from typing import Any

ILLUSTRATIVE = (
    "Activity named after the action page; its dates, place and participant counts are "
    "illustrative."
)
NO_LIST = (
    "No activity list was stored for this action: titles, dates, places and participant counts "
    "are illustrative."
)
OVERVIEW_PAGE = "https://www.mieux-initiative.eu/en/what-we-do/latin-america-and-caribbean"

COLOMBIA_I: dict[str, Any] = {
    "slug": "colombia-i",
    "name": "Colombia I",
    "title": "Document security and transnational organised crime with a focus on trafficking in "
    "human beings and smuggling of persons",
    "region": "LAC",
    "countries": ["CO"],
    "partners": ["co-das"],
    "pillar": "IMT",
    "themes": ["HO-CAP", "IMT-BMS", "IMT-DOC", "IMT-IRR", "IMT-SOM", "IMT-THB"],
    "gcm": [4, 9, 10, 11],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2010-06", "2011-07"),
    "experts_involved": "Spain",
    "context": "Border management in Colombia is a challenging topic due to the nature of its "
    "borders and the cross-border criminal activities being carried out. Due to weak controls, "
    "smuggling of persons, drugs and weapons, and trafficking in human beings are a key concern "
    "for the authorities.",
    "objective": "The Administrative Department of Security of Colombia and its Sub-Directorate "
    "for Migration Affairs (SDMA) requested MIEUX’ support in border management. The SDMA faces "
    "significant difficulties in the management of borders and especially in "
    "capacity-development for its staff.",
    "result": "A training curriculum on document security and trafficking in human beings and "
    "smuggling of persons was developed, as well as a training of the trainers’ session. "
    "Selected staff members also participated in a study-visit in Spain and exchanged "
    "challenges and best practices with their Spanish counterparts.",
    "source_url": "https://www.mieux-initiative.eu/en/actions/47-colombia-document-security-and-"
    "transnational-organised-crime-with-a-focus-on-trafficking-in-human-beings-and-smuggling-of-"
    "persons",
    "source_note": "Texts, period, specific areas and experts: action page 47, which names it "
    "'Colombia'; called Colombia I here since Colombia II followed.",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Assessment mission on border management and staff training needs",
            "start": "2010-09-13",
            "end": "2010-09-17",
            "city": "Bogotá",
            "country": "CO",
        },
        {
            "type": "training",
            "title": "Training of trainers on document security, trafficking in human beings and "
            "smuggling of persons",
            "start": "2011-03-14",
            "end": "2011-03-18",
            "city": "Bogotá",
            "country": "CO",
            "participants": (25, 9, 16),
        },
        {
            "type": "study_visit",
            "title": "Study visit to Spain",
            "start": "2011-06-06",
            "end": "2011-06-10",
            "city": "Madrid",
            "country": "ES",
            "participants": (6, 2, 4),
        },
    ],
    "outputs": [
        {
            "type": "training_curriculum",
            "title": "Training curriculum on document security and trafficking in human beings "
            "and smuggling of persons",
            "status": "delivered",
            "delivered_on": "2011-03-14",
            "note": "Named on action page 47; delivery date illustrative.",
        },
    ],
}

COLOMBIA_II: dict[str, Any] = {
    "slug": "colombia-ii",
    "name": "Colombia II",
    "title": "Interculturality in Medellín's migration management policy",
    "region": "LAC",
    "countries": ["CO"],
    "partners": ["co-medellin"],
    "pillar": "LM",
    "themes": ["LM-INT", "HO-POL"],
    "gcm": [16, 17],
    "sectors": ["15190"],
    "status": "ongoing",
    "period": ("2023", None),
    "objective": "MIEUX+ is drafting recommendations on mainstreaming the interculturality in the "
    "Strategic Plan of the Migration Management Policy in partnership with Medellin's Mayor "
    "Office, for the Colombia II Action.",
    "source_url": OVERVIEW_PAGE,
    "source_note": "Objective: the facility's LAC overview page (ongoing actions). Start year "
    "2023 from the project's reference notes (docs/reference/lac.md); no action page was stored.",
    "activity_note": NO_LIST,
    "activities": [
        {
            "type": "workshop",
            "title": "Workshop on the intercultural approach in local migrant integration",
            "start": "2023-09-19",
            "end": "2023-09-21",
            "city": "Medellín",
            "country": "CO",
            "participants": (37, 24, 13),
        },
        {
            "type": "drafting_support",
            "title": "Drafting support for the recommendations on interculturality",
            "start": "2024-02-05",
            "end": "2024-03-29",
            "is_virtual": True,
        },
    ],
    "outputs": [
        {
            "type": "study",
            "title": "Recommendations on mainstreaming interculturality in the Strategic Plan of "
            "the Migration Management Policy of Medellín",
            "status": "drafted",
            "note": "Named on the LAC overview page.",
        },
    ],
}

BOLIVIA: dict[str, Any] = {
    "slug": "bolivia",
    "name": "Bolivia",
    "title": "Capacity Building of Consular Staff",
    "region": "LAC",
    "countries": ["BO"],
    "partners": ["bo-consular"],
    "pillar": "HO",
    "themes": ["HO-CON", "HO-CAP"],
    "gcm": [14],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2010-05", "2010-12"),
    "experts_involved": "Spain",
    "objective": "MIEUX provided capacity building for Bolivian consular staff with the "
    "assistance of experts from the Spanish national administration.",
    "result": "The manual 'EU Migration and Asylum Matters for Consular Use' was developed to be "
    "used as basis for the delivery of the series of training sessions taking place at "
    "different Bolivian consular posts. Following the completion of the first phase of "
    "activities, this action was formally closed.",
    "source_url": "http://www.icmpd.org/our-work/capacity-building/multi-thematic-programmes/"
    "mieux-iii/latin-america/",
    "source_note": "Objective, summary (as result), period and experts: ICMPD's MIEUX III Latin "
    "America page ('May 2010December 2010' on the page).",
    "activity_note": "Activity, place and month from ICMPD's page; the days and participant "
    "counts are illustrative.",
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Assessment mission with the Directorate General for Consular Affairs",
            "start": "2010-07-12",
            "end": "2010-07-16",
            "city": "La Paz",
            "country": "BO",
        },
        {
            "type": "training",
            "title": "First training for consular staff",
            "start": "2010-11-15",
            "end": "2010-11-19",
            "city": "La Paz",
            "country": "BO",
            "participants": (22, 13, 9),
        },
    ],
    "outputs": [
        {
            "type": "handbook",
            "title": "EU Migration and Asylum Matters for Consular Use",
            "status": "delivered",
            "delivered_on": "2010-11-15",
            "note": "Named on ICMPD's page; delivery date illustrative.",
        },
    ],
}

BRAZIL_III: dict[str, Any] = {
    "slug": "brazil-iii",
    "activity_language": "pt",
    "name": "Brazil III",
    "title": "Interviewing unaccompanied migrant children",
    "region": "LAC",
    "countries": ["BR"],
    "partners": ["br-defender"],
    "pillar": "HO",
    "themes": ["HO-CHI", "HO-CAP"],
    "gcm": [7, 12],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2019", "2020"),
    "result": "As part of the Brazil III Action, MIEUX+ provided support to the Federal Public "
    "Defender's office in enhancing their expertise in interviewing techniques for "
    "unaccompanied migrant children.",
    "source_url": OVERVIEW_PAGE,
    "source_note": "Result: the facility's LAC overview page (completed actions). Years "
    "2019-2020 from the project's reference notes (docs/reference/lac.md); no action page was "
    "stored.",
    "activity_note": NO_LIST,
    "activities": [
        {
            "type": "training",
            "title": "Training on interviewing techniques for unaccompanied and separated "
            "migrant children",
            "start": "2019-10-21",
            "end": "2019-10-24",
            "city": "Boa Vista",
            "country": "BR",
            "participants": (27, 17, 10),
        },
        {
            "type": "workshop",
            "title": "Workshop on child-sensitive procedures for public defenders",
            "start": "2020-02-17",
            "end": "2020-02-19",
            "city": "Brasília",
            "country": "BR",
            "participants": (31, 19, 12),
        },
    ],
}

ACTIONS: list[dict[str, Any]] = [
    COLOMBIA_I,
    COLOMBIA_II,
    BOLIVIA,
    BRAZIL_III,
]
