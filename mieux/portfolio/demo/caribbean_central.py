# ruff: noqa: RUF001 - texts are quoted verbatim from the sources, typography included
"""Dominican Republic II and El Salvador II. Data shape: see `mieux.portfolio.demo.loader`."""

from typing import Any

ILLUSTRATIVE = (
    "Activity named after the action page; its dates, place and participant counts are "
    "illustrative."
)

DOMINICAN_REPUBLIC_II: dict[str, Any] = {
    "slug": "dominican-republic-ii",
    "name": "Dominican Republic II",
    "title": "Training capacities development",
    "region": "LAC",
    "countries": ["DO"],
    "partners": ["do-inm"],
    "pillar": "HO",
    "themes": ["HO-CAP"],
    "gcm": [23],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2015-07", "2020-04"),
    "experts_involved": "Spain, Mexico",
    "context": "The Dominican Republic’s migratory context is largely defined by immigration "
    "flows from neighbouring Haiti and its relationship with its communities abroad, primarily "
    "in the United States. As a consequence topics related to labour migration, trade and "
    "trafficking/smuggling and the need for effective management are a priority for the "
    "country.",
    "objective": "The National Institute for Migration of the Dominican Republic (INM) requested "
    "MIEUX’s support to enhance the training and self-learning capacities of the Dominican "
    "Republic’s main migration authorities.",
    "result": "Through a combination of capacity building activities the INM enhanced skills in "
    "adult-learning teaching methods, teaching modules/plans for its instructors and through "
    "the development of its curriculum focusing implementation of migration policies, migration "
    "management, and migration and development. The Action also provided an opportunity to "
    "facilitate the dialogue on migration education and interagency coordination among the main "
    "Dominican Republic institutions.",
    "source_url": "https://www.mieux-initiative.eu/en/actions/"
    "123-dominican-republic-ii-training-capacities-development",
    "source_note": "Texts, period, specific area and experts: action page 123.",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Training needs assessment mission with the National Institute for Migration",
            "start": "2015-11-09",
            "end": "2015-11-13",
            "city": "Santo Domingo",
            "country": "DO",
        },
        {
            "type": "training",
            "title": "Training of trainers on adult-learning teaching methods",
            "start": "2016-03-07",
            "end": "2016-03-11",
            "city": "Santo Domingo",
            "country": "DO",
            "participants": (22, 12, 10),
        },
        {
            "type": "workshop",
            "title": "Workshop on teaching modules and lesson plans for the INM's instructors",
            "start": "2016-07-18",
            "end": "2016-07-22",
            "city": "Santo Domingo",
            "country": "DO",
            "participants": (18, 10, 8),
        },
        {
            "type": "workshop",
            "title": "Curriculum development workshop on migration policies, migration management "
            "and migration and development",
            "start": "2016-11-14",
            "end": "2016-11-18",
            "city": "Santo Domingo",
            "country": "DO",
            "participants": (20, 11, 9),
        },
        {
            "type": "workshop",
            "title": "Validation workshop on the INM's curriculum",
            "start": "2017-06-19",
            "end": "2017-06-21",
            "city": "Santo Domingo",
            "country": "DO",
            "participants": (26, 15, 11),
        },
        {
            "type": "seminar",
            "title": "Dialogue on migration education and interagency coordination",
            "start": "2018-10-02",
            "end": "2018-10-03",
            "city": "Santo Domingo",
            "country": "DO",
            "participants": (55, 29, 26),
        },
        {
            "type": "training",
            "title": "Pilot course on the implementation of migration policies for INM instructors",
            "start": "2019-05-13",
            "end": "2019-05-17",
            "city": "Santo Domingo",
            "country": "DO",
            "participants": (24, 14, 10),
        },
    ],
    "outputs": [
        {
            "type": "training_curriculum",
            "title": "INM curriculum on the implementation of migration policies, migration "
            "management, and migration and development",
            "status": "delivered",
            "delivered_on": "2017-06-19",
            "note": "Named on action page 123; delivery date illustrative.",
        },
    ],
}

EL_SALVADOR_II: dict[str, Any] = {
    "slug": "el-salvador-ii",
    "name": "El Salvador II",
    "title": "Consular protection course",
    "region": "LAC",
    "countries": ["SV"],
    "partners": ["sv-foreign"],
    "pillar": "HO",
    "themes": ["HO-CON", "HO-CAP"],
    "gcm": [14],
    "sectors": ["15190"],
    "status": "ongoing",
    "period": ("2022-03", None),
    "experts_involved": "",
    "context": "For this Action, MIEUX+ will support the Salvadoran Foreign Service in developing "
    "its capacities in the area of consular protection further. The smallest country in Central "
    "America is characterised by a long history of emigration with multiple factors, ranging "
    "from economic to climate-driven, at the root of population movements. Remittances "
    "represented 20.9% of the gross domestic product in 2019 and have not slowed down after the "
    "COVID-19 pandemic hit.\n\n"
    "In order to carry out its consular protection mission, the MFA Directorate General of "
    "Liaison with Salvadorans Abroad had to adapt to new challenges. On the one hand, the "
    "COVID-19 pandemic has changed the way consulates receive their citizens, and has created "
    "new demands from them. On the other hand, the consular network has also had to adapt to "
    "the change in the migratory profiles, needs and routes of Salvadorans.",
    "objective": "Given the challenges these staff are facing, the Vice-Ministry has identified "
    "the need for support, and EU expertise, in developing a new course on migration issues and "
    "the protection of citizens abroad. In addition to EU expertise, the development of the "
    "course will be based on multi-stakeholder coordination, ensuring relevance and "
    "sustainability. It will include the directorates of the Vice-Ministry, the CONMIGRANTES "
    "inter-institutional mechanism, as well as international organisations and CSOs.",
    "result": "The Action will produce two key deliverables:\n"
    "- Capacity and Training Needs Assessment Report\n"
    "- Training Handbook on Migration (including training curriculum, lesson plans and training "
    "materials)",
    "source_url": "https://www.mieux-initiative.eu/en/actions/190-el-salvador-ii",
    "source_note": "Texts, period, status and specific areas: action page 190 (no experts listed).",
    "activity_note": ILLUSTRATIVE,
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Capacity and training needs assessment of the consular network",
            "start": "2022-06-20",
            "end": "2022-06-24",
            "city": "San Salvador",
            "country": "SV",
        },
        {
            "type": "workshop",
            "title": "Multi-stakeholder workshop on the course on migration and the protection of "
            "citizens abroad",
            "start": "2023-03-14",
            "end": "2023-03-16",
            "city": "San Salvador",
            "country": "SV",
            "participants": (34, 21, 13),
        },
        {
            "type": "training",
            "title": "Training of trainers on the Training Handbook on Migration",
            "start": "2024-04-15",
            "end": "2024-04-19",
            "city": "San Salvador",
            "country": "SV",
            "participants": (21, 13, 8),
        },
    ],
    "outputs": [
        {
            "type": "study",
            "title": "Capacity and Training Needs Assessment Report",
            "status": "delivered",
            "delivered_on": "2022-09-30",
            "note": "Named on action page 190; delivery date illustrative.",
        },
        {
            "type": "handbook",
            "title": "Training Handbook on Migration (including training curriculum, lesson plans "
            "and training materials)",
            "status": "drafted",
            "note": "Named on action page 190.",
        },
    ],
}

ACTIONS: list[dict[str, Any]] = [DOMINICAN_REPUBLIC_II, EL_SALVADOR_II]
