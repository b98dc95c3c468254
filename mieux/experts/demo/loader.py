"""Load the demo roster through the services: institutions, experts, upcoming activities,
deployments, partner feedback and one mission report. Idempotent: institutions are keyed by name
and country, experts by e-mail (demo-expert's by user), actions by slug, activities by action,
title and start date, deployments by expert and activity, feedback by activity and author. An
existing object is left as it is, so a second run creates nothing and changes nothing.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mieux.accounts.models import Institution, User
from mieux.accounts.services import institution_get_or_create
from mieux.core.errors import DomainError
from mieux.experts import invitations, profile_status, profiles, services
from mieux.experts.demo import activities as demo_activities
from mieux.experts.demo import history
from mieux.experts.demo.institutions import EXPERT_TYPES, INSTITUTIONS
from mieux.experts.demo.people import DemoExpert
from mieux.experts.demo.plan import (
    DEMO_EXPERT,
    DEMO_EXPERT_PAST,
    UPCOMING,
    Calendar,
    languages,
    past_teams,
)
from mieux.experts.demo.roster import DEMO_EXPERT_PROFILE, ROSTER
from mieux.experts.models import Deployment, Expert
from mieux.geo.models import Country, Region
from mieux.portfolio.demo.people import INSTITUTIONS as PORTFOLIO_INSTITUTIONS
from mieux.portfolio.models import Activity
from mieux.taxonomy.models import ThematicArea

# Consent dates are spread over early 2025, one day apart, so the demo does not look stamped.
CONSENT_FROM = datetime.datetime(2025, 1, 13, 10, 0, tzinfo=datetime.UTC)


@dataclass
class RosterReport:
    created: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)


def demo_email(full_name: str) -> str:
    """The invented address of a demo expert, at example.org (reserved: nothing is delivered)."""
    return f"{slugify(full_name).replace('-', '.')}@example.org"


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise DomainError(
            _("The demo user “%s” is missing: load the demo portfolio first.") % username
        )
    return user


def _institutions(report: RosterReport) -> dict[str, Institution]:
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=_country_codes())}
    found = {}
    for key, (name, kind, country, acronym) in INSTITUTIONS.items():
        institution, created = institution_get_or_create(
            actor=None, name=name, kind=kind, country=countries[country], acronym=acronym
        )
        found[key] = institution
        report.created["institution"] += int(created)
    data = PORTFOLIO_INSTITUTIONS["es-inclusion"]
    found["es-inclusion"] = Institution.objects.get(name=data["name"], country__iso2="ES")
    return found


def _country_codes() -> set[str]:
    codes = {country for _n, _k, country, _a in INSTITUTIONS.values()}
    for expert in ROSTER:
        codes.update(expert.countries)
    codes.update(DEMO_EXPERT_PROFILE["countries"])
    return codes


def _create_expert(
    data: DemoExpert,
    index: int,
    *,
    actor: User,
    user: User | None,
    institutions: dict[str, Institution],
    reference: dict[str, Any],
) -> Expert:
    consented = CONSENT_FROM + datetime.timedelta(days=index) if data.consent else None
    expert = services.expert_create(
        actor=actor,
        user=user,
        full_name=data.full_name,
        email=user.email if user else demo_email(data.full_name),
        institution=institutions[data.institution],
        expert_type=EXPERT_TYPES[institutions[data.institution].kind],
        thematic_areas=[reference["areas"][code] for code in data.areas],
        keywords=list(data.keywords),
        languages=languages(data),
        countries_of_experience=[reference["countries"][code] for code in data.countries],
        regions_of_experience=[reference["regions"][code] for code in data.regions],
        max_days_per_year=data.max_days,
        biography=data.biography,
        consent_given_at=consented,
        # Active profiles are verified below, as staff would.
        status="invited",
    )
    for start, end, note in data.away:
        profiles.unavailable_period_add(
            actor=actor,
            expert_id=expert.pk,
            start=datetime.date.fromisoformat(start),
            end=datetime.date.fromisoformat(end),
            note=note,
        )
    if data.publish and data.consent:
        profiles.expert_update(actor=actor, expert_id=expert.pk, publish_name=True)
    if data.consent and data.status != "invited":
        expert = profile_status.expert_verify(actor=actor, expert_id=expert.pk)
    if data.status == "deactivated":
        expert = profile_status.expert_deactivate(
            actor=actor, expert_id=expert.pk, reason="Left the administration (demo)."
        )
    return expert


def _experts(
    actor: User, institutions: dict[str, Institution], report: RosterReport
) -> dict[str, Expert]:
    reference = {
        "areas": {t.code: t for t in ThematicArea.objects.all()},
        "countries": {c.iso2: c for c in Country.objects.filter(iso2__in=_country_codes())},
        "regions": {r.code: r for r in Region.objects.all()},
    }
    experts = {}
    demo_user = _user("demo-expert")
    profile = DEMO_EXPERT_PROFILE
    demo_data = DemoExpert(
        full_name=profile["full_name"],
        institution=profile["institution"],
        languages=profile["languages"],
        areas=profile["areas"],
        countries=profile["countries"],
        max_days=profile["max_days"],
        biography=profile["biography"],
        keywords=profile["keywords"],
    )
    for index, data in enumerate([demo_data, *ROSTER]):
        user = demo_user if data is demo_data else None
        if user is not None:
            existing = Expert.objects.filter(user=user).first()
        else:
            existing = Expert.objects.filter(email=demo_email(data.full_name)).first()
        if existing is None:
            existing = _create_expert(
                data,
                index,
                actor=actor,
                user=user,
                institutions=institutions,
                reference=reference,
            )
            report.created["expert"] += 1
        experts[data.full_name] = existing
    return experts


def _deploy(
    *,
    officer: User,
    expert: Expert,
    activity: Activity,
    role: str,
    status: str,
    reason: str,
    report: RosterReport,
) -> Deployment | None:
    """Walk one deployment to `status` through the services; None if it exists already or a
    rule stops it (someone changed the demo since the last load)."""
    if Deployment.objects.filter(expert=expert, activity=activity).exists():
        return None
    steps = {
        "proposed": [],
        "invited": ["invite"],
        "declined": ["invite", "decline"],
        "accepted": ["invite", "accept"],
        "completed": ["invite", "accept", "complete"],
    }[status]
    answerer = expert.user or officer
    try:
        with transaction.atomic():
            deployment = services.deployment_propose(
                actor=officer, expert_id=expert.pk, activity_id=activity.pk, role=role
            )
            for step in steps:
                deployment = services.deployment_transition(
                    actor=answerer if step in {"accept", "decline"} else officer,
                    deployment_id=deployment.pk,
                    transition=step,
                    reason=reason if step == "decline" else "",
                )
    except DomainError as error:
        report.skipped.append(f"{expert} on “{activity}”: {error.message}")
        return None
    report.created["deployment"] += 1
    return deployment


def load_demo_roster() -> RosterReport:
    """Load the demo roster; needs the demo portfolio, users and requests (Mexico V). All or
    nothing: a missing prerequisite raises DomainError and changes nothing."""
    report = RosterReport()
    # The demo replays history: nobody is e-mailed an invitation.
    with invitations.paused(), transaction.atomic():
        officer = _user("demo-officer")
        institutions = _institutions(report)
        experts = _experts(officer, institutions, report)
        upcoming = demo_activities.load_upcoming(report.created)
        past = demo_activities.past_activities()
        calendar = Calendar()
        demo_action, demo_start = DEMO_EXPERT_PAST
        demo_past = next(
            a for a in past.values() if a.action.slug == demo_action and a.start_date == demo_start
        )
        plan: list[tuple[str, Activity, str, str, str]] = [
            (DEMO_EXPERT, demo_past, "lead_expert", "completed", "")
        ]
        calendar.hold(DEMO_EXPERT, demo_past.start_date, demo_past.end_date)
        for name, index, role, status, reason in UPCOMING:
            activity = upcoming.get(index)
            if activity is None:
                continue
            if status == "accepted":
                calendar.hold(name, activity.start_date, activity.end_date)
            plan.append((name, activity, role, status, reason))
        country_names = {
            key: Country.objects.get(iso2=country).name_en
            for key, (_n, _k, country, _a) in INSTITUTIONS.items()
        }
        planned = demo_activities.plan_inputs(past, has_lead={demo_past.pk})
        for name, key, role in past_teams(planned, calendar, country_names):
            plan.append((name, past[key], role, "completed", ""))
        completed = []
        for name, activity, role, status, reason in plan:
            deployment = _deploy(
                officer=officer,
                expert=experts[name],
                activity=activity,
                role=role,
                status=status,
                reason=reason,
                report=report,
            )
            if deployment is not None and status == "completed":
                completed.append(deployment)
        history.backdate_completed(completed)
        history.load_feedback_and_report(experts[DEMO_EXPERT], demo_past, report.created)
    return report
