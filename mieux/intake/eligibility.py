"""Eligibility checks computed for an assessment: shown to the officer, stored with it.

Each check is {"code", "passed", "detail"}; `possible_duplication` is advice, not a bar.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from mieux.accounts.models import InstitutionKind
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


def _check(code: str, passed: bool, detail: str) -> dict[str, Any]:
    return {"code": code, "passed": passed, "detail": detail}


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
                _("Regional request from a regional organisation.")
                if regional
                else _("No country given and the requester is not a regional organisation."),
            )
        )
    else:
        checks.append(
            _check(
                "country_eligible",
                country.is_oda_eligible,
                _("%s is eligible for EU development cooperation.") % country.name
                if country.is_oda_eligible
                else _("%s is not on the list of ODA recipients.") % country.name,
            )
        )

    ineligible = [i for i in institutions if i.kind not in ELIGIBLE_KINDS]
    checks.append(
        _check(
            "requester_type_eligible",
            not ineligible,
            _("Every requesting institution may ask for assistance.")
            if not ineligible
            else _("Not eligible to request: %s.") % ", ".join(str(i) for i in ineligible),
        )
    )

    civil_society_alone = K.CIVIL_SOCIETY in kinds and not (kinds & PUBLIC_BODIES)
    checks.append(
        _check(
            "civil_society_jointly",
            not civil_society_alone,
            _("Civil society may request only jointly with a public body.")
            if civil_society_alone
            else _("No civil society organisation requests alone."),
        )
    )

    checks.append(
        _check(
            "thematic_fit",
            bool(themes),
            _("Within the facility's thematic areas: %s.") % ", ".join(t.code for t in themes)
            if themes
            else _("No thematic area given."),
        )
    )

    duplicates = possible_duplicates(assistance_request)
    checks.append(
        _check(
            "possible_duplication",
            not duplicates,
            _("No action or open request in the same country and thematic area.")
            if not duplicates
            else _("Possibly overlapping: %s.") % "; ".join(duplicates),
        )
    )
    return checks


def possible_duplicates(assistance_request: AssistanceRequest) -> list[str]:
    """Planned or ongoing actions and other open requests in the same country and theme."""
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
    return [str(_("action %s") % a.name) for a in actions] + [
        str(_("request #%(id)d “%(title)s”") % {"id": r.pk, "title": r.title}) for r in requests
    ]
