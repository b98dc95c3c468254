"""The conversation's rule, for every role and every state that tells them apart: who reads
(those who may see the request), who writes (the same, while the request is open)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from mieux.conversations import policies
from mieux.conversations.tests.conftest import ROLES, STAFF, STATES
from mieux.intake.workflow import CLOSED_STATES, STEERING_VISIBLE_STATES

pytestmark = pytest.mark.django_db

ALL_STATES = (*STATES, "withdrawn")


def expected_reader(role: str, status: str) -> bool:
    if role in STAFF or role == "partner":
        return True
    return role == "steering" and status in STEERING_VISIBLE_STATES


def _user(users, role):
    return AnonymousUser() if role == "anonymous" else users[role]


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_and_writes(request_in, users, role, state) -> None:
    assistance_request = request_in(state)
    user = _user(users, role)

    reads = policies.can_read_conversation.test(user, assistance_request)
    writes = policies.can_post_message.test(user, assistance_request)
    listed = policies.readable_requests(user).filter(pk=assistance_request.pk).exists()

    assert assistance_request.status == state
    assert reads == expected_reader(role, state)
    assert listed == reads
    assert writes == (reads and state not in CLOSED_STATES)


def test_the_rule_in_words(request_in, users) -> None:
    # Spelled out once, so that a change of rule shows in a readable diff.
    recommended, withdrawn = request_in("recommended"), request_in("withdrawn")
    submitted = request_in("submitted")

    assert policies.can_post_message.test(users["steering"], recommended)
    assert not policies.can_read_conversation.test(users["steering"], submitted)
    assert not policies.can_read_conversation.test(users["steering"], withdrawn)
    assert policies.can_read_conversation.test(users["partner"], withdrawn)
    assert not policies.can_post_message.test(users["partner"], withdrawn)
    assert not policies.can_read_conversation.test(users["other_partner"], recommended)
    assert not policies.can_read_conversation.test(users["knowledge"], recommended)
    assert not policies.can_read_conversation.test(users["expert"], recommended)
