"""The site's header and footer links, each shown to exactly the users its page admits.

A page declares its audience once, on the view (`mieux.accounts.decorators.role_page` records
its predicate as `view.audience`); the header asks that same predicate, so a link can never lead
a user to a 403. Pages with no declared audience are public. `tests` walk every link for every
role and fail on anything but a 200.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import rules
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mieux.accounts.models import Role, roles_of

Predicate = Callable[..., bool]


@rules.predicate
def can_use_admin(user: Any) -> bool:
    """The Django admin is the administrators' tool: staff status and the administrator role
    (or superuser). Everyone else does their work in the site's own pages."""
    if not (getattr(user, "is_active", False) and getattr(user, "is_staff", False)):
        return False
    return bool(user.is_superuser or Role.ADMIN in roles_of(user))


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str | Promise
    # The `nav` value the page puts in its context, so the header can mark the current page.
    nav: str = ""
    # For pages that are not ours to decorate (the admin): who may use them.
    audience: Predicate | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@cache
def _declared_audience(url_name: str) -> Predicate | None:
    return getattr(resolve(reverse(url_name)).func, "audience", None)


def admits(link: Link, user: Any) -> bool:
    """Whether `user` may open the page `link` leads to (an anonymous visitor: public pages)."""
    predicate = link.audience or _declared_audience(link.url_name)
    if predicate is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(predicate.test(user) if hasattr(predicate, "test") else predicate(user))


PUBLIC = (
    Link("portfolio:home", _("Home"), "home"),
    Link("portfolio:action_list", _("Portfolio"), "portfolio"),
    Link("portfolio:region_list", _("Regions"), "regions"),
)
MY_WORK = Link("mywork:my_work", _("My work"), "mywork")
# The pages of a role's daily work, in the order a day's work goes through them.
WORK = (
    Link("intake:request_list", _("Requests"), "requests"),
    Link("portfolio:workspace_action_list", _("Manage actions"), "workspace"),
    Link("intake:steering_agenda", _("Steering agenda"), "steering"),
    Link("intake:dashboard", _("Dashboard"), "dashboard"),
    Link("experts:roster", _("Experts"), "experts"),
    Link("experts:planning", _("Planning"), "planning"),
    Link("experts:deployment_list", _("My deployments"), "deployments"),
    Link("experts:my_profile", _("My expert profile"), "profile"),
)
NOTIFICATIONS = Link("inbox:notification_list", _("Notifications"), "notifications")
ACCOUNT = (
    Link("accounts:settings", _("Settings"), "settings"),
    Link("accounts:token_list", _("API tokens"), "tokens"),
    Link("admin:index", _("Administration"), audience=can_use_admin),
)
FOOTER = (
    Link("api-v1:openapi-view", _("Open data API")),
    Link("portfolio:action_list", _("Portfolio")),
    Link("admin:index", _("Administration"), audience=can_use_admin),
)
