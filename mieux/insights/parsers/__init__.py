"""One parser per source. Each reads a whole file into memory (a few hundred thousand figures at
most) and refuses a file whose layout is not the one expected, naming the sheet, row and column."""

from collections.abc import Callable
from pathlib import Path

from mieux.insights.models import Source
from mieux.insights.parsers.common import ParsedRelease, Progress
from mieux.insights.parsers.desa import parse_desa
from mieux.insights.parsers.unhcr import parse_unhcr


def parse_source(source: str, path: Path, progress: Progress | None = None) -> ParsedRelease:
    parsers: dict[str, Callable[[Path, Progress | None], ParsedRelease]] = {
        Source.DESA_2019: lambda path, progress: parse_desa(Source.DESA_2019, path, progress),
        Source.DESA_2020: lambda path, progress: parse_desa(Source.DESA_2020, path, progress),
        Source.UNHCR: parse_unhcr,
    }
    return parsers[source](path, progress)
