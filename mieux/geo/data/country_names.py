"""Country names that pycountry's ISO 3166 catalogues get wrong for our purposes.

Names come from pycountry: English `common_name` where ISO has one ("Bolivia" rather than
"Bolivia, Plurinational State of"), otherwise `name`; Spanish, Brazilian Portuguese and French
from its gettext catalogues. Portuguese is Brazilian because the facility's Portuguese-speaking
partners are in Latin America. The catalogues keep ISO's inverted official forms ("Corée,
République de") and have a few misspellings; the names below replace them, in every language
given, with the short name a reader expects (as used by the EU, the UN and national ministries).
"""

# fmt: off
COUNTRY_NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "AX": {"es": "Islas Åland", "pt": "Ilhas Åland", "fr": "Îles Åland"},
    "BF": {"es": "Burkina Faso", "pt": "Burkina Faso"},
    "BH": {"pt": "Bahrein"},
    "BN": {"en": "Brunei", "es": "Brunéi", "pt": "Brunei", "fr": "Brunei"},
    "BO": {"es": "Bolivia", "pt": "Bolívia", "fr": "Bolivie"},
    "BQ": {"es": "Bonaire, San Eustaquio y Saba"},
    "BY": {"pt": "Belarus"},
    "CC": {"es": "Islas Cocos", "pt": "Ilhas Cocos", "fr": "Îles Cocos"},
    "CD": {
        "en": "Democratic Republic of the Congo", "es": "República Democrática del Congo",
        "pt": "República Democrática do Congo", "fr": "République démocratique du Congo",
    },
    "CG": {"fr": "Congo"},
    "CI": {"es": "Costa de Marfil"},
    "CX": {"pt": "Ilha Christmas", "fr": "Île Christmas"},
    "CZ": {"pt": "Tchéquia"},
    "DZ": {"es": "Argelia"},
    "FK": {"es": "Islas Malvinas (Falkland)", "pt": "Ilhas Malvinas (Falkland)",
           "fr": "Îles Falkland (Malvinas)"},
    "FM": {"en": "Micronesia", "es": "Micronesia", "pt": "Micronésia", "fr": "Micronésie"},
    "GL": {"fr": "Groenland"},
    "GQ": {"fr": "Guinée équatoriale"},
    "IR": {"es": "Irán", "pt": "Irã", "fr": "Iran"},
    "KM": {"es": "Comoras"},
    "LA": {"es": "Laos", "pt": "Laos", "fr": "Laos"},
    "MM": {"es": "Myanmar", "pt": "Myanmar", "fr": "Myanmar"},
    "PS": {"en": "Palestine", "es": "Palestina", "pt": "Palestina", "fr": "Palestine"},
    "RE": {"fr": "La Réunion"},
    "RU": {"en": "Russia", "es": "Rusia", "pt": "Rússia", "fr": "Russie"},
    "SB": {"fr": "Îles Salomon"},
    "SR": {"es": "Surinam"},
    "SX": {"es": "San Martín (parte neerlandesa)"},
    "SZ": {"pt": "Essuatíni"},
    "TN": {"es": "Túnez"},
    "TT": {"pt": "Trinidad e Tobago"},
    "TW": {"es": "Taiwán", "pt": "Taiwan", "fr": "Taïwan"},
    "TZ": {"es": "Tanzania", "pt": "Tanzânia", "fr": "Tanzanie"},
    "VA": {"en": "Holy See", "es": "Santa Sede", "pt": "Santa Sé", "fr": "Saint-Siège"},
    "VE": {"es": "Venezuela", "pt": "Venezuela", "fr": "Venezuela"},
    "VG": {"en": "British Virgin Islands", "es": "Islas Vírgenes Británicas"},
    "VI": {
        "en": "United States Virgin Islands", "es": "Islas Vírgenes de los Estados Unidos",
        "fr": "Îles Vierges des États-Unis",
    },
}
# fmt: on
