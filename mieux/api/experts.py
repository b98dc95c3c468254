"""An expert's own deployments.

The endpoint needs an identified caller (anonymous callers get 401) and answers only the caller's
own deployments, as `mieux.experts.selectors.deployments_of` reads them; a caller who is not an
expert gets an empty list.
"""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from mieux.api.auth import caller
from mieux.api.errors import ProblemOut
from mieux.api.intake import AUTHENTICATED_ONLY, authenticated
from mieux.api.schemas import CountryRef
from mieux.experts.selectors import deployments_of

router = Router(tags=["deployments"], auth=authenticated)

ERRORS = {400: ProblemOut, 401: ProblemOut, 422: ProblemOut}


class DeploymentActionOut(Schema):
    slug: str
    name: str


class DeploymentActivityOut(Schema):
    id: int
    title: str
    start_date: datetime.date
    end_date: datetime.date
    city: str
    country: CountryRef | None
    is_virtual: bool
    action: DeploymentActionOut


class DeploymentOut(Schema):
    id: int
    role: str
    status: str
    activity: DeploymentActivityOut


class DeploymentListOut(Schema):
    count: int
    next: str | None
    items: list[DeploymentOut]


@router.get(
    "/deployments",
    response={200: DeploymentListOut, **ERRORS},
    summary="My deployments",
    openapi_extra=AUTHENTICATED_ONLY,
)
def deployment_list_endpoint(request: HttpRequest) -> dict:
    """The caller's own deployments as an expert, soonest activity first (an expert has few, so
    the list is not paginated: `next` is always null)."""
    deployments = list(deployments_of(caller(request)).select_related("activity__country"))
    return {"count": len(deployments), "next": None, "items": deployments}
