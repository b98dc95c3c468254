"""Importing a source's release: `migration_data_import`, the one write path (command, tests).

The file is parsed whole before anything is written, so a file in an unexpected layout raises
`LayoutError` (naming the sheet, row and column) and leaves the data as it was. The swap is one
transaction: the source's previous observations go, the new ones come, with one audit event.
The same file again (by SHA-256) writes nothing.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mieux.core.audit import record_event, snapshot
from mieux.core.errors import DomainError
from mieux.geo.models import Country
from mieux.insights.models import Observation, Release, Source
from mieux.insights.parsers import parse_source
from mieux.insights.parsers.common import ParsedObservation, Progress

BATCH_SIZE = 2000
RELEASE_FIELDS = (
    "edition",
    "title",
    "address",
    "licence",
    "file_name",
    "file_sha256",
    "observation_count",
)


@dataclass(frozen=True)
class ImportResult:
    release: Release
    changed: bool
    observation_count: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def migration_data_import(
    *, actor: Any, source: str, path: Path | str, progress: Progress | None = None
) -> ImportResult:
    """Import `path` as the current release of `source`, replacing the previous one."""
    if source not in Source.values:
        raise DomainError(
            _("Unknown source %(source)s: choose one of %(choices)s.")
            % {"source": source, "choices": ", ".join(Source.values)},
            field="source",
        )
    path = Path(path)
    if not path.is_file():
        raise DomainError(_("No such file: %(path)s") % {"path": path}, field="path")
    sha256 = file_sha256(path)
    current = Release.objects.filter(source=source).first()
    if current is not None and current.file_sha256 == sha256:
        return ImportResult(release=current, changed=False, observation_count=0)
    parsed = parse_source(source, path, progress)
    countries = _countries(source)
    with transaction.atomic():
        release = Release.objects.select_for_update().filter(source=source).first()
        before = snapshot(release, RELEASE_FIELDS) if release is not None else None
        if release is None:
            release = Release(source=source)
        else:
            release.observations.all().delete()
        release.edition, release.title = parsed.edition, parsed.title
        release.address, release.licence = parsed.address, parsed.licence
        release.file_name, release.file_sha256 = path.name, sha256
        release.observation_count = len(parsed.observations)
        release.imported_at = timezone.now()
        release.save()
        _store(release, parsed.observations, countries, progress)
        record_event(
            actor=actor,
            verb="insights.release_imported",
            instance=release,
            before=before,
            after=snapshot(release, RELEASE_FIELDS),
        )
    return ImportResult(release=release, changed=True, observation_count=len(parsed.observations))


def _countries(source: str) -> dict[str, int]:
    """The source's area codes of the countries mieux knows: M49 for DESA, ISO3 for UNHCR."""
    key = "iso3" if source == Source.UNHCR else "numeric"
    return dict(Country.objects.values_list(key, "id"))


def _store(
    release: Release,
    observations: Iterable[ParsedObservation],
    countries: dict[str, int],
    progress: Progress | None,
) -> None:
    rows = list(observations)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        Observation.objects.bulk_create(
            Observation(
                release=release,
                area_code=row.area_code,
                area_name=row.area_name[:128],
                country_id=countries.get(row.area_code),
                year=row.year,
                indicator=row.indicator,
                sex=row.sex,
                origin_code=row.origin_code,
                origin_name=row.origin_name[:128],
                origin_country_id=countries.get(row.origin_code) if row.origin_code else None,
                value=row.value,
            )
            for row in batch
        )
        if progress is not None:
            progress("store", start + len(batch), len(rows))
