"""Eligibility checks computed for an assessment: shown to the officer, stored with it.

Each check is {"code", "passed", "note"}, the note worded by `check_notes` when shown;
`possible_duplication` is advice, not a bar.
"""

from typing import Any

from django.db.models import Q

from mieux.accounts.models import InstitutionKind
from mieux.intake import check_notes
from mieux.intake.models import AssistanceRequest
from mieux.intake.workflow import CLOSED_STATES
from mieux.portfolio.models import Action, ActionStatus

K = InstitutionKind
# Who may ask (MIEUX+): national and local authorities, regional organisations, judiciary,
# prosecutors, ombudspersons, parliaments; civil society only with a public body.
PUBLIC_BODIES = frozenset(
    {
        K.NATIONAL_AUTHORITY,
        K.LOCAL_AUTHORITY,
        K.REGIONAL_ORGANISATION,
        K.JUDICIARY,
        K.OMBUDSPERSON,
        K.PARLIAMENT,
    }
)
ELIGIBLE_KINDS = PUBLIC_BODIES | {K.CIVIL_SOCIETY}
CHECK_CODES = (
    "country_eligible",
    "requester_type_eligible",
    "civil_society_jointly",
    "thematic_fit",
    "possible_duplication",
)


def _check(code: str, passed: bool, note_code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "passed": passed, "note": check_notes.note(note_code, **params)}


def compute_checks(assistance_request: AssistanceRequest) -> list[dict[str, Any]]:
    institutions = list(assistance_request.requesting_institutions.all())
    kinds = {institution.kind for institution in institutions}
    country = assistance_request.country
    themes = list(assistance_request.thematic_areas.all())
    checks = []

    if country is None:
        regional = all(i.kind == K.REGIONAL_ORGANISATION for i in institutions) and institutions
        checks.append(
            _check(
                "country_eligible",
                bool(regional),
                "regional_organisation" if regional else "no_country_not_regional",
            )
        )
    else:
        checks.append(
            _check(
                "country_eligible",
                country.is_oda_eligible,
                "country_oda_eligible" if country.is_oda_eligible else "country_not_oda_eligible",
                country=country.iso2,
            )
        )

    ineligible = [i for i in institutions if i.kind not in ELIGIBLE_KINDS]
    checks.append(
        _check("requester_type_eligible", not ineligible, "requesters_eligible")
        if not ineligible
        else _check(
            "requester_type_eligible",
            False,
            "requesters_not_eligible",
            institutions=[str(i) for i in ineligible],
        )
    )

    civil_society_alone = K.CIVIL_SOCIETY in kinds and not (kinds & PUBLIC_BODIES)
    checks.append(
        _check(
            "civil_society_jointly",
            not civil_society_alone,
            "civil_society_alone" if civil_society_alone else "no_civil_society_alone",
        )
    )

    checks.append(
        _check(
            "thematic_fit",
            True,
            "thematic_areas_within",
            thematic_areas=[t.code for t in themes],
        )
        if themes
        else _check("thematic_fit", False, "no_thematic_area")
    )

    overlaps = possible_duplicates(assistance_request)
    checks.append(
        _check("possible_duplication", False, "possible_overlap", overlaps=overlaps)
        if overlaps
        else _check("possible_duplication", True, "no_overlap")
    )
    return checks


def possible_duplicates(assistance_request: AssistanceRequest) -> list[dict[str, Any]]:
    """Planned or ongoing actions and other open requests in the same country and theme, as
    overlaps for `check_notes.overlap_text`."""
    if assistance_request.country_id is None:
        return []
    theme_ids = [t.pk for t in assistance_request.thematic_areas.all()]
    if not theme_ids:
        return []
    in_theme = Q(thematic_areas__in=theme_ids) | Q(pillar__in=theme_ids)
    actions = (
        Action.objects.filter(countries=assistance_request.country_id)
        .filter(status__in=[ActionStatus.PLANNED, ActionStatus.ONGOING])
        .filter(in_theme)
        .distinct()
        .order_by("name")
    )
    requests = (
        AssistanceRequest.objects.filter(country_id=assistance_request.country_id)
        .exclude(pk=assistance_request.pk)
        .exclude(status__in=CLOSED_STATES)
        .filter(thematic_areas__in=theme_ids)
        .distinct()
        .order_by("id")
    )
    return [check_notes.overlap_action(a.name) for a in actions] + [
        check_notes.overlap_request(r.pk, r.title) for r in requests
    ]
