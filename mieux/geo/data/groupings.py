"""Latin American and Caribbean groupings the facility reports on, with their members.

Sources: docs/reference/lac.md §1 (pages of the bodies themselves and of the press, cited there).
- CAN: the four full members; Venezuela left in 2006.
- CARICOM: the 15 full members (Montserrat is a British territory but a full member); the five
  associate members are not listed.
- MERCOSUR: the States Parties taking part today: the four founders and Bolivia, whose accession
  protocol came into force in July 2024 (it has until 2028 to adopt the common rules). Venezuela
  is left out: it has been suspended from all rights since August 2017. Associates are not listed.
- PA: the Pacific Alliance's four members (Lima Declaration 2011).
- SICA: the eight member states (Protocol of Tegucigalpa 1991).
- NTCA: the Northern Triangle of Central America, a sub-region rather than an organisation.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupingData:
    acronym: str
    names: dict[str, str]
    members: frozenset[str]
    region: str = "LAC"


# fmt: off
CARICOM_MEMBERS = frozenset({
    "AG", "BB", "BS", "BZ", "DM", "GD", "GY", "HT", "JM", "KN", "LC", "MS", "SR", "TT", "VC",
})
# fmt: on

GROUPINGS: dict[str, GroupingData] = {
    "CAN": GroupingData(
        acronym="CAN",
        names={
            "en": "Andean Community",
            "es": "Comunidad Andina",
            "pt": "Comunidade Andina",
            "fr": "Communauté andine",
        },
        members=frozenset({"BO", "CO", "EC", "PE"}),
    ),
    "CARICOM": GroupingData(
        acronym="CARICOM",
        names={
            "en": "Caribbean Community",
            "es": "Comunidad del Caribe",
            "pt": "Comunidade do Caribe",
            "fr": "Communauté caribéenne",
        },
        members=CARICOM_MEMBERS,
    ),
    "MERCOSUR": GroupingData(
        acronym="MERCOSUR",
        names={
            "en": "Southern Common Market",
            "es": "Mercado Común del Sur",
            "pt": "Mercado Comum do Sul",
            "fr": "Marché commun du Sud",
        },
        members=frozenset({"AR", "BO", "BR", "PY", "UY"}),
    ),
    "PA": GroupingData(
        acronym="",
        names={
            "en": "Pacific Alliance",
            "es": "Alianza del Pacífico",
            "pt": "Aliança do Pacífico",
            "fr": "Alliance du Pacifique",
        },
        members=frozenset({"CL", "CO", "MX", "PE"}),
    ),
    "SICA": GroupingData(
        acronym="SICA",
        names={
            "en": "Central American Integration System",
            "es": "Sistema de la Integración Centroamericana",
            "pt": "Sistema da Integração Centro-Americana",
            "fr": "Système d'intégration centraméricain",
        },
        members=frozenset({"BZ", "CR", "DO", "GT", "HN", "NI", "PA", "SV"}),
    ),
    "NTCA": GroupingData(
        acronym="NTCA",
        names={
            "en": "Northern Triangle of Central America",
            "es": "Triángulo Norte de Centroamérica",
            "pt": "Triângulo Norte da América Central",
            "fr": "Triangle du Nord de l'Amérique centrale",
        },
        members=frozenset({"GT", "HN", "SV"}),
    ),
}
