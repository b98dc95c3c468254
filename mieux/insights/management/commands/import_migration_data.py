"""`mieux import_migration_data --source desa2019|desa2020|unhcr PATH`: one release, with a
progress bar; a file in an unexpected layout is refused (naming sheet, row and column) and the
data stay as they were."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mieux.core.errors import DomainError
from mieux.insights.models import Source
from mieux.insights.services import migration_data_import

STAGES = {"read": "Reading", "store": "Storing"}


class Command(BaseCommand):
    help = (
        "Import migration context data: the UN DESA International Migrant Stock 2019 or 2020 "
        "workbook (Tables 1, 2, 3 and 6) or the UNHCR population statistics CSV. Replaces the "
        "source's previous release in one transaction; the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source", required=True, choices=Source.values, help="Which publication PATH is."
        )
        parser.add_argument("path", help="The workbook (.xlsx) or CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        show = options["verbosity"] > 0
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=None,
            disable=not show,
            transient=True,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            try:
                result = migration_data_import(
                    actor=None,
                    source=options["source"],
                    path=Path(options["path"]),
                    progress=progress,
                )
            except DomainError as error:
                raise CommandError(error.message) from error
        if not show:
            return
        if result.changed:
            self.stdout.write(
                f"{result.release}: {result.observation_count} observations imported."
            )
        else:
            digest = result.release.file_sha256[:12]
            self.stdout.write(
                f"{result.release}: this file is already imported ({digest}); nothing changed."
            )
