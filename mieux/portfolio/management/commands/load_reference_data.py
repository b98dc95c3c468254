"""`mieux load_reference_data`: countries, regions, groupings and every vocabulary, idempotently."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from mieux.geo.reference import load_geography
from mieux.taxonomy.reference import load_taxonomy


class Command(BaseCommand):
    help = (
        "Load or update the reference data: ISO 3166 countries with ODA eligibility, facility "
        "regions, LAC groupings, thematic areas, GCM objectives, DAC sectors, activity and "
        "output types. Safe to run again: only missing or changed rows are written."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():  # all or nothing, like each loader on its own
            counts = load_geography() | load_taxonomy()
        if options["verbosity"] == 0:
            return
        vocabularies = dict.fromkeys(key.rsplit(".", 1)[0] for key in counts)
        for vocabulary in vocabularies:
            total, created, updated = (
                counts[f"{vocabulary}.{count}"] for count in ("total", "created", "updated")
            )
            self.stdout.write(
                f"{vocabulary}: {total} ({created} created, {updated} updated, "
                f"{total - created - updated} unchanged)"
            )
