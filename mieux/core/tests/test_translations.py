"""The Spanish, Portuguese and French catalogues are complete and current.

Complete: every entry is translated and none is fuzzy. Current: every string marked for
translation in the code is in the catalogue (checked by running `makemessages` on a temporary copy
of the package when xgettext is installed). To fix a failure, run from the `mieux` directory:
`../.venv/bin/python ../manage.py makemessages -l es -l pt -l fr --ignore='*/tests/*'`, translate
the new or fuzzy entries, then `compilemessages`.
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PACKAGE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ("es", "pt", "fr")
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]+\}")


def catalogue(language: str) -> polib.POFile:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run makemessages -l {language}"
    return polib.pofile(str(path))


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete and entry.msgid]


def key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_entry(language):
    po = catalogue(language)

    untranslated = [
        entry.msgid
        for entry in live_entries(po)
        if (not all(entry.msgstr_plural.values()) if entry.msgid_plural else not entry.msgstr)
    ]

    assert untranslated == [], f"{language}: {len(untranslated)} untranslated"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_entry(language):
    po = catalogue(language)

    fuzzy = [entry.msgid for entry in live_entries(po) if "fuzzy" in entry.flags]

    assert fuzzy == [], f"{language}: fuzzy entries need review"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    po = catalogue(language)

    broken = []
    for entry in live_entries(po):
        # A plural entry's forms may use the placeholders of either English form ("The best
        # one is shown." / "The best %(counter)s are shown."), and a singular form may name the
        # number in words ("un", "une") instead of %(counter)s.
        source = f"{entry.msgid} {entry.msgid_plural}" if entry.msgid_plural else entry.msgid
        expected = sorted(PLACEHOLDER.findall(source))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            found = sorted(PLACEHOLDER.findall(translation))
            if found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                broken.append((entry.msgid, translation))

    assert broken == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_catalogues_hold_every_string_marked_in_the_code(tmp_path, monkeypatch):
    copy = tmp_path / "mieux"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "tests", "*.pyc", "static"),
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)

    with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
        call_command("makemessages", locale=["es"], ignore_patterns=["*/tests/*"], verbosity=0)

    marked = {
        key(entry)
        for entry in live_entries(polib.pofile(str(copy / "locale/es/LC_MESSAGES/django.po")))
    }
    for language in LANGUAGES:
        present = {key(entry) for entry in live_entries(catalogue(language))}
        missing = sorted(msgid for _context, msgid in marked - present)
        assert missing == [], f"{language}: not in the catalogue, run makemessages: {missing}"
