"""Load the taxonomy reference data; safe to run again and again.

Thematic areas, activity and output types come from `vocabulary.py`; GCM objectives and DAC
sectors from the files in `data/` (see data/SOURCES.md). Rows are matched by their stable code,
created when missing and updated only when a value differs, so a second run writes nothing.
Rows no longer in the data are kept: actions may still point at them.
"""

import csv
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from django.db import models, transaction

from mieux.taxonomy.models import ActivityType, GCMObjective, OutputType, Sector, ThematicArea
from mieux.taxonomy.vocabulary import ACTIVITY_TYPES, OUTPUT_TYPES, THEMATIC_AREAS

DATA_DIR = Path(__file__).resolve().parent / "data"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def load_taxonomy() -> dict[str, int]:
    """Create or update every taxonomy vocabulary; return counts per vocabulary.

    Keys are "<vocabulary>.total", ".created" and ".updated", e.g. "sectors.created".
    """
    with transaction.atomic():
        counts = _load_thematic_areas()
        for vocabulary, model, rows, key in (
            ("GCM objectives", GCMObjective, gcm_objective_rows(), "number"),
            ("DAC sectors", Sector, sector_rows(), "code"),
            ("activity types", ActivityType, _ordered_rows(ACTIVITY_TYPES), "code"),
            ("output types", OutputType, _ordered_rows(OUTPUT_TYPES), "code"),
        ):
            counts |= _counts(vocabulary, len(rows), upsert_by_key(model, rows, key))
    return counts


def upsert_by_key(
    model: type[models.Model], rows: dict[Any, dict[str, Any]], key: str = "code"
) -> tuple[set[Any], set[Any]]:
    """Bulk-create missing rows, bulk-update changed ones; return the created and updated keys."""
    # The same helper as in mieux.geo.reference: geo and taxonomy may not import each other.
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


def gcm_objective_rows() -> dict[int, dict[str, Any]]:
    with (DATA_DIR / "gcm_objectives.tsv").open(encoding="utf-8", newline="") as tsv:
        return {int(number): {"title": title} for number, title in csv.reader(tsv, delimiter="\t")}


def sector_rows() -> dict[str, dict[str, Any]]:
    # The file is shipped with mieux (data/SOURCES.md), not user input.
    codelist = ET.parse(DATA_DIR / "Sector.xml").getroot()  # noqa: S314
    rows = {}
    for item in codelist.iter("codelist-item"):
        names = {n.get(XML_LANG, "en"): n.text or "" for n in item.iterfind("name/narrative")}
        rows[item.findtext("code", "")] = {
            "name": names["en"].strip(),
            "name_fr": names.get("fr", "").strip(),
            "category": item.findtext("category", "").strip(),
            "is_active": item.get("status") == "active",
        }
    return rows


def _load_thematic_areas() -> dict[str, int]:
    # Pillars first, so that their specific areas can point at them.
    sort_order = {code: i for i, code in enumerate(_flat_thematic_areas(), start=1)}
    pillars = {
        pillar: {**_names(areas[pillar]), "parent_id": None, "sort_order": sort_order[pillar]}
        for pillar, areas in THEMATIC_AREAS.items()
    }
    created, updated = upsert_by_key(ThematicArea, pillars)
    pillar_ids = dict(ThematicArea.objects.filter(code__in=pillars).values_list("code", "id"))
    specific_areas = {
        code: {**_names(names), "parent_id": pillar_ids[pillar], "sort_order": sort_order[code]}
        for pillar, areas in THEMATIC_AREAS.items()
        for code, names in areas.items()
        if code != pillar
    }
    more_created, more_updated = upsert_by_key(ThematicArea, specific_areas)
    total = len(pillars) + len(specific_areas)
    return _counts("thematic areas", total, (created | more_created, updated | more_updated))


def _flat_thematic_areas() -> list[str]:
    return [code for areas in THEMATIC_AREAS.values() for code in areas]


def _ordered_rows(vocabulary: dict[str, dict[str, str]]) -> dict[str, dict[str, Any]]:
    return {
        code: {**_names(names), "sort_order": position}
        for position, (code, names) in enumerate(vocabulary.items(), start=1)
    }


def _names(names: dict[str, str]) -> dict[str, str]:
    return {f"name_{language}": name for language, name in names.items()}


def _counts(vocabulary: str, total: int, written: tuple[set[Any], set[Any]]) -> dict[str, int]:
    created, updated = written
    return {
        f"{vocabulary}.total": total,
        f"{vocabulary}.created": len(created),
        f"{vocabulary}.updated": len(updated),
    }
