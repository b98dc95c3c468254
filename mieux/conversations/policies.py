"""Who may read and write the messages on a request: the one rule, asked by pages, API,
services and the notifications alike.

- Reading: whoever may see the request (`mieux.intake.policies.can_view_request`): the focal
  points of its requesting institutions, facility staff (project officers, the programme
  manager, administrators) always, steering committee members from the officer's
  recommendation on (`recommended`, `not_recommended`, then the decision states). Nobody else,
  and a request one may not see answers 404, as its own page does.
- Writing: the same people, while the request is open. Once it is rejected, formulated into an
  action or withdrawn the conversation stays readable, as the record of what was said, but takes
  no new message (403): what follows a formulation is the action's business, and a closed
  request has nobody left to answer.
"""

from typing import Any

import rules

from mieux.intake.models import AssistanceRequest
from mieux.intake.policies import can_view_request, visible_requests
from mieux.intake.workflow import CLOSED_STATES

__all__ = ["can_post_message", "can_read_conversation", "readable_requests"]


@rules.predicate
def is_open(user: Any, assistance_request: AssistanceRequest) -> bool:
    return assistance_request.status not in CLOSED_STATES


can_read_conversation = can_view_request
can_post_message = can_read_conversation & is_open


def readable_requests(user: Any) -> Any:
    """The queryset form of `can_read_conversation` (others get a 404)."""
    return visible_requests(user)
