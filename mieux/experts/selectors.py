"""Reads of the roster and deployments."""

from typing import Any

from django.db.models import QuerySet

from mieux.experts.models import Deployment


def deployments_of(user: Any) -> QuerySet[Deployment]:
    """The user's own deployments as an expert, soonest activity first."""
    if not getattr(user, "is_authenticated", False):
        return Deployment.objects.none()
    return (
        Deployment.objects.filter(expert__user=user)
        .select_related("expert", "activity", "activity__action")
        .order_by("activity__start_date", "id")
    )
