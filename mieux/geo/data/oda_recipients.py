"""Who is eligible (ODA recipients) and which facility region each country belongs to.

Source: OECD DAC List of ODA Recipients, effective for reporting on 2024 and 2025 flows
(https://www.oecd.org/dac/financing-sustainable-development/development-finance-standards/daclist.htm).
Kosovo is on that list but has no ISO 3166-1 code (pycountry has no XK), so it is left out here.

Regions: AFR Africa (without the Southern Neighbourhood); ASI Asia, Central Asia, the Pacific and
the Middle East outside the Neighbourhood (IQ, IR, YE); ENI the EU Neighbourhood, i.e. the Eastern
Partnership and the Southern Neighbourhood, plus the Western Balkans and Türkiye so that every
ODA recipient has a region; LAC Latin America & the Caribbean. Overseas territories on the list
(Montserrat, Saint Helena, Tokelau, Wallis and Futuna) keep the region they are in.
"""

# fmt: off
ODA_RECIPIENTS: dict[str, str] = {
    # Africa
    "AO": "AFR", "BF": "AFR", "BI": "AFR", "BJ": "AFR", "BW": "AFR", "CD": "AFR", "CF": "AFR",
    "CG": "AFR", "CI": "AFR", "CM": "AFR", "CV": "AFR", "DJ": "AFR", "ER": "AFR", "ET": "AFR",
    "GA": "AFR", "GH": "AFR", "GM": "AFR", "GN": "AFR", "GQ": "AFR", "GW": "AFR", "KE": "AFR",
    "KM": "AFR", "LR": "AFR", "LS": "AFR", "MG": "AFR", "ML": "AFR", "MR": "AFR", "MU": "AFR",
    "MW": "AFR", "MZ": "AFR", "NA": "AFR", "NE": "AFR", "NG": "AFR", "RW": "AFR", "SD": "AFR",
    "SH": "AFR", "SL": "AFR", "SN": "AFR", "SO": "AFR", "SS": "AFR", "ST": "AFR", "SZ": "AFR",
    "TD": "AFR", "TG": "AFR", "TZ": "AFR", "UG": "AFR", "ZA": "AFR", "ZM": "AFR", "ZW": "AFR",
    # Asia, Central Asia, the Pacific, Middle East outside the Neighbourhood
    "AF": "ASI", "BD": "ASI", "BT": "ASI", "CN": "ASI", "FJ": "ASI", "FM": "ASI", "ID": "ASI",
    "IN": "ASI", "IQ": "ASI", "IR": "ASI", "KG": "ASI", "KH": "ASI", "KI": "ASI", "KP": "ASI",
    "KZ": "ASI", "LA": "ASI", "LK": "ASI", "MH": "ASI", "MM": "ASI", "MN": "ASI", "MV": "ASI",
    "MY": "ASI", "NP": "ASI", "NR": "ASI", "NU": "ASI", "PG": "ASI", "PH": "ASI", "PK": "ASI",
    "PW": "ASI", "SB": "ASI", "TH": "ASI", "TJ": "ASI", "TK": "ASI", "TL": "ASI", "TM": "ASI",
    "TO": "ASI", "TV": "ASI", "UZ": "ASI", "VN": "ASI", "VU": "ASI", "WF": "ASI", "WS": "ASI",
    "YE": "ASI",
    # EU Neighbourhood: Eastern Partnership, Southern Neighbourhood, Western Balkans, Türkiye
    "AM": "ENI", "AZ": "ENI", "BY": "ENI", "GE": "ENI", "MD": "ENI", "UA": "ENI",
    "DZ": "ENI", "EG": "ENI", "JO": "ENI", "LB": "ENI", "LY": "ENI", "MA": "ENI", "PS": "ENI",
    "SY": "ENI", "TN": "ENI",
    "AL": "ENI", "BA": "ENI", "ME": "ENI", "MK": "ENI", "RS": "ENI", "TR": "ENI",
    # Latin America & the Caribbean
    "AR": "LAC", "BO": "LAC", "BR": "LAC", "BZ": "LAC", "CO": "LAC", "CR": "LAC", "CU": "LAC",
    "DM": "LAC", "DO": "LAC", "EC": "LAC", "GD": "LAC", "GT": "LAC", "GY": "LAC", "HN": "LAC",
    "HT": "LAC", "JM": "LAC", "LC": "LAC", "MS": "LAC", "MX": "LAC", "NI": "LAC", "PA": "LAC",
    "PE": "LAC", "PY": "LAC", "SR": "LAC", "SV": "LAC", "VC": "LAC", "VE": "LAC",
}
# fmt: on

# Sovereign states of Latin America & the Caribbean that have graduated from the ODA list (or were
# never on it): they are in the facility's region and in its groupings, but not eligible.
NON_ODA_LAC_STATES: frozenset[str] = frozenset({"AG", "BB", "BS", "CL", "KN", "TT", "UY"})
