"""Compile the .po catalogues under mieux/locale into .mo files, with polib (no msgfmt needed).

Run by `make install`, so a fresh clone serves its translations without GNU gettext.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "mieux" / "locale"


def main() -> int:
    compiled = 0
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    if compiled:
        print(f"Compiled {compiled} translation catalogue(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
