"""The permission matrix: every page and endpoint of the project, for every kind of caller.

The demo data (reference data, demo portfolio, demo users and demo requests) is loaded once for
the module; each case runs in its own rolled-back transaction on top of it. `CASES` is the
expectations table: URL name → {role → HTTP status}. `test_every_url_pattern_is_in_the_matrix`
fails when a URL pattern of the project has no case, so no new page or endpoint escapes it; only
the patterns in `EXCLUDED` are left out, each with its reason.

Roles: anonymous; the partner focal point of the Mexican National Institute of Migration
(demo-partner-mx, whose requests the cases use: "partner") and of the Peruvian Ministry of the
Interior ("other_partner", the other institution); the project officer, programme manager,
steering committee member, expert, knowledge manager and administrator of the demo.

Statuses follow the policy of issue 3: a request the caller may not see is a 404 (as if it did
not exist), an identified caller who may see it but not do this gets a 403, a step that is not
possible in the request's state is a 409; pages send anonymous visitors to the sign-in page
(302) and the API answers them 401.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mieux.accounts.models import User
from mieux.intake import services
from mieux.intake.demo import DEMO_REQUESTS
from mieux.intake.models import AssistanceRequest
from tests import (
    matrix_account_pages,
    matrix_conversation_pages,
    matrix_deployment_pages,
    matrix_expert_api,
    matrix_expert_pages,
    matrix_matching_api,
    matrix_matching_pages,
    matrix_mywork_pages,
    matrix_reports_api,
    matrix_token_pages,
    matrix_workspace_pages,
)
from tests.matrix import (
    PUBLIC,
    ROLES,
    STAFF,
    USERNAMES,
    Case,
    Ref,
    expect,
    identified,
    signed_in,
)

# Modules holding a part of the cases: each has `CASES` and `world()`, the ids its cases refer
# to, read from the demo once it is loaded.
CASE_MODULES = (
    matrix_expert_pages,
    matrix_deployment_pages,
    matrix_matching_pages,
    matrix_expert_api,
    matrix_matching_api,
    matrix_reports_api,
    matrix_token_pages,
    matrix_workspace_pages,
    matrix_account_pages,
    matrix_mywork_pages,
    matrix_conversation_pages,
)


# URL patterns the matrix leaves out, and why. Keys as in `url_patterns()`; "x:*" is every
# name in namespace x, "x/*" every unnamed pattern whose route starts with x/.
EXCLUDED = {
    # The Django admin has its own tests (the admin site's own permission checks).
    "admin:*": "Django admin: covered by the admin tests and Django's own permission checks",
    "admin/*": "the Django admin's catch-all pattern (unnamed), same reason",
    # Django's i18n plumbing: sets the language cookie for anyone; no data behind it.
    "set_language": "django.views.i18n.set_language: the language switcher, same for everyone",
}


# --- the walk over the project's URL patterns -------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route for a pattern without a name
    route: str


def url_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Pattern]:
    """Every URL pattern of the project, recursively, the API's ninja patterns included."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            yield Pattern(key, route)


def matches(key: str, excluded: str) -> bool:
    if excluded.endswith(("/*", ":*")):
        return key.startswith(excluded[:-1])
    return key == excluded


def is_excluded(key: str) -> bool:
    return any(matches(key, excluded) for excluded in EXCLUDED)


def api_methods() -> dict[str, str]:
    """URL name of each API operation → its HTTP method, read from the OpenAPI schema.

    The operation ids are the view functions' names without "_endpoint" (see `mieux.api.v1`),
    and ninja names each operation's URL pattern after its view function."""
    from mieux.api.v1 import api

    methods = {}
    for operations in api.get_openapi_schema()["paths"].values():
        for method, operation in operations.items():
            methods[operation["operationId"]] = method
    return methods


# --- the demo world the cases refer to ----------------------------------------------------------


@dataclass
class Demo:
    """Ids and slugs of demo objects, by the name the cases use (`Ref("…")`)."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def _demo_request(title_start: str) -> AssistanceRequest:
    titles = [data["title"] for data in DEMO_REQUESTS if data["title"].startswith(title_start)]
    assert len(titles) == 1, title_start
    return AssistanceRequest.objects.get(title=titles[0])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Demo]:
    """The demo data, loaded once in a transaction rolled back after the module's last test."""
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(
            MEDIA_ROOT=str(media),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=io.StringIO())
        partner = User.objects.get(username="demo-partner-mx")
        # A draft of demo-partner-mx with a file: the demo has no attachment of its own.
        draft = services.request_create(
            actor=partner, title="Draft with an attachment", languages=["es"]
        )
        draft.refresh_from_db()
        attachment = services.attachment_add(
            actor=partner,
            request_id=draft.pk,
            upload=SimpleUploadedFile("note.txt", b"Notes.", content_type="text/plain"),
        )
        draft.refresh_from_db()  # the attachment bumped its version
        awaiting = _demo_request("Protocol for the care of unaccompanied")
        formulated = _demo_request("Municipal integration offices")
        under_assessment = _demo_request("Temporary worker permits")
        other_draft = _demo_request("Guía para identificar")
        requests = {
            "awaiting": awaiting,
            "formulated": formulated,
            "under_assessment": under_assessment,
            "draft": draft,
            "other_draft": other_draft,
        }
        values: dict[str, Any] = {name: r.pk for name, r in requests.items()}
        values |= {f"{name}_version": r.version for name, r in requests.items()}
        values |= {
            "attachment": attachment.pk,
            "formulated_action": formulated.action.slug,
            "users": {role: User.objects.get(username=name) for role, name in USERNAMES.items()},
        }
        for module in CASE_MODULES:
            values |= module.world()
        world = Demo(values)
        yield world
        transaction.set_rollback(True)


# --- the expectations table ---------------------------------------------------------------------


AWAITING = {"request_id": Ref("awaiting")}
DRAFT = {"request_id": Ref("draft")}
NEW_REQUEST = {
    "title": "Labour migration statistics",
    "context": "No shared data on labour migration.",
    "objective": "A common data model.",
    "country": "MX",
    "thematic_areas": ["LM-LAB"],
    "languages": ["es"],
}

CASES: list[Case] = [
    # Public pages.
    Case("portfolio:home", PUBLIC),
    Case("portfolio:action_list", PUBLIC),
    Case("portfolio:action_detail", PUBLIC, {"slug": "peru-iii"}, label="public action"),
    Case(
        "portfolio:action_detail",
        # Issue 3: a partner focal point "sees its actions": INM is a partner of this one.
        expect(404, partner=200, knowledge=200, **dict.fromkeys(STAFF, 200)),
        {"slug": Ref("formulated_action")},
        label="formulated, not yet public",
    ),
    Case("portfolio:country_detail", PUBLIC, {"iso2": "MX"}),
    Case("portfolio:region_list", PUBLIC),
    Case("portfolio:region_detail", PUBLIC, {"code": "LAC"}),
    # The public API.
    # The API's JSON index; ninja's own root view (a 404 outside DEBUG) has the same address and
    # never answers, since the index comes first.
    Case("api_index", PUBLIC),
    Case("api-v1:api-root", PUBLIC),
    Case("api-v1:openapi-json", PUBLIC),
    Case("api-v1:openapi-view", PUBLIC),
    Case("api-v1:region_list", PUBLIC),
    Case("api-v1:grouping_list", PUBLIC),
    Case("api-v1:country_list", PUBLIC),
    Case("api-v1:country_detail", PUBLIC, {"iso2": "MX"}),
    Case("api-v1:thematic_area_list", PUBLIC),
    Case("api-v1:thematic_area_detail", PUBLIC, {"code": "IMT"}),
    Case("api-v1:gcm_objective_list", PUBLIC),
    Case("api-v1:sector_list", PUBLIC),
    Case("api-v1:activity_type_list", PUBLIC),
    Case("api-v1:output_type_list", PUBLIC),
    Case("api-v1:action_list_endpoint", PUBLIC),
    Case("api-v1:action_detail_endpoint", PUBLIC, {"slug": "peru-iii"}, label="public action"),
    Case(
        "api-v1:action_detail_endpoint",
        expect(404, partner=200, knowledge=200, **dict.fromkeys(STAFF, 200)),
        {"slug": Ref("formulated_action")},
        label="formulated, not yet public",
    ),
    Case("api-v1:activity_list_endpoint", PUBLIC),
    Case("api-v1:output_list_endpoint", PUBLIC),
    Case("api/v1/<path:path>", expect(404), {"path": "no-such-endpoint"}),
    # Signing in and out, two-factor authentication.
    Case("accounts:login", PUBLIC),
    Case("accounts:logout", expect(405), label="GET"),
    Case("accounts:logout", expect(302), method="post", label="POST"),
    # With two-factor authentication off (the default outside production) both pages send
    # everyone on; with it on, staff and steering members set it up (and are sent from
    # "verify" to "setup" while they have no device), others are sent on.
    Case("accounts:two_factor_verify", signed_in(302)),
    Case("accounts:two_factor_setup", signed_in(302)),
    Case(
        "accounts:two_factor_setup",
        signed_in(302, steering=200, knowledge=200, **dict.fromkeys(STAFF, 200)),
        settings={"MIEUX_REQUIRE_TWO_FACTOR": True},
        label="two-factor required",
    ),
    # Request pages.
    Case("intake:request_list", signed_in(200, expert=403, knowledge=403)),
    Case("intake:request_create", signed_in(403, partner=200, other_partner=200)),
    Case(
        "intake:request_create",
        signed_in(403, partner=302, other_partner=302),
        method="post",
        data={"intent": "next"},
        label="POST step 1",
    ),
    Case(
        "intake:request_detail",
        signed_in(404, partner=200, steering=200, **dict.fromkeys(STAFF, 200)),
        AWAITING,
        label="awaiting decision",
    ),
    Case(
        "intake:request_detail",
        signed_in(404, other_partner=200, **dict.fromkeys(STAFF, 200)),
        {"request_id": Ref("other_draft")},
        label="draft of the other institution",
    ),
    Case(
        "intake:request_edit",
        # Staff may read the draft but not edit it: back to its page.
        signed_in(404, partner=200, **dict.fromkeys(STAFF, 302)),
        {**DRAFT, "step": 2},
        label="draft",
    ),
    Case(
        "intake:request_edit",
        signed_in(404, partner=302, **dict.fromkeys(STAFF, 302)),
        {**DRAFT, "step": 2},
        method="post",
        data={
            "title": "Renamed draft",
            "text_language": "en",
            "intent": "save",
            "version": Ref("draft_version"),
        },
        label="POST draft",
    ),
    Case(
        "intake:request_edit",
        signed_in(404, partner=302, steering=302, **dict.fromkeys(STAFF, 302)),
        {**AWAITING, "step": 2},
        label="not editable",
    ),
    Case(
        "intake:request_transition",
        signed_in(404, partner=403, steering=302, **dict.fromkeys(STAFF, 403)),
        AWAITING,
        method="post",
        data={"transition": "approve", "reason": "Approved.", "version": Ref("awaiting_version")},
        label="approve",
    ),
    Case(
        "intake:request_transition",
        signed_in(404, partner=302, **dict.fromkeys(STAFF, 403)),
        DRAFT,
        method="post",
        data={
            "transition": "withdraw",
            "reason": "No longer needed.",
            "version": Ref("draft_version"),
        },
        label="withdraw a draft",
    ),
    Case(
        "intake:request_attachment",
        signed_in(404, partner=200, **dict.fromkeys(STAFF, 200)),
        {**DRAFT, "attachment_id": Ref("attachment")},
    ),
    # Staff pages.
    Case("intake:steering_agenda", signed_in(403, steering=200, **dict.fromkeys(STAFF, 200))),
    Case(
        "intake:steering_agenda",
        signed_in(403, steering=302),
        method="post",
        data={
            "request_id": Ref("awaiting"),
            "transition": "approve",
            "reason": "Approved.",
            "version": Ref("awaiting_version"),
        },
        label="approve",
    ),
    Case(
        "intake:assessment",
        signed_in(403, **dict.fromkeys(STAFF, 200)),
        {"request_id": Ref("under_assessment")},
    ),
    Case(
        "intake:assessment",
        signed_in(403, **dict.fromkeys(STAFF, 302)),
        {"request_id": Ref("under_assessment")},
        method="post",
        data={
            "request_id": Ref("under_assessment"),
            "transition": "recommend",
            "reason": "Fits the mandate.",
            "version": Ref("under_assessment_version"),
        },
        label="recommend",
    ),
    Case("intake:dashboard", signed_in(403, **dict.fromkeys(STAFF, 200))),
    Case(
        "intake:history",
        signed_in(403, **dict.fromkeys(STAFF, 200)),
        {"kind": "request", "object_id": Ref("awaiting")},
    ),
    # Request endpoints.
    Case(
        "api-v1:request_create_endpoint",
        identified(403, partner=201, other_partner=201),
        method="post",
        data=NEW_REQUEST,
    ),
    Case("api-v1:request_list_endpoint", identified(200)),
    Case(
        "api-v1:request_detail_endpoint",
        identified(404, partner=200, steering=200, **dict.fromkeys(STAFF, 200)),
        AWAITING,
        label="awaiting decision",
    ),
    Case(
        "api-v1:request_detail_endpoint",
        identified(404, other_partner=200, **dict.fromkeys(STAFF, 200)),
        {"request_id": Ref("other_draft")},
        label="draft of the other institution",
    ),
    Case(
        "api-v1:request_update_endpoint",
        identified(404, partner=200, **dict.fromkeys(STAFF, 403)),
        DRAFT,
        method="patch",
        data={"title": "Renamed draft"},
    ),
    Case(
        "api-v1:request_transition_endpoint",
        identified(404, partner=403, steering=200, **dict.fromkeys(STAFF, 403)),
        AWAITING,
        method="post",
        data={"transition": "approve", "reason": "Approved."},
        label="approve",
    ),
    Case(
        "api-v1:request_transition_endpoint",
        # Not possible in this state, whoever asks: a conflict for all who may see it.
        identified(404, partner=409, steering=409, **dict.fromkeys(STAFF, 409)),
        AWAITING,
        method="post",
        data={"transition": "formulate", "reason": ""},
        label="illegal formulate",
    ),
    Case(
        "api-v1:attachment_add_endpoint",
        identified(404, partner=201, **dict.fromkeys(STAFF, 403)),
        DRAFT,
        method="post",
        data={"file": lambda: SimpleUploadedFile("a.txt", b"A.", content_type="text/plain")},
        multipart=True,
    ),
    Case(
        "api-v1:attachment_list_endpoint",
        identified(404, partner=200, **dict.fromkeys(STAFF, 200)),
        DRAFT,
    ),
    Case(
        "api-v1:attachment_download_endpoint",
        identified(404, partner=200, **dict.fromkeys(STAFF, 200)),
        {**DRAFT, "attachment_id": Ref("attachment")},
    ),
    Case(
        "api-v1:audit_list_endpoint",
        identified(403, **dict.fromkeys(STAFF, 200)),
        query="object=request:{awaiting}",
    ),
    Case("api-v1:lead_times_endpoint", identified(403, **dict.fromkeys(STAFF, 200))),
]
for _module in CASE_MODULES:
    CASES += _module.CASES


def _resolve(value: Any, world: Demo) -> Any:
    """A Ref's value in the demo world; a callable's result (a fresh upload for each run)."""
    if isinstance(value, Ref):
        return world[value.name]
    return value() if callable(value) else value


def run_case(client: Client, case: Case, role: str, world: Demo) -> int:
    with override_settings(**case.settings):
        return _run_case(client, case, role, world)


def _run_case(client: Client, case: Case, role: str, world: Demo) -> int:
    if role != "anonymous":
        client.force_login(world["users"][role])
    kwargs = {key: _resolve(value, world) for key, value in case.kwargs.items()}
    if "/" in case.name:  # an unnamed pattern, named by its route: fill the kwargs in
        url = "/" + case.name
        for key, value in kwargs.items():
            url = url.replace(f"<path:{key}>", str(value))
    else:
        url = reverse(case.name, kwargs=kwargs)
    if case.query:
        url = f"{url}?{case.query.format(**world.values)}"
    data = {key: _resolve(value, world) for key, value in (case.data or {}).items()}
    if case.method == "get":
        response = client.get(url)
    elif case.name.startswith("api-v1:") and not case.multipart:
        response = getattr(client, case.method)(url, data, content_type="application/json")
    elif case.multipart and case.method != "post":
        # The test client encodes multipart bodies for POST only.
        body = encode_multipart(BOUNDARY, data)
        response = getattr(client, case.method)(url, body, content_type=MULTIPART_CONTENT)
    else:
        response = getattr(client, case.method)(url, data)
    return response.status_code


# --- the tests ------------------------------------------------------------------------------------


def test_every_url_pattern_is_in_the_matrix() -> None:
    covered = {case.name for case in CASES}
    missing = sorted(
        {p.key for p in url_patterns() if not is_excluded(p.key) and p.key not in covered}
    )

    assert missing == []


def test_the_matrix_names_only_existing_url_patterns() -> None:
    existing = {p.key for p in url_patterns()}

    assert sorted({case.name for case in CASES} - existing) == []


def test_api_cases_use_each_operation_s_method() -> None:
    methods = api_methods()
    wrong = [
        (case.id, case.method, methods[operation])
        for case in CASES
        if case.name.startswith("api-v1:")
        and (operation := case.name.removeprefix("api-v1:").removesuffix("_endpoint")) in methods
        and methods[operation] != case.method
    ]

    assert wrong == []


def test_every_exclusion_matches_a_url_pattern() -> None:
    keys = [p.key for p in url_patterns()]

    assert [e for e in EXCLUDED if not any(matches(key, e) for key in keys)] == []


def _params() -> list[Any]:
    return [pytest.param(case, role, id=f"{case.id}-{role}") for case in CASES for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "role"), _params())
def test_permission_matrix(demo: Demo, client: Client, case: Case, role: str) -> None:
    status = run_case(client, case, role, demo)

    assert status == case.expected[role]
