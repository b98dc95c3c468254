"""`mieux export_personal_data EMAIL`: everything held about a person, as JSON (GDPR Art. 15/20)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from mieux.core.errors import DomainError
from mieux.experts.personal_data import personal_data_export


class Command(BaseCommand):
    help = (
        "Export everything held about the person with this e-mail address (user accounts, "
        "expert profile, deployments, mission reports, feedback, CV file name, audit activity) "
        "as a JSON document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's e-mail address.")
        parser.add_argument("--output", help="Write the JSON to this file instead of printing it.")
        parser.add_argument(
            "--with-files",
            metavar="DIR",
            help="Copy the person's CV files into this directory (created if missing).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files_dir = Path(options["with_files"]) if options["with_files"] else None
        if files_dir is not None:
            files_dir.mkdir(parents=True, exist_ok=True)
        try:
            document = personal_data_export(actor=None, email=options["email"], files_dir=files_dir)
        except DomainError as error:
            raise CommandError(error.message) from error
        text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            if options["verbosity"] > 0:
                self.stderr.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text)
