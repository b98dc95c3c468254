"""Formulation: an approved request becomes an Action with a draft plan of planned activities.

The plan is drafted by `mieux.intake.draft_plan` and is for the officer to adjust. The action
starts non-public: staff publish it when it is ready.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mieux.core.models import LANGUAGE_CODES
from mieux.intake import draft_plan
from mieux.intake.models import AssistanceRequest
from mieux.portfolio import services as portfolio_services
from mieux.portfolio.models import Action, ActionStatus, ActivityStatus, DatePrecision
from mieux.taxonomy.models import ActivityType, Sector

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
MIGRATION_SECTOR = "15190"


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
    precision = (
        draft_plan.period_precision(start, end)
        if assistance_request.desired_start and assistance_request.desired_end
        else DatePrecision.DAY
    )
    # The Action's texts are the request's, so they are originals in the request's text language.
    # The preferred languages are those the partner wants to work in: the activities' working
    # language (the first the site knows, else the texts' one) and the study visit's host.
    language = assistance_request.text_language
    working_language = next(
        (code for code in assistance_request.languages if code in LANGUAGE_CODES), language
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
        start_precision=precision,
        end_date=end,
        end_precision=precision,
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
    drafts = draft_plan.draft_activities(
        first=start,
        last=end,
        language=language,
        working_language=working_language,
        country=assistance_request.country,
        types={t.code: t for t in ActivityType.objects.all()},
    )
    for draft in drafts:
        portfolio_services.activity_create(
            actor=actor,
            action=action,
            activity_type=draft.activity_type,
            title=draft.title,
            start_date=draft.start_date,
            end_date=draft.end_date,
            status=ActivityStatus.PLANNED,
            country=draft.country,
            language=working_language,
            source_note=_("Draft plan drafted at formulation; adjust dates and content."),
        )
    return action
