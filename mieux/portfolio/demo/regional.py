"""Regional and multi-country actions: IberRed (a card of the 2018 LAC brochure), Gran Chaco and
Argentina/Brazil. IberRed works with a regional organisation and has no single country. Data
shape: see `mieux.portfolio.demo.loader`.
"""

from typing import Any

IBERRED: dict[str, Any] = {
    "slug": "iberred",
    "name": "IberRed",
    "title": "Revised protocol on trafficking and smuggling among Ibero-American prosecutors",
    "region": "LAC",
    "countries": [],
    "partners": ["iberred-network", "aiamp"],
    "pillar": "IMT",
    "themes": ["IMT-IRR", "IMT-SOM", "IMT-THB"],
    "gcm": [9, 10, 23],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2017-03", "2018-01"),
    "experts_involved": "Spain",
    "context": "Judicial cooperation is a key component in the fight against intra- and "
    "trans-regional trafficking and smuggling of migrants",
    "objective": "To support to the drafting of a revised protocol for inter-institutional "
    "cooperation on trafficking and smuggling among public prosecutors of the Ibero-American "
    "region",
    "result": "Revised version of the 'Protocol for Inter-institutional Cooperation to "
    "Strengthen Investigation, Attention and Protection of Victims of Trafficking in Persons "
    "among Ibero-American Public Prosecutor's Offices'",
    "translations": {
        "es": {
            "title": "Protocolo revisado sobre trata y tráfico entre fiscalías iberoamericanas",
            "context": "La cooperación judicial es un componente clave de la lucha contra la "
            "trata de personas y el tráfico ilícito de migrantes, tanto dentro de la región "
            "como entre regiones",
            "objective": "Apoyar la redacción de un protocolo revisado de cooperación "
            "interinstitucional en materia de trata de personas y tráfico ilícito de migrantes "
            "entre los ministerios públicos de la región iberoamericana",
            "result": "Versión revisada del «Protocolo de Cooperación Interinstitucional para "
            "Fortalecer la Investigación, Atención y Protección a Víctimas del Delito de Trata "
            "de Personas entre los Ministerios Públicos Iberoamericanos»",
        }
    },
    "source_url": "https://www.mieux-initiative.eu/en/actions/160-iberred",
    "source_note": "Context, objective and result: the 2018 LAC brochure's card 'IberRed "
    "(2017-2018)', kept verbatim (including 'To support to'). Period, specific areas and "
    "experts: action page 160. A regional organisation's action: no single country, region "
    "LAC, partners the prosecutors' network and AIAMP.",
    "activity_note": "No activity list was stored for this action: titles follow the page's "
    "request (revision of the 2011 protocol); dates, places and participant counts are "
    "illustrative.",
    "activities": [
        {
            "type": "expert_mission",
            "title": "Kick-off meeting with the network's focal points and review of the 2011 "
            "protocol",
            "start": "2017-04-25",
            "end": "2017-04-27",
            "city": "Madrid",
            "country": "ES",
            "participants": (14, 8, 6),
        },
        {
            "type": "drafting_support",
            "title": "Remote drafting support for the revised protocol",
            "start": "2017-06-05",
            "end": "2017-07-28",
            "is_virtual": True,
        },
        {
            "type": "workshop",
            "title": "Regional validation workshop on the revised protocol with specialised "
            "prosecutors",
            "start": "2017-10-17",
            "end": "2017-10-19",
            "city": "Buenos Aires",
            "country": "AR",
            "participants": (26, 15, 11),
        },
        {
            "type": "seminar",
            "title": "Presentation of the revised protocol to the Ibero-American Association of "
            "Public Prosecutors' Offices",
            "start": "2018-01-23",
            "city": "Madrid",
            "country": "ES",
            "participants": (30, 16, 14),
        },
    ],
    "outputs": [
        {
            "type": "protocol",
            "title": "Protocol for Inter-institutional Cooperation to Strengthen Investigation, "
            "Attention and Protection of Victims of Trafficking in Persons among Ibero-American "
            "Public Prosecutor's Offices (revised version)",
            "status": "delivered",
            "delivered_on": "2018-01-23",
            "note": "The brochure's result; delivery date illustrative.",
        },
    ],
}

GRAN_CHACO: dict[str, Any] = {
    "slug": "gran-chaco",
    "name": "Gran Chaco",
    "title": "Environmental migration in the South American Gran Chaco",
    "region": "LAC",
    "countries": ["AR", "BO", "PY"],
    "partners": [],
    "pillar": "HO",
    "themes": ["HO-CLI"],
    "gcm": [1, 2],
    "sectors": ["15190"],
    "status": "ongoing",
    "period": ("2022-02", None),
    "experts_involved": "",
    "context": "The Gran Chaco is an ecological region with more than one million km² spread "
    "across the territories of four countries: Argentina, Paraguay, Bolivia and Brazil. This "
    "Action will mainly focus on the first three countries. The region presents great "
    "environmental diversity and a great variety of available resources, and has the second "
    "biggest biodiversity and forest areas of the continent, just after the Amazon rainforest.\n\n"
    "The region, although comprising four different countries, has its own identity and has "
    "historically been the object of internal or transborder migration as the result of "
    "continuous land borders and navigable rivers, lose border management, and an indigenous "
    "population that circulates within the territory in search of economic opportunities. "
    "Nonetheless, environmental degradation, caused by climate change, natural disasters and "
    "man-made factors in recent years, has driven the migratory phenomenon even more. The Gran "
    "Chaco region is one particularly vulnerable area within this context. Indeed, the main "
    "environmental and climate threats facing the region are: deforestation, air and water "
    "pollution, floods, droughts, forest fires, landslides, erosion, desertification and "
    "changes in soil usage.",
    "objective": "It is in this context that 10 partners, including subnational governments, "
    "civil society organisations, regional organisations and academia, requested the support "
    "from MIEUX+. In fact, partners will address environmental migration in the region as a "
    "common challenge and work together on solutions to contribute to an effective and "
    "coordinated management of environmental migration at subnational level.",
    "result": "",
    "source_url": "https://www.mieux-initiative.eu/en/actions/210-gran-chaco",
    "source_note": "Texts, period, status and specific area: action page 210 (the stored copy "
    "ends mid-sentence after the request paragraph, so the texts stop there). The ten partners "
    "are not named on the stored page, so none is recorded. Countries: Argentina, Bolivia and "
    "Paraguay, the three the page says the action focuses on.",
    "activity_note": "Activity type from the LAC overview page (analysis of human mobility, "
    "policy recommendations); dates, places and participant counts are illustrative.",
    "activities": [
        {
            "type": "online_session",
            "title": "Kick-off meeting with the ten partners of the Gran Chaco consortium",
            "start": "2022-05-10",
            "is_virtual": True,
            "participants": (28, 15, 13),
        },
        {
            "type": "expert_mission",
            "title": "Field research on environmental migration in indigenous communities",
            "start": "2022-10-03",
            "end": "2022-10-14",
            "city": "Filadelfia",
            "country": "PY",
        },
        {
            "type": "workshop",
            "title": "Workshop on policy recommendations on environmental migration at "
            "subnational level",
            "start": "2023-06-13",
            "end": "2023-06-15",
            "city": "Tarija",
            "country": "BO",
            "participants": (45, 24, 21),
        },
    ],
    "outputs": [
        {
            "type": "study",
            "title": "Study on environmental migration in the Gran Chaco",
            "status": "drafted",
            "note": "The LAC overview page says MIEUX+ analyses human mobility and drafts policy "
            "recommendations; title illustrative.",
        },
    ],
}

ARGENTINA_BRAZIL: dict[str, Any] = {
    "slug": "argentina-brazil",
    "name": "Argentina/Brazil",
    "title": "Development of a Regional Integrated Information System on Trafficking in Human "
    "Beings (THB)",
    "region": "LAC",
    "countries": ["AR", "BR"],
    "partners": ["ar-security", "br-justice"],
    "pillar": "IMT",
    "themes": ["IMT-THB", "HO-DATA"],
    "gcm": [1, 10, 23],
    "sectors": ["15190"],
    "status": "completed",
    "period": ("2011-11", "2014-03"),
    "experts_involved": "Portugal, Spain",
    "context": "",
    "objective": "The aim of this action was to support the efforts of the Ministry of Security "
    "of Argentina (MSA) and Ministry of Justice of Brazil (NJS) to actively cooperate, exchange "
    "information and improve their capacities to fight human trafficking.",
    "result": "This technical assistance supported the building of an information exchange "
    "mechanism between the two countries in the area of human trafficking, and provided a "
    "transfer of knowledge, practices and experience from EU MS administrations on given "
    "aspects.",
    "source_url": "http://www.icmpd.org/our-work/capacity-building/multi-thematic-programmes/"
    "mieux-iii/latin-america/",
    "source_note": "Objective, summary (as result), period and experts: ICMPD's MIEUX III Latin "
    "America page ('November 2011March 2014' on the page). Thematic areas inferred from the "
    "title.",
    "activity_note": "Activity and month from ICMPD's page; the days and participant counts are "
    "illustrative.",
    "activities": [
        {
            "type": "assessment_mission",
            "title": "Assessment mission to Argentina on THB criminal data collection with the "
            "Ministry of Security",
            "start": "2012-06-11",
            "end": "2012-06-15",
            "city": "Buenos Aires",
            "country": "AR",
        },
        {
            "type": "assessment_mission",
            "title": "Assessment mission to Brazil on the gaps and needs of the National Justice "
            "Secretariat",
            "start": "2012-10-22",
            "end": "2012-10-26",
            "city": "Brasília",
            "country": "BR",
        },
        {
            "type": "workshop",
            "title": "Bilateral workshop on exchanging information on trafficking in human beings",
            "start": "2013-09-09",
            "end": "2013-09-11",
            "city": "Buenos Aires",
            "country": "AR",
            "participants": (24, 12, 12),
            "note": "No further activity is named on ICMPD's page: title, dates, place and "
            "participant counts are illustrative.",
        },
    ],
}

ACTIONS: list[dict[str, Any]] = [IBERRED, GRAN_CHACO, ARGENTINA_BRAZIL]
