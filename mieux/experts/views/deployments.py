"""Expert pages: an expert's own deployments."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mieux.experts.selectors import deployments_of


@login_required
@require_GET
def deployment_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own deployments (an empty list for users who are not experts)."""
    deployments = deployments_of(request.user).select_related("activity__country")
    return render(request, "experts/deployment_list.html", {"deployments": deployments})
