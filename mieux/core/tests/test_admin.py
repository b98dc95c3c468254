import pytest
from django.contrib import admin
from django.urls import reverse

from mieux.accounts.models import User
from mieux.core.models import AuditEvent
from mieux.geo.models import Region

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "correct-horse-battery")


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_changelist_opens_for_superuser(client, superuser, app_label, model_name):
    client.force_login(superuser)

    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_is_closed_to_anonymous_and_non_staff(client, app_label, model_name):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    partner = User.objects.create_user("partner", password="correct-horse-battery")

    anonymous = client.get(url)
    client.force_login(partner)
    non_staff = client.get(url)

    assert anonymous.status_code == 302
    assert non_staff.status_code == 302


@pytest.mark.django_db
def test_admin_edit_writes_an_audit_event_with_before_and_after(client, superuser):
    region = Region.objects.create(code="LAC", name_en="Latin America")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:geo_region_change", args=[region.pk]),
        {"code": "LAC", "name_en": "Latin America & the Caribbean", "sort_order": 4},
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="geo.region", object_id=str(region.pk))
    assert event.actor == superuser
    assert event.verb == "admin_change"
    assert event.before["name_en"] == "Latin America"
    assert event.after["name_en"] == "Latin America & the Caribbean"


@pytest.mark.django_db
def test_audit_events_are_read_only_in_the_admin(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:core_auditevent_add"))

    assert response.status_code == 403
