"""Erasure reaches the audit trail: the person's name, e-mail and biography leave the events
about them, while who did what, and when, stays."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from mieux.core.audit import ERASED, record_event, redact_events, snapshot
from mieux.core.models import AuditEvent
from mieux.experts import services
from mieux.experts.models import Expert

EMAIL = "ana.perez@example.org"


@pytest.fixture
def ana(expert, officer, lima_workshop):
    Expert.objects.filter(pk=expert.pk).update(email=EMAIL, biography="Born in Zaragoza.")
    expert.refresh_from_db()
    # An event that quotes her: the profile snapshot after the change, written by the officer.
    with transaction.atomic():
        record_event(actor=officer, verb="expert.updated", instance=expert, after=snapshot(expert))
    services.deployment_propose(actor=officer, expert_id=expert.pk, activity_id=lima_workshop.pk)
    return expert


def _trail() -> str:
    return json.dumps(
        list(AuditEvent.objects.values("verb", "object_repr", "before", "after", "reason")),
        ensure_ascii=False,
    )


@pytest.mark.django_db(transaction=True)
def test_erasure_removes_the_person_from_the_audit_trail(ana):
    trail = _trail()
    assert "Ana Pérez" in trail
    assert EMAIL in trail
    assert "Zaragoza" in trail
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", "actor_id", "occurred_at"))

    call_command("erase_personal_data", EMAIL, "--yes", stdout=StringIO())

    trail = _trail()
    assert "Ana Pérez" not in trail
    assert EMAIL not in trail
    assert "Zaragoza" not in trail
    assert ERASED in trail
    # Who did what, and when: unchanged, with the erasure's own events after them.
    after = list(AuditEvent.objects.order_by("id").values_list("verb", "actor_id", "occurred_at"))
    assert after[: len(verbs)] == verbs
    assert [verb for verb, *_ in after[len(verbs) :]] == ["expert.erased", "user.erased"]


def test_redaction_replaces_whole_words_only(db, officer, expert):
    with transaction.atomic():
        record_event(
            actor=officer,
            verb="expert.updated",
            instance=expert,
            after={"note": "Analysis by Ana", "full_name": "Ana"},
            reason="Ana asked for it; Anabel did not.",
        )
    event = AuditEvent.objects.get(verb="expert.updated")

    changed = redact_events(
        AuditEvent.objects.filter(pk=event.pk), keys={"full_name"}, texts={"Ana"}
    )

    event.refresh_from_db()
    assert changed == 1
    assert event.after == {"note": f"Analysis by {ERASED}", "full_name": ERASED}
    assert event.reason == f"{ERASED} asked for it; Anabel did not."


def test_events_that_do_not_quote_the_person_are_left_as_they_are(db, officer, expert):
    with transaction.atomic():
        record_event(
            actor=officer, verb="expert.updated", instance=expert, after={"status": "active"}
        )
    event = AuditEvent.objects.get(verb="expert.updated")

    changed = redact_events(
        AuditEvent.objects.filter(pk=event.pk), keys={"full_name"}, texts={"Nobody Else"}
    )

    assert changed == 0
    event.refresh_from_db()
    assert event.after == {"status": "active"}
