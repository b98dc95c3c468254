"""Translation gate: every es/pt/fr catalogue is complete, and current with the code.

Complete: no untranslated or fuzzy entry. Current (when GNU gettext is installed): running
makemessages on a copy of the catalogues adds no message id they lack.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "mieux" / "locale"
LANGUAGES = ("es", "pt", "fr")


def incomplete_entries(locale_dir: Path) -> list[str]:
    problems = []
    for language in LANGUAGES:
        for domain in ("django", "djangojs"):
            path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                if domain == "django":
                    problems.append(f"{path.relative_to(locale_dir)}: missing")
                continue
            catalogue = polib.pofile(str(path))
            for entry in catalogue.untranslated_entries():
                problems.append(f"{language}: untranslated {entry.msgid!r}")
            for entry in catalogue.fuzzy_entries():
                problems.append(f"{language}: fuzzy {entry.msgid!r}")
    return problems


def missing_ids() -> list[str]:
    """Message ids in the code that the committed catalogues lack.

    makemessages runs on a copy of the package (imported from the copy, so LOCALE_PATHS points
    there too): the committed catalogues are never touched.
    """
    if shutil.which("xgettext") is None:
        print("xgettext not found: checked completeness only (install GNU gettext).")
        return []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "mieux"
        shutil.copytree(ROOT / "mieux", copy, ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mieux.manage",
                "makemessages",
                "-l",
                "es",
                "-l",
                "pt",
                "-l",
                "fr",
                "--ignore=*/tests/*",
                "--no-obsolete",
                "--no-location",
            ],
            cwd=copy,
            check=True,
            capture_output=True,
            env={
                "PYTHONPATH": scratch,
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "mieux.config.settings",
                "MIEUX_VAR_DIR": scratch,
            },
        )
        return incomplete_entries(copy / "locale")


def main() -> int:
    problems = incomplete_entries(LOCALE_DIR) or missing_ids()
    for problem in problems[:50]:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s); run `make messages` and translate them.")
        return 1
    print("Translations complete for " + ", ".join(LANGUAGES) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
