"""The 27 Member States of the European Union (since 1 February 2020), by ISO 3166-1 alpha-2.

Source: https://european-union.europa.eu/principles-countries-history/eu-countries_en. Experts
come from their administrations and study visits go to them; the set changes by treaty only.
"""

EU_MEMBER_STATES: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip
