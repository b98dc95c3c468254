"""The permission matrix's cases for the expert roster's API endpoints (issue 4).

Profiles, CVs and deployments are for facility staff and the expert themself: anyone else gets a
404, as if they did not exist (contact data is personal data); the roster list and proposing an
expert are staff-only (403 for other identified callers). Anonymous callers get 401.
"""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mieux.accounts.models import User
from mieux.core.errors import DomainError
from mieux.experts import profiles, services
from mieux.experts.models import Deployment, Expert, ExpertStatus
from mieux.portfolio.models import Activity, ActivityStatus
from tests.matrix import STAFF, Case, Ref, identified

STAFF_OK = dict.fromkeys(STAFF, 200)


class _DryRun(Exception):
    """Raised to roll a trial proposal back."""


def _deployable(officer: User, demo_expert: Expert) -> tuple[int, int]:
    """An (expert, planned upcoming activity) pair that staff may propose: found by trying
    (in a savepoint rolled back), so the case does not depend on the demo's calendar."""
    activities = Activity.objects.filter(
        status=ActivityStatus.PLANNED, start_date__gt=timezone.localdate()
    ).order_by("start_date", "id")
    experts = (
        Expert.objects.filter(status=ExpertStatus.ACTIVE, consent_given_at__isnull=False)
        .exclude(pk=demo_expert.pk)
        .order_by("id")
    )
    for activity in activities[:5]:
        for expert in experts[:20]:
            try:
                with transaction.atomic():
                    services.deployment_propose(
                        actor=officer, expert_id=expert.pk, activity_id=activity.pk
                    )
                    raise _DryRun
            except _DryRun:
                return expert.pk, activity.pk
            except DomainError:
                continue
    raise AssertionError("the demo has no expert that may be proposed for a planned activity")


def _with_cv(officer: User, expert: Expert, name: str) -> None:
    """The demo roster has no CV files: give one (a tiny PDF) through the profile service."""
    upload = SimpleUploadedFile(
        f"{name}.pdf", b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n", "application/pdf"
    )
    profiles.expert_upload_cv(actor=officer, expert_id=expert.pk, upload=upload)


def world() -> dict[str, Any]:
    """Ids of demo objects the cases below refer to with `Ref("…")`."""
    officer = User.objects.get(username="demo-officer")
    demo_expert = Expert.objects.get(user__username="demo-expert")
    another = (
        Expert.objects.exclude(pk=demo_expert.pk)
        .filter(erased_at__isnull=True)
        .exclude(email="")
        .order_by("id")
        .first()
    )
    assert another is not None, "the demo roster has no other expert"
    _with_cv(officer, demo_expert, "demo-expert-cv")
    _with_cv(officer, another, "another-expert-cv")
    own = Deployment.objects.filter(expert=demo_expert).order_by("activity__start_date", "id")
    invited = own.filter(status="invited").first()
    accepted = own.filter(status="accepted").first()
    assert invited is not None, "demo-expert has no invited deployment"
    assert accepted is not None, "demo-expert has no accepted deployment"
    others = Deployment.objects.exclude(expert=demo_expert).order_by("id").first()
    assert others is not None
    proposable_expert, proposable_activity = _deployable(officer, demo_expert)
    # Far beyond the demo's calendar: no deployment of theirs falls in these periods.
    own_period, another_period = (
        profiles.unavailable_period_add(
            actor=officer,
            expert_id=expert.pk,
            start=datetime.date(2044, 3, 1),
            end=datetime.date(2044, 3, 10),
            note="Matrix",
        )
        for expert in (demo_expert, another)
    )
    return {
        "own_expert": demo_expert.pk,
        "another_expert": another.pk,
        "own_invited_deployment": invited.pk,
        "own_accepted_deployment": accepted.pk,
        "another_deployment": others.pk,
        "proposable_expert": proposable_expert,
        "proposable_activity": proposable_activity,
        "own_unavailable_period": own_period.pk,
        "another_unavailable_period": another_period.pk,
    }


OWN_INVITED = {"deployment_id": Ref("own_invited_deployment")}
OWN_ACCEPTED = {"deployment_id": Ref("own_accepted_deployment")}

CASES: list[Case] = [
    # An expert's own deployments: everyone signed in sees their own (possibly empty) list.
    Case("api-v1:deployment_list_endpoint", identified(200)),
    # The roster: staff only.
    Case("api-v1:expert_list_endpoint", identified(403, **STAFF_OK)),
    Case("api-v1:expert_list_endpoint", identified(403, **STAFF_OK), query="theme=LM&language=es"),
    # The caller's own profile: only demo-expert has one.
    Case("api-v1:expert_me_endpoint", identified(404, expert=200)),
    Case(
        "api-v1:expert_me_update_endpoint",
        identified(404, expert=200),
        method="patch",
        data={"biography": "Official working on integration.", "publish_name": True},
    ),
    # The caller's own periods, CV and consent (staff have no profile: 404).
    Case(
        "api-v1:unavailable_period_add_endpoint",
        identified(404, expert=201),
        method="post",
        data={"start": "2045-01-01", "end": "2045-01-05", "note": "Training course"},
    ),
    Case(
        "api-v1:unavailable_period_remove_endpoint",
        identified(404, expert=204),
        {"period_id": Ref("own_unavailable_period")},
        method="delete",
        label="demo-expert's own",
    ),
    Case(
        "api-v1:unavailable_period_remove_endpoint",
        identified(404),
        {"period_id": Ref("another_unavailable_period")},
        method="delete",
        label="another expert's",
    ),
    Case(
        # The runner sends a PUT body as JSON, not as multipart/form-data: the expert gets the
        # 422 naming the missing file (the upload itself: mieux/api/tests/test_roster_self_api.py).
        "api-v1:expert_me_cv_upload_endpoint",
        identified(404, expert=422),
        method="put",
        data={"file": "cv.pdf"},
        label="not multipart",
    ),
    Case(
        "api-v1:expert_me_cv_upload_endpoint",
        identified(404, expert=200),
        method="put",
        multipart=True,
        data={
            "file": lambda: SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        },
        label="a PDF",
    ),
    Case("api-v1:expert_me_cv_remove_endpoint", identified(404, expert=204), method="delete"),
    Case("api-v1:expert_me_consent_give_endpoint", identified(404, expert=200), method="post"),
    Case(
        "api-v1:expert_me_consent_withdraw_endpoint",
        identified(404, expert=200),
        method="delete",
    ),
    Case(
        "api-v1:expert_detail_endpoint",
        identified(404, expert=200, **STAFF_OK),
        {"expert_id": Ref("own_expert")},
        label="demo-expert's own",
    ),
    Case(
        "api-v1:expert_detail_endpoint",
        identified(404, **STAFF_OK),
        {"expert_id": Ref("another_expert")},
        label="another expert",
    ),
    Case(
        "api-v1:expert_cv_endpoint",
        identified(404, expert=200, **STAFF_OK),
        {"expert_id": Ref("own_expert")},
        label="demo-expert's own",
    ),
    Case(
        "api-v1:expert_cv_endpoint",
        identified(404, **STAFF_OK),
        {"expert_id": Ref("another_expert")},
        label="another expert",
    ),
    # Deployments.
    Case(
        "api-v1:deployment_detail_endpoint",
        identified(404, expert=200, **STAFF_OK),
        OWN_INVITED,
        label="demo-expert's",
    ),
    Case(
        "api-v1:deployment_detail_endpoint",
        identified(404, **STAFF_OK),
        {"deployment_id": Ref("another_deployment")},
        label="another expert's",
    ),
    Case(
        "api-v1:deployment_propose_endpoint",
        identified(403, **dict.fromkeys(STAFF, 201)),
        {"activity_id": Ref("proposable_activity")},
        method="post",
        data={"expert_id": Ref("proposable_expert"), "role": "expert"},
    ),
    Case(
        "api-v1:deployment_transition_endpoint",
        # Staff may record the answer on the expert's behalf.
        identified(404, expert=200, **STAFF_OK),
        OWN_INVITED,
        method="post",
        data={"transition": "accept"},
        label="accept",
    ),
    Case(
        "api-v1:deployment_transition_endpoint",
        # Not possible in this state, whoever asks: a conflict for all who may see it.
        identified(404, expert=409, **dict.fromkeys(STAFF, 409)),
        OWN_INVITED,
        method="post",
        data={"transition": "invite"},
        label="illegal invite",
    ),
    Case(
        "api-v1:deployment_transition_endpoint",
        # Closing a deployment is the officer's step, not the expert's.
        identified(404, expert=403, **STAFF_OK),
        OWN_ACCEPTED,
        method="post",
        data={"transition": "complete"},
        label="complete",
    ),
]
