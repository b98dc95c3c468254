"""Compile the .po catalogues under mieux/locale into .mo files, with polib (no msgfmt needed).

Run by `make install`, so a fresh clone serves its translations without GNU gettext.
"""

import sys

from mieux.core.i18n import compile_catalogues


def main() -> int:
    compiled = compile_catalogues()
    if compiled:
        print(f"Compiled {compiled} translation catalogue(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
