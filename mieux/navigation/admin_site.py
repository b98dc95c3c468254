"""The Django admin, branded as mieux and open only to administrators.

Officers, managers and knowledge managers have staff status (it marks them as facility staff)
but do their work in the site's own pages; the admin would only show them "You don't have
permission to view or edit anything". `can_use_admin` decides both the admin's door and the
link to it.
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mieux.navigation.links import can_use_admin


class MieuxAdminSite(AdminSite):
    site_header = _("mieux administration")
    site_title = _("mieux administration")
    index_title = _("Reference data, users and records")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(can_use_admin.test(request.user))
