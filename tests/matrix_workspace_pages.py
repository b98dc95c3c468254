"""The permission matrix's cases for the portfolio workspace (issue 9): officers, the programme
manager and administrators manage actions; knowledge managers see the list and edit the texts
and translations; everyone else gets a 403 (anonymous visitors the sign-in page). The posts are
refused by the form (400) for those who may make them, so no case changes the demo."""

from typing import Any

from mieux.portfolio.models import Action, Activity, Output, ResultIndicator
from tests.matrix import STAFF, Case, Ref, signed_in


def world() -> dict[str, Any]:
    activity = Activity.objects.select_related("action").order_by("action_id", "id")[0]
    output = Output.objects.select_related("action").order_by("action_id", "id")[0]
    indicator = ResultIndicator.objects.select_related("action").order_by("action_id", "id")[0]
    return {
        "action_slug": Action.objects.order_by("id").values_list("slug", flat=True)[0],
        "activity_action_slug": activity.action.slug,
        "activity_id": activity.pk,
        "output_action_slug": output.action.slug,
        "output_id": output.pk,
        "indicator_action_slug": indicator.action.slug,
        "indicator_id": indicator.pk,
    }


ACTION = {"slug": Ref("action_slug")}
ACTIVITY = {"slug": Ref("activity_action_slug"), "activity_id": Ref("activity_id")}
OUTPUT = {"slug": Ref("output_action_slug"), "output_id": Ref("output_id")}
INDICATOR = {"slug": Ref("indicator_action_slug"), "indicator_id": Ref("indicator_id")}
MANAGERS = dict.fromkeys(STAFF, 200)
REFUSED_FORM = dict.fromkeys(STAFF, 400)

CASES: list[Case] = [
    Case("portfolio:workspace_action_list", signed_in(403, knowledge=200, **MANAGERS)),
    Case("portfolio:workspace_action_create", signed_in(403, **MANAGERS)),
    Case(
        "portfolio:workspace_action_create",
        signed_in(403, **REFUSED_FORM),
        method="post",
        data={"slug": "no such thing"},
        label="refused",
    ),
    Case("portfolio:workspace_action_edit", signed_in(403, **MANAGERS), ACTION),
    Case(
        "portfolio:workspace_action_edit",
        signed_in(403, **REFUSED_FORM),
        ACTION,
        method="post",
        data={"name": ""},
        label="refused",
    ),
    Case("portfolio:workspace_action_publication", signed_in(403, **MANAGERS), ACTION),
    Case(
        "portfolio:workspace_action_publication",
        signed_in(403, **REFUSED_FORM),
        ACTION,
        method="post",
        data={"publish": "maybe"},
        label="refused",
    ),
    Case("portfolio:workspace_activity_list", signed_in(403, **MANAGERS), ACTION),
    Case("portfolio:workspace_activity_create", signed_in(403, **MANAGERS), ACTION),
    Case(
        "portfolio:workspace_activity_create",
        signed_in(403, **REFUSED_FORM),
        ACTION,
        method="post",
        data={"title": ""},
        label="refused",
    ),
    Case("portfolio:workspace_activity_edit", signed_in(403, **MANAGERS), ACTIVITY),
    Case(
        "portfolio:workspace_activity_edit",
        signed_in(403, **REFUSED_FORM),
        ACTIVITY,
        method="post",
        data={"title": ""},
        label="refused",
    ),
    Case("portfolio:workspace_output_list", signed_in(403, **MANAGERS), ACTION),
    Case("portfolio:workspace_output_create", signed_in(403, **MANAGERS), ACTION),
    Case(
        "portfolio:workspace_output_create",
        signed_in(403, **REFUSED_FORM),
        ACTION,
        method="post",
        data={"title": ""},
        label="refused",
    ),
    Case("portfolio:workspace_output_edit", signed_in(403, **MANAGERS), OUTPUT),
    Case(
        "portfolio:workspace_output_edit",
        signed_in(403, **REFUSED_FORM),
        OUTPUT,
        method="post",
        data={"title": ""},
        label="refused",
    ),
    Case("portfolio:workspace_indicator_list", signed_in(403, **MANAGERS), ACTION),
    Case("portfolio:workspace_indicator_create", signed_in(403, **MANAGERS), ACTION),
    Case(
        "portfolio:workspace_indicator_create",
        signed_in(403, **REFUSED_FORM),
        ACTION,
        method="post",
        data={"name": ""},
        label="refused",
    ),
    Case("portfolio:workspace_indicator_edit", signed_in(403, **MANAGERS), INDICATOR),
    Case(
        "portfolio:workspace_indicator_edit",
        signed_in(403, **REFUSED_FORM),
        INDICATOR,
        method="post",
        data={"name": ""},
        label="refused",
    ),
    Case("portfolio:workspace_measurement_record", signed_in(403, **MANAGERS), INDICATOR),
    Case(
        "portfolio:workspace_measurement_record",
        signed_in(403, **REFUSED_FORM),
        INDICATOR,
        method="post",
        data={"value": "many"},
        label="refused",
    ),
    Case("portfolio:workspace_action_texts", signed_in(403, knowledge=200, **MANAGERS), ACTION),
    Case(
        "portfolio:workspace_action_texts",
        signed_in(403, knowledge=400, **REFUSED_FORM),
        ACTION,
        method="post",
        data={"language": "xx"},
        label="refused",
    ),
]
