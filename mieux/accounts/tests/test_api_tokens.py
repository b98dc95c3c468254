"""API tokens: expiry rules, revocation, the audit trail without the secret, status and reads."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from mieux.accounts.models import ApiToken, ApiTokenStatus, hash_token
from mieux.accounts.selectors import api_tokens_of, api_tokens_with_status
from mieux.accounts.tests.factories import StaffUserFactory, UserFactory
from mieux.accounts.tokens import api_token_create, api_token_revoke
from mieux.core.errors import Conflict, DomainError, PermissionDenied
from mieux.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def table_sizes() -> dict[str, int]:
    return {"tokens": ApiToken.objects.count(), "audit events": AuditEvent.objects.count()}


def event_text(event: AuditEvent) -> str:
    return " ".join(
        str(part) for part in (event.object_repr, event.before, event.after, event.reason)
    )


# --- api_token_create -----------------------------------------------------------------------------


def test_create_with_an_expiry_stores_it_and_audits_it_without_the_secret() -> None:
    ana = UserFactory(username="ana")
    expires_at = timezone.now() + 90 * DAY

    token, raw = api_token_create(user=ana, name="report script", expires_at=expires_at)

    token.refresh_from_db()
    assert token.expires_at == expires_at
    assert token.token_hash == hash_token(raw)
    assert token.status == ApiTokenStatus.ACTIVE
    event = AuditEvent.objects.get()
    assert event.verb == "api_token.create"
    assert event.actor == ana
    assert event.object_id == str(token.pk)
    assert event.before is None
    assert event.after == {
        "id": token.pk,
        "user_id": ana.pk,
        "name": "report script",
        "token_prefix": raw[:7],
        "created_at": token.created_at.isoformat(),
        "expires_at": expires_at.isoformat(),
        "revoked_at": None,
    }
    assert raw not in event_text(event)
    assert raw[7:] not in event_text(event)
    assert token.token_hash not in event_text(event)


def test_create_without_an_expiry_never_expires() -> None:
    token, _raw = api_token_create(user=UserFactory(), name="etl")

    assert token.expires_at is None
    assert token.is_expired(at=timezone.now() + 3650 * DAY) is False


def test_create_records_who_asked_for_it() -> None:
    officer = StaffUserFactory(username="officer")

    api_token_create(user=UserFactory(username="ana"), name="etl", actor=officer)

    assert AuditEvent.objects.get().actor == officer


@pytest.mark.parametrize("offset", [-DAY, -datetime.timedelta(seconds=1)])
def test_expiry_in_the_past_is_refused_and_nothing_is_created(offset) -> None:
    user = UserFactory()

    with pytest.raises(DomainError) as error:
        api_token_create(user=user, name="etl", expires_at=timezone.now() + offset)

    assert error.value.field == "expires_at"
    assert error.value.message == "The expiry must be in the future."
    assert table_sizes() == {"tokens": 0, "audit events": 0}


def test_expiry_more_than_two_years_away_is_refused_and_says_the_limit() -> None:
    user = UserFactory()

    with pytest.raises(DomainError) as error:
        api_token_create(user=user, name="etl", expires_at=timezone.now() + 731 * DAY)

    assert error.value.field == "expires_at"
    assert error.value.message == (
        "A token may be valid for at most two years (730 days); choose an earlier expiry, and "
        "create a new token when this one expires."
    )
    assert table_sizes() == {"tokens": 0, "audit events": 0}


def test_expiry_exactly_two_years_away_is_accepted() -> None:
    token, _raw = api_token_create(
        user=UserFactory(), name="etl", expires_at=timezone.now() + 730 * DAY
    )

    assert token.expires_at is not None


def test_expiry_without_a_time_zone_is_refused() -> None:
    naive = datetime.datetime(2030, 1, 1, 0, 0)  # noqa: DTZ001 (the point of the test)

    with pytest.raises(DomainError) as error:
        api_token_create(user=UserFactory(), name="etl", expires_at=naive)

    assert error.value.field == "expires_at"
    assert table_sizes() == {"tokens": 0, "audit events": 0}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("x" * 101, "The token name is longer than 100 characters."),
        ("etl\x00", "The token name must not contain NUL characters."),
    ],
)
def test_bad_name_is_refused_and_nothing_is_created(name: str, message: str) -> None:
    with pytest.raises(DomainError) as error:
        api_token_create(user=UserFactory(), name=name)

    assert error.value.field == "name"
    assert error.value.message == message
    assert table_sizes() == {"tokens": 0, "audit events": 0}


# --- api_token_revoke -----------------------------------------------------------------------------


def test_owner_revokes_their_token_audited_without_the_secret() -> None:
    ana = UserFactory(username="ana")
    token, raw = api_token_create(user=ana, name="etl")

    revoked = api_token_revoke(actor=ana, api_token=token)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert revoked.revoked_at == token.revoked_at
    assert token.status == ApiTokenStatus.REVOKED
    event = AuditEvent.objects.get(verb="api_token.revoke")
    assert event.actor == ana
    assert event.object_id == str(token.pk)
    assert event.before is not None
    assert event.after is not None
    assert event.before["revoked_at"] is None
    assert event.after["revoked_at"] == token.revoked_at.isoformat()
    assert {key for key in event.after if event.after[key] != event.before[key]} == {"revoked_at"}
    assert raw not in event_text(event)
    assert token.token_hash not in event_text(event)


def test_another_user_may_not_revoke_a_token_and_nothing_changes() -> None:
    token, _raw = api_token_create(user=UserFactory(username="ana"), name="etl")
    sizes = table_sizes()

    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=UserFactory(username="bruno"), api_token=token)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert table_sizes() == sizes


def test_staff_without_the_admin_permission_may_not_revoke_others_tokens() -> None:
    token, _raw = api_token_create(user=UserFactory(username="ana"), name="etl")

    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=StaffUserFactory(username="officer"), api_token=token)

    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_revokes_anyones_token() -> None:
    token, _raw = api_token_create(user=UserFactory(username="ana"), name="etl")
    root = UserFactory(username="root", is_staff=True, is_superuser=True)

    api_token_revoke(actor=root, api_token=token)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.get(verb="api_token.revoke").actor == root


def test_revoking_twice_is_a_conflict_and_keeps_the_first_time() -> None:
    ana = UserFactory(username="ana")
    token, _raw = api_token_create(user=ana, name="etl")
    api_token_revoke(actor=ana, api_token=token)
    token.refresh_from_db()
    first = token.revoked_at
    sizes = table_sizes()

    with pytest.raises(Conflict) as error:
        api_token_revoke(actor=ana, api_token=ApiToken.objects.get(pk=token.pk))

    assert error.value.message == "This API token was already revoked."
    token.refresh_from_db()
    assert token.revoked_at == first
    assert table_sizes() == sizes


def test_an_expired_token_can_still_be_revoked() -> None:
    ana = UserFactory(username="ana")
    token, _raw = api_token_create(user=ana, name="etl")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - DAY)
    token.refresh_from_db()
    assert token.status == ApiTokenStatus.EXPIRED

    api_token_revoke(actor=ana, api_token=token)

    token.refresh_from_db()
    assert token.status == ApiTokenStatus.REVOKED


# --- reads ----------------------------------------------------------------------------------------


def test_api_tokens_of_lists_only_the_users_own_newest_first() -> None:
    ana = UserFactory(username="ana")
    first, _ = api_token_create(user=ana, name="first")
    second, _ = api_token_create(user=ana, name="second")
    api_token_create(user=UserFactory(username="bruno"), name="not ana's")

    assert list(api_tokens_of(ana)) == [second, first]
    assert list(api_tokens_of(AnonymousUser())) == []


def test_api_tokens_with_status() -> None:
    ana = UserFactory(username="ana")
    now = timezone.now()
    api_token_create(user=ana, name="never expires")
    api_token_create(user=ana, name="expires later", expires_at=now + DAY)
    expired, _ = api_token_create(user=ana, name="expired")
    revoked, _ = api_token_create(user=ana, name="revoked")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=now - DAY)
    api_token_revoke(actor=ana, api_token=revoked)
    tokens = ApiToken.objects.order_by("id")

    by_status = {
        status: [token.name for token in api_tokens_with_status(tokens, status, at=now)]
        for status in ApiTokenStatus
    }

    assert by_status == {
        ApiTokenStatus.ACTIVE: ["never expires", "expires later"],
        ApiTokenStatus.EXPIRED: ["expired"],
        ApiTokenStatus.REVOKED: ["revoked"],
    }
    assert [token.status for token in tokens] == [
        ApiTokenStatus.ACTIVE,
        ApiTokenStatus.ACTIVE,
        ApiTokenStatus.EXPIRED,
        ApiTokenStatus.REVOKED,
    ]
