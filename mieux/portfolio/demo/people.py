"""Institutions of the demo portfolio and the demo users, one per role.

Institutions are keyed by a short handle the action data refers to. `country` is an ISO alpha-2
code; regional organisations have `region` instead. Names follow the facility's own pages.
"""

INSTITUTIONS: dict[str, dict[str, str]] = {
    # Facility and funder
    "icmpd": {
        "name": "International Centre for Migration Policy Development",
        "acronym": "ICMPD",
        "kind": "facility",
        "website": "https://www.icmpd.org",
    },
    "dg-intpa": {
        "name": "Directorate-General for International Partnerships, European Commission",
        "acronym": "DG INTPA",
        "kind": "eu_institution",
    },
    "es-inclusion": {
        "name": "Ministry of Inclusion, Social Security and Migration",
        "kind": "eu_member_state_administration",
        "country": "ES",
    },
    # Mexico
    "mx-inm": {
        "name": "National Institute of Migration",
        "acronym": "INM",
        "kind": "national_authority",
        "country": "MX",
    },
    "mx-upm": {
        "name": "Migration Policy Unit, Secretariat of the Interior",
        "acronym": "UPM",
        "kind": "national_authority",
        "country": "MX",
    },
    # Costa Rica
    "cr-dgme": {
        "name": "Directorate General of Migration and Immigration",
        "acronym": "DGME",
        "kind": "national_authority",
        "country": "CR",
    },
    "cr-health": {
        "name": "Ministry of Health of Costa Rica",
        "kind": "national_authority",
        "country": "CR",
    },
    # Peru
    "pe-interior": {
        "name": "Ministry of the Interior of Peru",
        "acronym": "MININTER",
        "kind": "national_authority",
        "country": "PE",
    },
    "pe-foreign": {
        "name": "Ministry of Foreign Affairs of Peru",
        "kind": "national_authority",
        "country": "PE",
    },
    # Regional organisations
    "iberred-network": {
        "name": "Ibero-American Network of Public Prosecutors Specialised in Trafficking in "
        "Human Beings",
        "acronym": "IberRed",
        "kind": "regional_organisation",
        "region": "LAC",
    },
    "aiamp": {
        "name": "Ibero-American Association of Public Prosecutors' Offices",
        "acronym": "AIAMP",
        "kind": "regional_organisation",
        "region": "LAC",
    },
    # Other Latin American partners
    "co-das": {
        "name": "Administrative Department of Security, Sub-Directorate for Migration Affairs",
        "acronym": "DAS",
        "kind": "national_authority",
        "country": "CO",
    },
    "co-medellin": {
        "name": "Mayor's Office of Medellín",
        "kind": "local_authority",
        "country": "CO",
    },
    "do-inm": {
        "name": "National Institute for Migration of the Dominican Republic",
        "acronym": "INM",
        "kind": "national_authority",
        "country": "DO",
    },
    "sv-foreign": {
        "name": "Ministry of Foreign Affairs of El Salvador, Directorate General of Liaison "
        "with Salvadorans Abroad",
        "kind": "national_authority",
        "country": "SV",
    },
    "ar-security": {
        "name": "Ministry of Security of Argentina",
        "acronym": "MSA",
        "kind": "national_authority",
        "country": "AR",
    },
    "br-justice": {
        "name": "National Justice Secretariat, Ministry of Justice of Brazil",
        "acronym": "NJS",
        "kind": "national_authority",
        "country": "BR",
    },
    "br-defender": {
        "name": "Federal Public Defender's Office",
        "acronym": "DPU",
        "kind": "judiciary",
        "country": "BR",
    },
    "bo-consular": {
        "name": "Directorate General for Consular Affairs, Ministry of Foreign Affairs of Bolivia",
        "kind": "national_authority",
        "country": "BO",
    },
}

# One user per role, with an e-mail address at example.org (reserved: nothing is delivered there)
# so that the demo shows who would be notified. The password comes from MIEUX_DEMO_PASSWORD
# (see loader.py).
DEMO_USERS: list[dict[str, object]] = [
    {
        "username": "demo-partner-mx",
        "email": "demo-partner-mx@example.org",
        "first_name": "Demo",
        "last_name": "Partner (INM Mexico)",
        "preferred_language": "es",
        "roles": [("partner_focal_point", "mx-inm")],
    },
    {
        "username": "demo-partner-pe",
        "email": "demo-partner-pe@example.org",
        "first_name": "Demo",
        "last_name": "Partner (Ministry of the Interior of Peru)",
        "preferred_language": "es",
        "roles": [("partner_focal_point", "pe-interior")],
    },
    {
        "username": "demo-officer",
        "email": "demo-officer@example.org",
        "first_name": "Demo",
        "last_name": "Project Officer",
        "roles": [("project_officer", "icmpd")],
    },
    {
        "username": "demo-manager",
        "email": "demo-manager@example.org",
        "first_name": "Demo",
        "last_name": "Programme Manager",
        "roles": [("programme_manager", "icmpd")],
    },
    {
        "username": "demo-steering",
        "email": "demo-steering@example.org",
        "first_name": "Demo",
        "last_name": "Steering Committee Member",
        "roles": [("steering_member", "dg-intpa")],
    },
    {
        "username": "demo-expert",
        "email": "demo-expert@example.org",
        "first_name": "Demo",
        "last_name": "Expert",
        "preferred_language": "es",
        "roles": [("expert", "es-inclusion")],
    },
    {
        "username": "demo-knowledge",
        "email": "demo-knowledge@example.org",
        "first_name": "Demo",
        "last_name": "Knowledge Manager",
        "roles": [("knowledge_manager", "icmpd")],
    },
    {
        "username": "demo-admin",
        "email": "demo-admin@example.org",
        "first_name": "Demo",
        "last_name": "Administrator",
        "roles": [("admin", "icmpd")],
        "is_superuser": True,
    },
]
