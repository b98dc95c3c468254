"""The facility's own vocabularies, with stable codes.

Codes never change once published (the API and exports use them); names may be improved.
Sources: DESIGN.md §2 and docs/reference/mieux-domain.md §7–9 (the facility's "Specific area" codes).
Each entry: code -> {"en": ..., "es": ..., "pt": ..., "fr": ...}.
"""

# Pillars of the EU Global Approach to Migration and Mobility plus Horizontal Interventions,
# each followed by its specific areas. Order here is display order.
THEMATIC_AREAS: dict[str, dict[str, dict[str, str]]] = {
    "IMT": {
        "IMT": {"en": "Irregular Migration and Trafficking in Human Beings"},
        "IMT-IRR": {"en": "Irregular Migration"},
        "IMT-THB": {"en": "Trafficking in Human Beings"},
        "IMT-SOM": {"en": "Migrant Smuggling"},
        "IMT-BMS": {"en": "Border Management and Security"},
        "IMT-DOC": {"en": "Document Security"},
        "IMT-RR": {"en": "Return and Readmission"},
    },
    "LM": {
        "LM": {"en": "Legal Migration and Mobility"},
        "LM-LAB": {"en": "Labour Migration"},
        "LM-INT": {"en": "Integration"},
    },
    "IP": {
        "IP": {"en": "International Protection and Asylum"},
        "IP-ASY": {"en": "International Protection and Asylum Policy"},
    },
    "MD": {
        "MD": {"en": "Migration and Development"},
        "MD-MAD": {"en": "Migration and Development Policy"},
        "MD-DIA": {"en": "Diaspora Affairs"},
        "MD-REM": {"en": "Remittances"},
    },
    "HO": {
        "HO": {"en": "Horizontal Interventions"},
        "HO-CAP": {"en": "Capacity Development and Training"},
        "HO-POL": {"en": "Migration Policy/Strategy Development"},
        "HO-LEG": {"en": "Migration Legislation"},
        "HO-DATA": {"en": "Migration Data"},
        "HO-COM": {"en": "Public Relations/Communication/Information"},
        "HO-CON": {"en": "Consular Affairs"},
        "HO-HEA": {"en": "Migration and Health"},
        "HO-CHI": {"en": "Children in Migration / Unaccompanied Minors"},
        "HO-HR": {"en": "Human Rights"},
        "HO-CLI": {"en": "Climate Change and Environmental Degradation"},
    },
}

ACTIVITY_TYPES: dict[str, dict[str, str]] = {
    "assessment_mission": {"en": "Assessment mission"},
    "expert_mission": {"en": "Expert mission"},
    "workshop": {"en": "Workshop"},
    "training": {"en": "Training"},
    "study_visit": {"en": "Study visit"},
    "seminar": {"en": "Seminar or conference"},
    "drafting_support": {"en": "Drafting support"},
    "peer_review": {"en": "Peer review"},
    "online_session": {"en": "Online session"},
}

OUTPUT_TYPES: dict[str, dict[str, str]] = {
    "handbook": {"en": "Handbook or manual"},
    "guidelines": {"en": "Guidelines"},
    "training_curriculum": {"en": "Training curriculum"},
    "national_plan": {"en": "National plan or strategy"},
    "policy": {"en": "Policy"},
    "protocol": {"en": "Protocol"},
    "draft_law": {"en": "Draft law"},
    "sops": {"en": "Standard operating procedures"},
    "study": {"en": "Study or report"},
    "roadmap": {"en": "Roadmap"},
    "communication_material": {"en": "Communication material"},
}

# The facility's regions.
REGIONS: dict[str, dict[str, str]] = {
    "AFR": {"en": "Africa"},
    "ASI": {"en": "Asia"},
    "ENI": {"en": "EU Neighbourhood"},
    "LAC": {"en": "Latin America & the Caribbean"},
}
