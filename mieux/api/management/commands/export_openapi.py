"""`mieux export_openapi`: write the OpenAPI schema of API v1 to mieux/api/openapi.json.

The committed file is the API's contract; a test fails when the live schema differs from it.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

SNAPSHOT_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


def openapi_document() -> str:
    """The live schema, rendered exactly as the snapshot is stored."""
    from mieux.api.v1 import api

    with translation.override("en"):
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI schema of API v1 (default: mieux/api/openapi.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=SNAPSHOT_PATH, help="Where to write.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero if the file differs from the live schema.",
        )

    def handle(self, *args: Any, output: Path, check: bool, **options: Any) -> None:
        document = openapi_document()
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != document:
                raise CommandError(f"{output} is out of date: run `mieux export_openapi`.")
            return
        output.write_text(document, encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
