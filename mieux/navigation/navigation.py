"""What the header and footer offer one user: `navigation` in every page's context."""

from functools import cached_property
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest

from mieux.navigation.links import (
    ACCOUNT,
    FOOTER,
    MY_WORK,
    NOTIFICATIONS,
    PUBLIC,
    WORK,
    Link,
    admits,
)

# A role with one work page (a partner's requests) finds it in the header itself; more go into one
# "Workspace" menu, so the signed-in header keeps to one row on a laptop screen (1366 px).
INLINE_WORK_LINKS = 1


class Navigation:
    """Read lazily: a page that renders no header (a fragment, an e-mail) costs nothing."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def signed_in(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    def _admitted(self, links: tuple[Link, ...]) -> list[Link]:
        if self.signed_in:
            # The policies read the roles many times: one query, shared with the page's own.
            prefetch_related_objects([self.user], "memberships")
        return [link for link in links if admits(link, self.user)]

    @cached_property
    def work(self) -> list[Link]:
        return self._admitted(WORK) if self.signed_in else []

    @cached_property
    def primary(self) -> list[Link]:
        links = list(PUBLIC)
        if self.signed_in:
            links.append(MY_WORK)
            if len(self.work) <= INLINE_WORK_LINKS:
                links.extend(self.work)
        return links

    @cached_property
    def menu(self) -> list[Link]:
        return self.work if len(self.work) > INLINE_WORK_LINKS else []

    @cached_property
    def menu_navs(self) -> set[str]:
        return {link.nav for link in self.menu}

    @cached_property
    def notifications(self) -> Link | None:
        return NOTIFICATIONS if self.signed_in else None

    @cached_property
    def account(self) -> list[Link]:
        return self._admitted(ACCOUNT) if self.signed_in else []

    @cached_property
    def footer(self) -> list[Link]:
        return self._admitted(FOOTER)

    def links(self) -> list[Link]:
        """Every link the header and footer show this user (for tests and the sitemap)."""
        found = [*self.primary, *self.menu, *self.account, *self.footer]
        if self.notifications:
            found.append(self.notifications)
        return found


def navigation(request: HttpRequest) -> dict[str, Navigation]:
    """Context processor."""
    return {"navigation": Navigation(getattr(request, "user", None))}
