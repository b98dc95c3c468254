import contextlib
import threading

import pytest
from django.db import connection

from mieux.core.errors import Conflict, ErrorCode
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Deployment


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_accepts_on_overlapping_activities_exactly_one_wins(
    expert, invite, lima_workshop, cusco_visit, monkeypatch
):
    lima, cusco = invite(expert, lima_workshop), invite(expert, cusco_visit)
    start = threading.Barrier(2)
    # Widen the race: after its overlap check, each accept waits (up to 2 s) for the other to
    # have checked too. Without the lock on the expert row both checks find nothing and both
    # accepts win; with it the second accept cannot check before the first has committed.
    checked = threading.Barrier(2)
    overlapping = services._overlapping

    def overlapping_then_wait(*args, **kwargs):
        found = overlapping(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=2)
        return found

    monkeypatch.setattr(services, "_overlapping", overlapping_then_wait)
    outcomes: dict[int, str] = {}

    def accept(deployment_id: int) -> None:
        try:
            start.wait(timeout=10)
            services.deployment_transition(
                actor=expert.user, deployment_id=deployment_id, transition="accept"
            )
            outcomes[deployment_id] = "accepted"
        except Conflict as error:
            outcomes[deployment_id] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(d.pk,)) for d in (lima, cusco)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == sorted(["accepted", ErrorCode.OVERLAPPING_DEPLOYMENT])
    assert sorted(Deployment.objects.values_list("status", flat=True)) == ["accepted", "invited"]
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "accepted")
    assert list(
        AuditEvent.objects.filter(verb="deployment.accept").values_list("object_id", flat=True)
    ) == [str(winner)]
