"""Load the geography reference data (regions, countries, groupings); safe to run again and again.

Rows are matched by their stable code, created when missing and updated only when a value
differs, so a second run writes nothing and reports nothing created or updated. Rows that are no
longer in the data are kept: other records may point at them.
"""

import gettext
from collections import defaultdict
from functools import cache
from typing import Any

import pycountry
from django.db import models, transaction

from mieux.geo.data.country_names import COUNTRY_NAME_OVERRIDES
from mieux.geo.data.groupings import GROUPINGS
from mieux.geo.data.oda_recipients import NON_ODA_LAC_STATES, ODA_RECIPIENTS
from mieux.geo.data.regions import REGIONS
from mieux.geo.models import Country, Grouping, Region

# Brazilian Portuguese: the facility's Portuguese-speaking partners are in Latin America.
CATALOGUE_LANGUAGES = {"es": "es", "pt": "pt_BR", "fr": "fr"}


def load_geography() -> dict[str, int]:
    """Create or update regions, countries and groupings; return counts per vocabulary.

    Keys are "<vocabulary>.total", ".created" and ".updated", e.g. "countries.created".
    """
    with transaction.atomic():
        counts = _counts("regions", REGIONS, upsert_by_key(Region, _region_rows()))
        region_ids = dict(Region.objects.values_list("code", "id"))
        country_rows = _country_rows(region_ids)
        counts |= _counts("countries", country_rows, upsert_by_key(Country, country_rows, "iso2"))
        counts |= _counts("groupings", GROUPINGS, _load_groupings(region_ids))
    return counts


def upsert_by_key(
    model: type[models.Model], rows: dict[Any, dict[str, Any]], key: str = "code"
) -> tuple[set[Any], set[Any]]:
    """Bulk-create missing rows, bulk-update changed ones; return the created and updated keys."""
    existing = model._default_manager.in_bulk(field_name=key)
    new, changed = {}, {}
    for code, values in rows.items():
        row = existing.get(code)
        if row is None:
            new[code] = model(**{key: code}, **values)
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed[code] = row
    model._default_manager.bulk_create(new.values())
    if changed:
        fields = sorted({field for values in rows.values() for field in values})
        model._default_manager.bulk_update(changed.values(), fields)
    return set(new), set(changed)


def _counts(
    vocabulary: str, data: dict[Any, Any], written: tuple[set[Any], set[Any]]
) -> dict[str, int]:
    created, updated = written
    return {
        f"{vocabulary}.total": len(data),
        f"{vocabulary}.created": len(created),
        f"{vocabulary}.updated": len(updated),
    }


def _names(names: dict[str, str]) -> dict[str, str]:
    return {f"name_{language}": name for language, name in names.items()}


def _region_rows() -> dict[str, dict[str, Any]]:
    return {
        code: {**_names(names), "sort_order": position}
        for position, (code, names) in enumerate(REGIONS.items(), start=1)
    }


def _country_rows(region_ids: dict[str, int]) -> dict[str, dict[str, Any]]:
    rows = {}
    for country in pycountry.countries:
        iso2 = country.alpha_2
        region = ODA_RECIPIENTS.get(iso2) or ("LAC" if iso2 in NON_ODA_LAC_STATES else None)
        rows[iso2] = {
            **_names(country_names(country)),
            "iso3": country.alpha_3,
            "numeric": country.numeric,
            "region_id": region_ids[region] if region else None,
            "is_oda_eligible": iso2 in ODA_RECIPIENTS,
        }
    return rows


def country_names(country: Any) -> dict[str, str]:
    """The short name of a pycountry country in each interface language."""
    english = getattr(country, "common_name", None) or country.name
    names = {"en": english}
    for language in CATALOGUE_LANGUAGES:
        translated = _catalogue(language).gettext(english)
        # Catalogues translate the official name; a common name is only sometimes in them.
        names[language] = (
            translated if translated != english else _catalogue(language).gettext(country.name)
        )
    return names | COUNTRY_NAME_OVERRIDES.get(country.alpha_2, {})


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[CATALOGUE_LANGUAGES[language]]
    )


def _load_groupings(region_ids: dict[str, int]) -> tuple[set[Any], set[Any]]:
    """Upsert the groupings, then make their member lists exactly those of the data."""
    rows = {
        code: {
            **_names(grouping.names),
            "acronym": grouping.acronym,
            "region_id": region_ids[grouping.region],
        }
        for code, grouping in GROUPINGS.items()
    }
    members_before = _grouping_members()
    created, updated = upsert_by_key(Grouping, rows)
    country_ids = dict(Country.objects.values_list("iso2", "id"))
    for grouping in Grouping.objects.filter(code__in=GROUPINGS):
        wanted = GROUPINGS[grouping.code].members
        if members_before.get(grouping.code) != wanted:
            grouping.members.set([country_ids[iso2] for iso2 in wanted])
            if grouping.code not in created:
                updated.add(grouping.code)
    return created, updated


def _grouping_members() -> dict[str, set[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    pairs = Grouping.members.through.objects.values_list("grouping__code", "country__iso2")
    for code, iso2 in pairs:
        members[code].add(iso2)
    return members
