"""The v1 NinjaAPI: OpenAPI 3 at /api/v1/openapi.json, browsable docs at /api/v1/docs.

The docs' Swagger UI assets are served from ninja's static files ("ninja" is in INSTALLED_APPS),
never from a CDN.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from mieux.api import (
    audit,
    conversations,
    experts,
    geo,
    intake,
    matching,
    portfolio,
    reports,
    roster,
    roster_self,
    taxonomy,
)
from mieux.api.auth import api_auth
from mieux.api.errors import PROBLEM_CODES, PROBLEM_CONTENT_TYPE, install_handlers
from mieux.api.renderers import ORJSONRenderer
from mieux.core.models import LANGUAGE_CODES, active_language

DESCRIPTION = """\
The portfolio of a demand-driven, peer-to-peer migration expertise facility (actions,
activities, outputs and result indicators, with the countries, regions and vocabularies they use),
and the workflow that turns a partner's request for assistance into an action.

**Authentication** is optional for reading the portfolio: anonymous callers see public data. Send
`Authorization: Bearer mx_…` (create a token on the *API tokens* page, `/accounts/tokens/`, or
with `mieux create_api_token USERNAME`; a token acts as its user) or use a logged-in browser
session to be identified; staff also see non-public actions. Credentials that are present but
unknown or revoked are refused with 401 `not_authenticated`; an expired token with 401
`token_expired`, whose `detail` says when it expired: create a new one. Both carry
`WWW-Authenticate: Bearer realm="mieux", error="invalid_token"`. Everything else needs an identified
caller (anonymous callers get 401): requests for assistance (`/requests`), audit histories
(`/audit`), lead times (`/lead-times`), the expert roster (`/experts`, staff and the expert
themself; contact data and CVs are never shown to anyone else), deployments, mission reports and
feedback, expert matches and plans (staff). A browser session must send the CSRF token with every
write.

**Experts** are matched to an activity by `GET /activities/{id}/expert-matches`: candidates that
pass every hard constraint (the activity's language at `minimum_level`, availability on its dates,
days left in the year), best first, each with its score explained part by part. `POST /plans`
staffs many planned activities at once: the exact plan (CP-SAT) beside the greedy one. Nothing is
proposed until `POST /activities/{id}/deployments`; deployments move by
`POST /deployments/{id}/transitions` (409 `overlapping_deployment` or `expert_unavailable` when
the expert cannot take it).

**Requests** move through their workflow only by `POST /requests/{id}/transitions`; a transition
the request's status does not allow is a 409 `illegal_transition`, and of two callers acting on
the same request at once one gets a 409 (pass the `version` you read to be sure).

**Languages**: names and texts follow `?lang=` (en, es, pt, fr), else `Accept-Language`.

**Lists** answer `{"count", "next", "items"}`; portfolio, request and audit lists are
cursor-paginated: pass `next` back as `cursor` until it is null (`limit` 1 to 200, default 20).

**Errors** are `application/problem+json`: `{"type", "title", "status", "detail", "code"}`, plus
`errors` (`field`, `location`, `message`, `type`) for invalid parameters. Codes:

""" + "\n".join(f"- `{code}`: {meaning}" for code, meaning in PROBLEM_CODES.items())


class MieuxNinjaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return operation.view_func.__name__.removesuffix("_endpoint")

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """ninja's schema, plus: authentication is optional (an empty security requirement) and
        error responses are `application/problem+json`."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # Marked by routers whose endpoints refuse anonymous callers (401).
                authenticated_only = operation.pop("x-mieux-authenticated", False)
                if (
                    "security" in operation
                    and {} not in operation["security"]
                    and not authenticated_only
                ):
                    operation["security"].append({})
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema


def with_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Activate `?lang=` (when valid) for the whole operation, serialisation included.

    Without it, LocaleMiddleware has already activated the Accept-Language choice. An invalid
    `lang` is left alone here and refused by the parameter validation."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        requested = request.GET.get("lang")
        language = requested if requested in LANGUAGE_CODES else active_language()
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        # What a caller sees depends on who they are: shared caches must key on the credentials.
        patch_vary_headers(response, ("Authorization",))
        return response

    return wrapper


api = MieuxNinjaAPI(
    title="mieux API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=api_auth,
    openapi_url="/openapi.json",
    docs_url="/docs",
    renderer=ORJSONRenderer(),
)
install_handlers(api)
api.add_decorator(with_language, mode="view")
api.add_router("/", geo.router)
api.add_router("/", taxonomy.router)
api.add_router("/", portfolio.router)
api.add_router("/", intake.router)
api.add_router("/", conversations.router)
api.add_router("/", audit.router)
api.add_router("/", audit.lead_times_router)
api.add_router("/", experts.router)
# Before the roster: its /experts/{expert_id}/cv would also match /experts/me/cv.
api.add_router("/", roster_self.router)
api.add_router("/", roster.router)
api.add_router("/", matching.router)
api.add_router("/", reports.router)
