"""The note that explains an eligibility check, stored as a code with parameters and worded only
when it is shown, so that each reader gets it in their own language.

A stored check is {"code", "passed", "note": {"code", "params"}}. Parameters hold codes, not
words: a country's ISO code, thematic-area codes, and the names and numbers of institutions,
actions and requests, which are proper names in every language. Checks stored before notes had
codes carry their sentence in "detail" instead (the migration that converted the others could
not read them), and are shown as they were written.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mieux.geo.models import Country
from mieux.taxonomy.models import ThematicArea

# note code -> (wording, the parameter its one placeholder shows, or None). The wordings are
# those the checks were always written in, so their translations carry over.
NOTES: dict[str, tuple[Promise, str | None]] = {
    "regional_organisation": (_("Regional request from a regional organisation."), None),
    "no_country_not_regional": (
        _("No country given and the requester is not a regional organisation."),
        None,
    ),
    "country_oda_eligible": (_("%s is eligible for EU development cooperation."), "country"),
    "country_not_oda_eligible": (_("%s is not on the list of ODA recipients."), "country"),
    "requesters_eligible": (_("Every requesting institution may ask for assistance."), None),
    "requesters_not_eligible": (_("Not eligible to request: %s."), "institutions"),
    "civil_society_alone": (_("Civil society may request only jointly with a public body."), None),
    "no_civil_society_alone": (_("No civil society organisation requests alone."), None),
    "thematic_areas_within": (_("Within the facility's thematic areas: %s."), "thematic_areas"),
    "no_thematic_area": (_("No thematic area given."), None),
    "no_overlap": (
        _("No action or open request in the same country and thematic area."),
        None,
    ),
    "possible_overlap": (_("Possibly overlapping: %s."), "overlaps"),
}


def note(code: str, **params: Any) -> dict[str, Any]:
    if code not in NOTES:
        raise ValueError(f"Unknown eligibility note {code!r}")
    return {"code": code, "params": params}


def overlap_action(name: str) -> dict[str, Any]:
    return {"action": name}


def overlap_request(request_id: int, title: str) -> dict[str, Any]:
    return {"request": request_id, "title": title}


@dataclass
class NoteNames:
    """The reference rows the notes of a page name, fetched once for all of them."""

    countries: dict[str, Country] = field(default_factory=dict)
    thematic_areas: dict[str, ThematicArea] = field(default_factory=dict)


def names_for(
    checks: Iterable[dict[str, Any]],
    *,
    countries: Iterable[Country | None] = (),
    thematic_areas: Iterable[ThematicArea] = (),
) -> NoteNames:
    """The rows the notes in `checks` name. `countries` and `thematic_areas` already at hand (a
    request's own, mostly) are used as they are; the rest take one query per kind, if any."""
    names = NoteNames(
        countries={country.iso2: country for country in countries if country is not None},
        thematic_areas={area.code: area for area in thematic_areas},
    )
    missing_countries: set[str] = set()
    missing_areas: set[str] = set()
    for check in checks:
        params = (check.get("note") or {}).get("params") or {}
        if params.get("country") and params["country"] not in names.countries:
            missing_countries.add(params["country"])
        missing_areas.update(
            code for code in params.get("thematic_areas") or () if code not in names.thematic_areas
        )
    if missing_countries:
        names.countries |= Country.objects.in_bulk(missing_countries, field_name="iso2")
    if missing_areas:
        names.thematic_areas |= ThematicArea.objects.in_bulk(missing_areas, field_name="code")
    return names


def overlap_text(overlap: dict[str, Any]) -> str:
    if "action" in overlap:
        return gettext("action %s") % overlap["action"]
    return gettext("request #%(id)d “%(title)s”") % {
        "id": overlap["request"],
        "title": overlap["title"],
    }


def _param_text(name: str, value: Any, names: NoteNames) -> str:
    if name == "country":
        country = names.countries.get(value)
        return country.name if country else str(value)
    if name == "thematic_areas":
        areas = names.thematic_areas
        return ", ".join(areas[code].name if code in areas else str(code) for code in value)
    if name == "overlaps":
        return "; ".join(overlap_text(overlap) for overlap in value)
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)


def note_text(check: dict[str, Any], names: NoteNames) -> str:
    """The check's note in the active language; a check stored as a sentence, as it was."""
    stored = check.get("note")
    if not stored or stored.get("code") not in NOTES:
        return str(check.get("detail", ""))
    wording, parameter = NOTES[stored["code"]]
    if parameter is None:
        return str(wording)
    return str(wording) % _param_text(parameter, stored["params"].get(parameter, ""), names)


def worded(checks: list[dict[str, Any]], names: NoteNames) -> list[dict[str, Any]]:
    """`checks` each with its note as "text" in the active language."""
    return [{**check, "text": note_text(check, names)} for check in checks]


def worded_lists(
    *check_lists: list[dict[str, Any]],
    countries: Iterable[Country | None] = (),
    thematic_areas: Iterable[ThematicArea] = (),
) -> list[list[dict[str, Any]]]:
    """Each list of checks worded, with one lookup of the names all of them need (see
    `names_for` for `countries` and `thematic_areas`)."""
    names = names_for(
        chain.from_iterable(check_lists), countries=countries, thematic_areas=thematic_areas
    )
    return [worded(checks, names) for checks in check_lists]
