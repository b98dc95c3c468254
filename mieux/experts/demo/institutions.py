"""Home institutions of the demo roster, and the upcoming activities the roster is matched to.

Institutions are real kinds of body (interior and labour ministries, border police, asylum
offices, universities) named as such; the people attached to them in `roster.py` are invented.
"""

from typing import Any

# key -> (name, kind, country ISO alpha-2, acronym)
INSTITUTIONS: dict[str, tuple[str, str, str, str]] = {
    "es-police": (
        "National Police of Spain, General Commissariat for Aliens and Borders",
        "eu_member_state_administration",
        "ES",
        "CGEF",
    ),
    "es-civil-guard": ("Civil Guard of Spain", "eu_member_state_administration", "ES", ""),
    "es-asylum": (
        "Asylum and Refugee Office, Ministry of the Interior of Spain",
        "eu_member_state_administration",
        "ES",
        "OAR",
    ),
    "es-labour": (
        "Ministry of Labour and Social Economy of Spain",
        "eu_member_state_administration",
        "ES",
        "",
    ),
    "es-prosecution": (
        "Public Prosecutor's Office of Spain, Aliens Unit",
        "judiciary",
        "ES",
        "",
    ),
    "es-salamanca": ("University of Salamanca", "academia", "ES", "USAL"),
    "es-ngo": ("Spanish Commission for Refugee Aid", "civil_society", "ES", "CEAR"),
    "pt-aima": (
        "Agency for Integration, Migration and Asylum",
        "eu_member_state_administration",
        "PT",
        "AIMA",
    ),
    "pt-psp": ("Public Security Police of Portugal", "eu_member_state_administration", "PT", "PSP"),
    "pt-labour": (
        "Ministry of Labour, Solidarity and Social Security of Portugal",
        "eu_member_state_administration",
        "PT",
        "",
    ),
    "pt-lisbon": (
        "University of Lisbon, Institute of Geography and Spatial Planning",
        "academia",
        "PT",
        "IGOT",
    ),
    "fr-interior": (
        "Ministry of the Interior of France, Directorate General for Foreigners in France",
        "eu_member_state_administration",
        "FR",
        "DGEF",
    ),
    "fr-ofpra": (
        "French Office for the Protection of Refugees and Stateless Persons",
        "eu_member_state_administration",
        "FR",
        "OFPRA",
    ),
    "fr-border-police": ("Border Police of France", "eu_member_state_administration", "FR", "PAF"),
    "fr-poitiers": ("University of Poitiers, Migrinter laboratory", "academia", "FR", ""),
    "it-interior": (
        "Ministry of the Interior of Italy, Department for Civil Liberties and Immigration",
        "eu_member_state_administration",
        "IT",
        "",
    ),
    "it-police": (
        "State Police of Italy, Central Directorate for Immigration and Border Police",
        "eu_member_state_administration",
        "IT",
        "",
    ),
    "it-labour": (
        "Ministry of Labour and Social Policies of Italy",
        "eu_member_state_administration",
        "IT",
        "",
    ),
    "it-bologna": ("University of Bologna", "academia", "IT", ""),
    "de-bamf": (
        "Federal Office for Migration and Refugees",
        "eu_member_state_administration",
        "DE",
        "BAMF",
    ),
    "de-police": ("Federal Police of Germany", "eu_member_state_administration", "DE", ""),
    "de-employment": (
        "Federal Employment Agency of Germany",
        "eu_member_state_administration",
        "DE",
        "BA",
    ),
    "de-osnabrueck": (
        "Osnabrück University, Institute for Migration Research and Intercultural Studies",
        "academia",
        "DE",
        "IMIS",
    ),
    "nl-ind": (
        "Immigration and Naturalisation Service",
        "eu_member_state_administration",
        "NL",
        "IND",
    ),
    "nl-kmar": ("Royal Netherlands Marechaussee", "eu_member_state_administration", "NL", "KMar"),
    "be-immigration": ("Immigration Office of Belgium", "eu_member_state_administration", "BE", ""),
    "be-cgrs": (
        "Office of the Commissioner General for Refugees and Stateless Persons",
        "eu_member_state_administration",
        "BE",
        "CGRS",
    ),
    "se-migration": ("Swedish Migration Agency", "eu_member_state_administration", "SE", ""),
    "se-police": ("Swedish Police Authority", "eu_member_state_administration", "SE", ""),
    "pl-foreigners": (
        "Office for Foreigners of Poland",
        "eu_member_state_administration",
        "PL",
        "",
    ),
    "pl-border-guard": ("Polish Border Guard", "eu_member_state_administration", "PL", ""),
    "cz-interior": (
        "Ministry of the Interior of the Czech Republic, "
        "Department for Asylum and Migration Policy",
        "eu_member_state_administration",
        "CZ",
        "",
    ),
    "at-bfa": (
        "Federal Office for Immigration and Asylum of Austria",
        "eu_member_state_administration",
        "AT",
        "BFA",
    ),
    "at-interior": (
        "Federal Ministry of the Interior of Austria",
        "eu_member_state_administration",
        "AT",
        "",
    ),
    "gr-migration": (
        "Ministry of Migration and Asylum of Greece",
        "eu_member_state_administration",
        "GR",
        "",
    ),
    "gr-police": ("Hellenic Police", "eu_member_state_administration", "GR", ""),
    "ie-justice": (
        "Department of Justice of Ireland, Immigration Service Delivery",
        "eu_member_state_administration",
        "IE",
        "ISD",
    ),
    "ie-garda": (
        "Garda National Immigration Bureau",
        "eu_member_state_administration",
        "IE",
        "GNIB",
    ),
    "fi-migri": ("Finnish Immigration Service", "eu_member_state_administration", "FI", "Migri"),
    "fi-border-guard": ("Finnish Border Guard", "eu_member_state_administration", "FI", ""),
    "co-migration": ("Migration Colombia", "national_authority", "CO", ""),
}

# Institution kind -> the expert type of the people working there.
EXPERT_TYPES = {
    "eu_member_state_administration": "eu_member_state_administration",
    "national_authority": "other_public_administration",
    "judiciary": "eu_member_state_administration",
    "academia": "academia",
    "civil_society": "civil_society",
    "private_sector": "private_sector",
}

# Peru has no action under way in the real portfolio: an illustrative planned one (not public)
# gives the roster upcoming Spanish-language work in Peru. The Mexican activities go into the
# action formulated from the demo request for municipal integration offices (Mexico V).
PERU_V: dict[str, Any] = {
    "slug": "peru-v",
    "name": "Peru V",
    "title": "Border management and the protection of vulnerable migrants at the northern border",
    "partners": ["pe-interior"],
    "countries": ["PE"],
    "pillar": "IMT",
    "themes": ["IMT-BMS", "IMT-THB", "HO-CAP"],
    "period": ("2027-01-01", "2027-12-31"),
}
ILLUSTRATIVE = (
    "Illustrative demo activity (not from the facility's records): planned so that the expert "
    "roster has upcoming work to be matched to."
)

# (action slug, type, title, start, end, city, experts needed)
UPCOMING_ACTIVITIES: list[tuple[str, str, str, str, str, str, int]] = [
    (
        "peru-v",
        "assessment_mission",
        "Assessment mission on border checks and referral at the Tumbes crossing",
        "2027-02-15",
        "2027-02-18",
        "Tumbes",
        2,
    ),
    (
        "peru-v",
        "workshop",
        "Workshop on risk analysis at border crossing points",
        "2027-05-10",
        "2027-05-14",
        "Lima",
        3,
    ),
    (
        "peru-v",
        "training",
        "Training of trainers on identifying vulnerable migrants at the border",
        "2027-09-20",
        "2027-09-22",
        "Tumbes",
        2,
    ),
    (
        "mexico-v",
        "workshop",
        "Workshop on the model of municipal integration offices",
        "2027-03-15",
        "2027-03-17",
        "Guadalajara",
        3,
    ),
    (
        "mexico-v",
        "training",
        "Training of municipal staff on one-stop shop procedures",
        "2027-06-07",
        "2027-06-10",
        "Monterrey",
        2,
    ),
    (
        "mexico-v",
        "expert_mission",
        "Expert mission on monitoring municipal integration services",
        "2027-10-04",
        "2027-10-05",
        "Tijuana",
        2,
    ),
]
