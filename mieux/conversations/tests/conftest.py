"""Fixtures of the conversation tests: the intake tests' small world of Mexico and Peru, one
user per role, requests taken through the workflow by the services; files kept in a temporary
directory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mieux.conversations import services
from mieux.intake import services as intake_services
from mieux.intake.tests.conftest import RECOMMENDED, make_request, users, world

__all__ = ["make_request", "users", "world"]

# Every state a conversation's rule tells apart, and the steps that reach it.
STATES = {
    "draft": (),
    "submitted": ("submit",),
    "under_assessment": ("submit", "start_assessment"),
    "recommended": RECOMMENDED,
    "approved": (*RECOMMENDED, "approve"),
    "formulated": (*RECOMMENDED, "approve", "formulate"),
}
ROLES = (
    "anonymous",
    "partner",
    "other_partner",
    "officer",
    "manager",
    "admin",
    "steering",
    "expert",
    "knowledge",
)
STAFF = ("officer", "manager", "admin")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MIEUX_SITE_URL = "https://mieux.example.org"
    return settings.MEDIA_ROOT


@pytest.fixture
def request_in(make_request, users):
    """A request of the Mexican partner in the named state ("withdrawn": withdrawn once
    recommended, so that a steering member saw it and no longer does)."""

    def make(state: str):
        if state == "withdrawn":
            assistance_request = make_request("Withdrawn request", RECOMMENDED)
            intake_services.request_transition(
                actor=users["partner"], request_id=assistance_request.pk, transition="withdraw"
            )
            assistance_request.refresh_from_db()
            return assistance_request
        return make_request(f"Request {state}", STATES[state])

    return make


@pytest.fixture
def submitted(request_in):
    return request_in("submitted")


@pytest.fixture
def post(users):
    """Post as the named user (a thin shortcut over the service)."""

    def write(who, assistance_request, body="A message.", **kwargs):
        return services.message_post(
            actor=users[who], assistance_request=assistance_request, body=body, **kwargs
        )

    return write


def text_file(name="note.txt", content=b"Notes for the officer.", content_type="text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
