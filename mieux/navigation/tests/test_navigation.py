"""The header's rules: every work page declares who it is for, and asking costs one query."""

import pytest
from django.test import RequestFactory

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.geo.models import Country
from mieux.navigation.links import ACCOUNT, WORK, _declared_audience, admits, can_use_admin
from mieux.navigation.navigation import Navigation, navigation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("link", WORK, ids=lambda link: link.url_name)
def test_every_work_page_declares_its_audience(link):
    # A work page without one would count as public and be offered to every signed-in user.
    assert _declared_audience(link.url_name) is not None


def _user(username: str, *roles: Role, **fields) -> User:
    user = User.objects.create_user(username=username, password="x", **fields)
    institution = None
    if Role.PARTNER_FOCAL_POINT in roles:
        institution = Institution.objects.create(
            name="Instituto", kind=InstitutionKind.values[0], country=Country.objects.first()
        )
    Membership.objects.bulk_create(
        Membership(user=user, role=role, institution=institution) for role in roles
    )
    return User.objects.get(pk=user.pk)


def test_anonymous_visitors_are_offered_only_public_pages():
    from django.contrib.auth.models import AnonymousUser

    nav = Navigation(AnonymousUser())

    assert [link.url_name for link in nav.primary] == [
        "portfolio:home",
        "portfolio:action_list",
        "portfolio:region_list",
    ]
    assert nav.work == nav.menu == nav.account == []
    assert nav.notifications is None


def test_one_work_page_sits_in_the_header_and_more_go_into_the_menu():
    partner = Navigation(_user("p", Role.PARTNER_FOCAL_POINT))
    officer = Navigation(_user("o", Role.PROJECT_OFFICER, is_staff=True))

    assert "intake:request_list" in [link.url_name for link in partner.primary]
    assert partner.menu == []
    assert officer.menu == officer.work
    assert len(officer.menu) == 6
    assert not set(officer.menu) & set(officer.primary)


def test_the_roles_are_read_once_for_the_whole_header(django_assert_num_queries):
    user = _user("o", Role.PROJECT_OFFICER, is_staff=True)
    nav = Navigation(user)

    with django_assert_num_queries(1):
        nav.links()


def test_a_page_that_loaded_the_roles_pays_nothing_more(django_assert_num_queries):
    from django.db.models import prefetch_related_objects

    user = _user("o", Role.PROJECT_OFFICER, is_staff=True)
    prefetch_related_objects([user], "memberships")

    with django_assert_num_queries(0):
        Navigation(user).links()


def test_staff_status_alone_does_not_open_the_admin():
    knowledge_manager = _user("k", Role.KNOWLEDGE_MANAGER, is_staff=True)
    administrator = _user("a", Role.ADMIN, is_staff=True)
    superuser = _user("s", is_staff=True, is_superuser=True)
    inactive = _user("i", Role.ADMIN, is_staff=True, is_active=False)
    admin_link = next(link for link in ACCOUNT if link.url_name == "admin:index")

    assert not can_use_admin.test(knowledge_manager)
    assert can_use_admin.test(administrator)
    assert can_use_admin.test(superuser)
    assert not can_use_admin.test(inactive)
    assert not admits(admin_link, knowledge_manager)
    assert admits(admin_link, administrator)


def test_the_context_processor_reads_nothing_until_the_header_is_rendered(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")
    request.user = _user("o", Role.PROJECT_OFFICER, is_staff=True)

    with django_assert_num_queries(0):
        context = navigation(request)

    assert isinstance(context["navigation"], Navigation)
