"""The OpenAPI document, its committed snapshot and the browsable docs."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from mieux.api.management.commands.export_openapi import SNAPSHOT_PATH, openapi_document

pytestmark = pytest.mark.django_db

# The public data: anyone may read it. Every other endpoint refuses anonymous callers.
PUBLIC_PATHS = frozenset(
    {
        "/api/v1/actions",
        "/api/v1/actions/{slug}",
        "/api/v1/activities",
        "/api/v1/activity-types",
        "/api/v1/countries",
        "/api/v1/countries/{iso2}",
        "/api/v1/gcm-objectives",
        "/api/v1/groupings",
        "/api/v1/output-types",
        "/api/v1/outputs",
        "/api/v1/regions",
        "/api/v1/sectors",
        "/api/v1/thematic-areas",
        "/api/v1/thematic-areas/{code}",
    }
)


def test_openapi_snapshot_is_current() -> None:
    committed = SNAPSHOT_PATH.read_text(encoding="utf-8")

    assert committed == openapi_document(), (
        "The API schema changed. If the change is intended, regenerate the snapshot with "
        "`make openapi` (or `python -m mieux.manage export_openapi`) and commit "
        "mieux/api/openapi.json."
    )


def test_openapi_json_is_served() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "mieux API"
    assert schema["info"]["version"] == "1"
    assert schema == json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))


def test_every_operation_documents_its_problem_responses() -> None:
    schema = json.loads(openapi_document())

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "401", "422"} <= set(responses), (method, path)
            assert {"200", "201", "204"} & set(responses), (method, path)
            for status in ("400", "401", "422"):
                assert list(responses[status]["content"]) == ["application/problem+json"]
            credentials = [{"ApiTokenAuth": []}, {"SessionAuth": []}]
            if path in PUBLIC_PATHS:
                assert operation["security"] == [*credentials, {}], (method, path)
            else:
                assert operation["security"] == credentials, (method, path)


def test_openapi_lists_the_v1_endpoints() -> None:
    schema = json.loads(openapi_document())

    assert sorted(schema["paths"]) == [
        "/api/v1/actions",
        "/api/v1/actions/{slug}",
        "/api/v1/activities",
        "/api/v1/activities/{activity_id}/deployments",
        "/api/v1/activities/{activity_id}/expert-matches",
        "/api/v1/activities/{activity_id}/feedback",
        "/api/v1/activity-types",
        "/api/v1/audit",
        "/api/v1/countries",
        "/api/v1/countries/{iso2}",
        "/api/v1/deployments",
        "/api/v1/deployments/{deployment_id}",
        "/api/v1/deployments/{deployment_id}/report",
        "/api/v1/deployments/{deployment_id}/transitions",
        "/api/v1/experts",
        "/api/v1/experts/me",
        "/api/v1/experts/me/consent",
        "/api/v1/experts/me/cv",
        "/api/v1/experts/me/unavailable-periods",
        "/api/v1/experts/me/unavailable-periods/{period_id}",
        "/api/v1/experts/{expert_id}",
        "/api/v1/experts/{expert_id}/cv",
        "/api/v1/gcm-objectives",
        "/api/v1/groupings",
        "/api/v1/lead-times",
        "/api/v1/output-types",
        "/api/v1/outputs",
        "/api/v1/plans",
        "/api/v1/regions",
        "/api/v1/requests",
        "/api/v1/requests/{request_id}",
        "/api/v1/requests/{request_id}/attachments",
        "/api/v1/requests/{request_id}/attachments/{attachment_id}/download",
        "/api/v1/requests/{request_id}/messages",
        "/api/v1/requests/{request_id}/messages/files/{attachment_id}/download",
        "/api/v1/requests/{request_id}/transitions",
        "/api/v1/sectors",
        "/api/v1/thematic-areas",
        "/api/v1/thematic-areas/{code}",
    ]


def test_export_openapi_check_passes_when_current(tmp_path) -> None:
    output = tmp_path / "openapi.json"
    call_command("export_openapi", output=output)

    call_command("export_openapi", output=output, check=True)

    assert output.read_text(encoding="utf-8") == openapi_document()


def test_docs_page_uses_local_assets_only() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    asset_urls = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html)
    assert asset_urls, "the docs page should load Swagger UI assets"
    assert [url for url in asset_urls if re.match(r"^(https?:)?//", url)] == []
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in asset_urls
