"""Staffing many activities at once: propose a whole plan in one transaction.

Each pair goes through `services.deployment_propose`, the one write path for proposals, so every
rule it checks (consent, overlap, unavailable periods, days per year, already proposed) holds for
a plan too. The first pair that breaks a rule undoes the whole plan: the officer gets an error
naming the expert and the activity, and nothing is proposed.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mieux.core.errors import DomainError, PermissionDenied
from mieux.experts import policies, services
from mieux.experts.models import Deployment, DeploymentRole, Expert
from mieux.experts.planning import Assignment
from mieux.portfolio.models import Activity

# A plan covers at most the activities a planning run takes (2,000), each with a small team.
MAX_ASSIGNMENTS = 20_000


def _roles(assignments: list[Assignment]) -> dict[tuple[int, int], str]:
    """The role of each pair: on an activity whose team has no lead expert yet, the best fit of
    the plan leads; everyone else is an expert."""
    activity_ids = {assignment.activity_id for assignment in assignments}
    led = set(
        Deployment.objects.filter(
            activity_id__in=activity_ids, role=DeploymentRole.LEAD_EXPERT
        ).values_list("activity_id", flat=True)
    )
    roles = {}
    # Best fit first, so the first pair seen on an activity without a lead is its lead.
    for assignment in sorted(assignments, key=lambda a: (-a.fit, a.activity_id, a.expert_id)):
        pair = (assignment.activity_id, assignment.expert_id)
        if assignment.activity_id in led:
            roles[pair] = DeploymentRole.EXPERT.value
        else:
            roles[pair] = DeploymentRole.LEAD_EXPERT.value
            led.add(assignment.activity_id)
    return roles


def _failure(
    error: DomainError, assignment: Assignment, experts: dict[int, Any], activities: dict[int, Any]
) -> DomainError:
    """The same error (class, code, field), its message prefixed with the failing pair."""
    expert = experts.get(assignment.expert_id)
    activity = activities.get(assignment.activity_id)
    message = _(
        "Nothing was proposed: %(expert)s on “%(activity)s” (expert %(expert_id)d, "
        "activity %(activity_id)d) failed: %(reason)s"
    ) % {
        "expert": expert.full_name if expert else _("an unknown expert"),
        "activity": activity.title if activity else _("an unknown activity"),
        "expert_id": assignment.expert_id,
        "activity_id": assignment.activity_id,
        "reason": error.message,
    }
    return type(error)(message, code=error.code, field=error.field)


@transaction.atomic
def propose_plan(*, actor: Any, assignments: Iterable[Assignment]) -> list[Deployment]:
    """Propose every (activity, expert) pair of a plan, all or nothing.

    Pairs are proposed in the order of their activities' start dates; on an activity without a
    lead expert the pair with the best fit becomes the lead. Returns the new deployments."""
    if not policies.can_manage_roster.test(actor):
        raise PermissionDenied(_("Only facility staff may propose experts."))
    pairs = list(assignments)
    if not pairs:
        raise DomainError(_("The plan has no assignment to propose."), field="assignments")
    if len(pairs) > MAX_ASSIGNMENTS:
        raise DomainError(
            _("A plan may propose at most %d assignments at once.") % MAX_ASSIGNMENTS,
            field="assignments",
        )
    # Names for the error message, and the order of proposal: two queries for the whole plan.
    activities = Activity.objects.only("id", "title", "start_date").in_bulk(
        {pair.activity_id for pair in pairs}
    )
    # Lock the plan's experts up front, in id order: deployment_propose locks each again (a
    # no-op then), and two plans sharing experts wait for each other instead of deadlocking.
    locked = (
        Expert.objects.select_for_update()
        .only("id", "full_name")
        .filter(pk__in={pair.expert_id for pair in pairs})
        .order_by("pk")
    )
    experts = {expert.pk: expert for expert in locked}
    roles = _roles(pairs)
    far_future = (1, 0)  # unknown activities last; deployment_propose then names them

    def order(pair: Assignment) -> tuple[Any, ...]:
        activity = activities.get(pair.activity_id)
        start = (0, activity.start_date.toordinal()) if activity else far_future
        return (start, pair.activity_id, -pair.fit, pair.expert_id)

    deployments = []
    for pair in sorted(pairs, key=order):
        try:
            deployments.append(
                services.deployment_propose(
                    actor=actor,
                    expert_id=pair.expert_id,
                    activity_id=pair.activity_id,
                    role=roles[(pair.activity_id, pair.expert_id)],
                )
            )
        except DomainError as error:
            # Leaving the atomic block with the exception rolls back every proposal so far.
            raise _failure(error, pair, experts, activities) from error
    return deployments
