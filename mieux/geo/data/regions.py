"""The facility's four regions, with stable codes (display order is the order here).

These lived in `mieux.taxonomy.vocabulary` at first; they moved here because `geo` loads them and
may not import `taxonomy` (the two apps are independent layers).
"""

REGIONS: dict[str, dict[str, str]] = {
    "AFR": {"en": "Africa", "es": "África", "pt": "África", "fr": "Afrique"},
    "ASI": {"en": "Asia", "es": "Asia", "pt": "Ásia", "fr": "Asie"},
    "ENI": {
        "en": "EU Neighbourhood",
        "es": "Vecindad de la UE",
        "pt": "Vizinhança da UE",
        "fr": "Voisinage de l'UE",
    },
    "LAC": {
        "en": "Latin America & the Caribbean",
        "es": "América Latina y el Caribe",
        "pt": "América Latina e Caribe",
        "fr": "Amérique latine et Caraïbes",
    },
}
