"""The demo's past: deployment dates moved back to the activities' own dates, partner feedback
on delivered Mexican activities, and demo-expert's mission report (through the reports
services, as demo-partner-mx and demo-expert would write them)."""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from mieux.accounts.models import User
from mieux.experts import reports
from mieux.experts.models import Deployment, Expert, Feedback, MissionReport
from mieux.portfolio.models import Activity

STEP_TIME = datetime.time(9, 30, tzinfo=datetime.UTC)

# (action slug, activity start date, score, comment) by demo-partner-mx, in Spanish as the
# partner would write.
PARTNER_FEEDBACK = [
    (
        "mexico-ii",
        "2017-07-10",
        5,
        "Las técnicas de entrevista con niñas, niños y adolescentes se aplicaron de inmediato "
        "en las oficinas de Tapachula.",
    ),
    (
        "mexico-ii",
        "2018-02-19",
        4,
        "Muy útil para nuestro trabajo con los municipios; habría hecho falta más tiempo para "
        "los casos prácticos.",
    ),
    (
        "mexico-iii",
        "2019-09-23",
        5,
        "Las experiencias europeas en flujos masivos fueron la base del borrador del protocolo.",
    ),
    (
        "mexico-iv",
        "2021-10-18",
        3,
        "Buen contenido, pero los módulos llegaron tarde para nuestra planificación anual.",
    ),
    (
        "mexico-iv",
        "2022-06-06",
        4,
        "El pilotaje mostró qué módulos adaptar a las oficinas de la frontera sur.",
    ),
]

# The texts only (`mission_report_submit` also takes an `expected_version`).
REPORT: dict[str, Any] = {
    "summary": (
        "Two days of seminars with officials of the National Institute of Migration and of the "
        "Ministry of Labour on how Spanish regions bring migrants back into the labour market, "
        "followed by two days of work on cases brought by the participants."
    ),
    "results": (
        "Participants drafted a checklist for referring returned migrants to employment "
        "services, which the Institute agreed to test in two states."
    ),
    "challenges": "Employment services were represented only on the first day.",
    "recommendations": (
        "Involve the state employment services from the start and share the Spanish referral "
        "forms in advance."
    ),
    "follow_up": "A short remote session in three months to review the checklist's use.",
}


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, STEP_TIME)


def backdate_completed(deployments: Iterable[Deployment]) -> None:
    """DEMO ONLY: the services stamp each step "now"; a demo deployment on a past activity gets
    the dates it would have had. Audit events stay as written. Never do this outside demo data."""
    for deployment in deployments:
        activity = Activity.objects.get(pk=deployment.activity_id)
        Deployment.objects.filter(pk=deployment.pk).update(
            created_at=_at(activity.start_date - datetime.timedelta(days=42)),
            invited_at=_at(activity.start_date - datetime.timedelta(days=40)),
            responded_at=_at(activity.start_date - datetime.timedelta(days=35)),
            completed_at=_at(activity.end_date + datetime.timedelta(days=2)),
            updated_at=_at(activity.end_date + datetime.timedelta(days=2)),
        )


def load_feedback_and_report(
    demo_expert: Expert, demo_past: Activity, created: Counter[str]
) -> None:
    partner = User.objects.get(username="demo-partner-mx")
    wanted = Q()
    for slug, start, _score, _comment in PARTNER_FEEDBACK:
        wanted |= Q(action__slug=slug, start_date=datetime.date.fromisoformat(start))
    activities = {
        (a.action.slug, a.start_date.isoformat()): a
        for a in Activity.objects.filter(wanted).select_related("action")
    }
    for slug, start, score, comment in PARTNER_FEEDBACK:
        activity = activities.get((slug, start))
        if activity is None or Feedback.objects.filter(activity=activity, author=partner).exists():
            continue
        feedback = reports.feedback_give(
            actor=partner, activity_id=activity.pk, score=score, comment=comment
        )
        when = _at(activity.end_date + datetime.timedelta(days=14))
        Feedback.objects.filter(pk=feedback.pk).update(created_at=when, updated_at=when)
        created["feedback"] += 1
    deployment = Deployment.objects.filter(expert=demo_expert, activity=demo_past).first()
    if deployment is None or MissionReport.objects.filter(deployment=deployment).exists():
        return
    report = reports.mission_report_submit(
        actor=demo_expert.user, deployment_id=deployment.pk, **REPORT
    )
    when = _at(demo_past.end_date + datetime.timedelta(days=9))
    MissionReport.objects.filter(pk=report.pk).update(submitted_at=when, updated_at=when)
    created["mission report"] += 1
