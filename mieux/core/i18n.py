"""Compiling the gettext catalogues, without GNU gettext.

The .mo files are not committed: `make install` (scripts/compile_translations.py) and the test
session compile them from the .po files with polib, writing only missing or stale ones.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> int:
    """Write every missing or out-of-date .mo beside its .po; return how many were written."""
    compiled = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    return compiled
