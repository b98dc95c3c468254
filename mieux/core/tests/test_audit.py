import pytest
from django.db import transaction

from mieux.core.audit import record_event, snapshot
from mieux.core.models import AuditEvent
from mieux.geo.models import Region


@pytest.mark.django_db
def test_record_event_writes_who_what_and_before_after():
    with transaction.atomic():
        region = Region.objects.create(code="LAC", name_en="Latin America")
        event = record_event(actor=None, verb="create", instance=region, after=snapshot(region))

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.object_type == "geo.region"
    assert stored.object_id == str(region.pk)
    assert stored.after["code"] == "LAC"
    assert stored.before is None


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    with transaction.atomic():
        region = Region.objects.create(code="AFR", name_en="Africa")
        event = record_event(actor=None, verb="create", instance=region)

    event.verb = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "create"


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction():
    region = Region.objects.create(code="ASI", name_en="Asia")

    with pytest.raises(RuntimeError):
        record_event(actor=None, verb="create", instance=region)
    assert AuditEvent.objects.count() == 0
