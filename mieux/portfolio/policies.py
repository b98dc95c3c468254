"""Who may manage the portfolio in pages: the one policy layer for actions and their parts.

Project officers, the programme manager and administrators create, edit, publish and unpublish
actions. Knowledge managers see the workspace list and edit the actions' public texts and their
translations. Everyone else reads the portfolio only through the public pages and the API.
Pages ask these predicates (django-rules) with `.test(user)`.
"""

from typing import Any

import rules

from mieux.accounts.models import FACILITY_ROLES, Role, roles_of


@rules.predicate
def can_manage_portfolio(user: Any) -> bool:
    """Create and edit actions, publish and unpublish them."""
    return bool(roles_of(user) & FACILITY_ROLES)


@rules.predicate
def is_knowledge_manager(user: Any) -> bool:
    return Role.KNOWLEDGE_MANAGER in roles_of(user)


can_view_workspace = can_manage_portfolio | is_knowledge_manager

can_edit_texts = can_view_workspace
"""Edit an action's context, objective and result and their translations."""
