"""A throwaway URLconf with one broken operation per defect the API fuzzer must catch.

Used only by tests/test_api_fuzz.py to show that `tests.api_fuzz.fuzz` fails on a server error,
on an undocumented status and on a response that breaks its schema.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import path
from ninja import NinjaAPI, Schema

planted = NinjaAPI(urls_namespace="planted_fuzz", docs_url=None)


class CountOut(Schema):
    count: int


@planted.get("/divide", response={200: CountOut})
def divide(request: HttpRequest, by: int) -> CountOut:
    """A server error for one valid input: `by=0` divides by zero."""
    return CountOut(count=100 // by)


@planted.get("/teapot", response={200: CountOut})
def teapot(request: HttpRequest) -> Any:
    """An answer with a status the operation does not document."""
    return JsonResponse({"count": 1}, status=418)


@planted.get("/wrong-shape", response={200: CountOut})
def wrong_shape(request: HttpRequest) -> Any:
    """A 200 whose body breaks the documented schema (ninja checks output, so bypass it)."""
    return JsonResponse({"count": "many"})


urlpatterns = [path("planted/", planted.urls)]
