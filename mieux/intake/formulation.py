"""Formulation: an approved request becomes an Action with a draft plan of planned activities.

The facility "re-formulates an approved request into an Action composed of 6-7 activities"; the
plan drafted here follows the usual shape (assessment mission first, a closing event last) and
is for the officer to adjust. The action starts non-public: staff publish it when it is ready.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mieux.intake.models import AssistanceRequest
from mieux.portfolio import services as portfolio_services
from mieux.portfolio.models import Action, ActionStatus, ActivityStatus
from mieux.taxonomy.models import ActivityType, Sector

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
MIGRATION_SECTOR = "15190"
# (activity type, share of the period at which it is planned); titles are set below.
DRAFT_PLAN = (
    ("assessment_mission", 0.0),
    ("workshop", 0.15),
    ("training", 0.3),
    ("study_visit", 0.45),
    ("drafting_support", 0.6),
    ("training", 0.8),
    ("seminar", 1.0),
)


def _draft_titles() -> dict[int, str]:
    return {
        0: _("Assessment mission and bilateral meetings"),
        1: _("Knowledge exchange workshop"),
        2: _("Training of officials"),
        3: _("Study visit to an EU Member State"),
        4: _("Drafting support for the main output"),
        5: _("Training of trainers"),
        6: _("Closing event presenting the results"),
    }


def action_name_for(assistance_request: AssistanceRequest) -> str:
    """Country (or lead institution) plus the numeral after the highest taken: "Peru V"."""
    base = (
        assistance_request.country.name_en
        if assistance_request.country
        else assistance_request.lead_institution.acronym or assistance_request.lead_institution.name
    )
    names = Action.objects.filter(name__startswith=base).values_list("name", flat=True)
    taken = [
        ROMAN.index(name[len(base) + 1 :]) + 1 for name in names if name[len(base) + 1 :] in ROMAN
    ]
    if base in names:  # The first action of a country may carry no numeral ("Mexico").
        taken.append(1)
    number = max(taken, default=0) + 1
    return f"{base} {ROMAN[number - 1]}" if number <= len(ROMAN) else f"{base} {number}"


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "action"
    slug, counter = base, 2
    while Action.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def action_from_request(*, actor: Any, assistance_request: AssistanceRequest) -> Action:
    themes = list(assistance_request.thematic_areas.select_related("parent"))
    pillars = [t.parent or t for t in themes]
    start = assistance_request.desired_start or timezone.localdate()
    end = assistance_request.desired_end or start + datetime.timedelta(days=365)
    language = next(
        (code for code in assistance_request.languages if code in {"en", "es", "pt", "fr"}), "en"
    )
    name = action_name_for(assistance_request)
    action = portfolio_services.action_create(
        actor=actor,
        slug=_unique_slug(name),
        name=name,
        title=assistance_request.title,
        region=assistance_request.region,
        pillar=pillars[0],
        status=ActionStatus.PLANNED,
        start_date=start,
        start_precision="day",
        end_date=end,
        end_precision="day",
        language=language,
        context=assistance_request.context,
        objective=assistance_request.objective,
        is_public=False,
        source_note=_("Formulated from request #%d.") % assistance_request.pk,
        countries=[assistance_request.country] if assistance_request.country else [],
        partner_institutions=list(assistance_request.requesting_institutions.all()),
        thematic_areas=[t for t in themes if t.parent_id is not None],
        sectors=list(Sector.objects.filter(code=MIGRATION_SECTOR)),
    )
    types = {t.code: t for t in ActivityType.objects.all()}
    titles = _draft_titles()
    span = (end - start).days
    for index, (type_code, share) in enumerate(DRAFT_PLAN):
        day = start + datetime.timedelta(days=round(span * share))
        portfolio_services.activity_create(
            actor=actor,
            action=action,
            activity_type=types[type_code],
            title=titles[index],
            start_date=day,
            status=ActivityStatus.PLANNED,
            country=assistance_request.country,
            language=language,
            source_note=_("Draft plan drafted at formulation; adjust dates and content."),
        )
    return action
