"""The demo portfolio: the brochure's cards, the real LAC actions, the demo users, idempotency."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from mieux.accounts.models import Institution, Membership, User
from mieux.core.models import AuditEvent
from mieux.portfolio.demo import DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD_ENV, load_demo
from mieux.portfolio.models import Action, Activity, Measurement, Output, ResultIndicator
from mieux.portfolio.selectors import PortfolioFilter, action_list, activity_list

pytestmark = pytest.mark.django_db

BROCHURE_ACTIONS = ["Mexico I", "Mexico II", "Costa Rica I", "Costa Rica II", "IberRed", "Peru III"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo():
    return load_demo()


def table_sizes() -> dict[str, int]:
    return {
        "actions": Action.objects.count(),
        "activities": Activity.objects.count(),
        "outputs": Output.objects.count(),
        "indicators": ResultIndicator.objects.count(),
        "measurements": Measurement.objects.count(),
        "institutions": Institution.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def test_lac_actions_include_the_six_brochure_actions(demo):
    names = {action.name for action in action_list(None, PortfolioFilter(region="LAC"))}

    assert set(BROCHURE_ACTIONS) <= names
    assert len(names) == 19


def test_brochure_cards_keep_the_brochure_texts(demo):
    mexico = Action.objects.get(slug="mexico-i")
    iberred = Action.objects.get(slug="iberred")

    assert mexico.context == (
        "A growing number of unaccompanied minors is entering Mexico to flee insecurity and "
        "poverty in the Northern Triangle."
    )
    assert mexico.result == (
        "Handbook on European Union (EU) practices on protection and assistance of unaccompanied "
        "minors"
    )
    assert iberred.objective.startswith("To support to the drafting of a revised protocol")
    assert Action.objects.get(slug="costa-rica-i").objective == (
        Action.objects.get(slug="costa-rica-ii").objective
    )


def test_peru_iii_carries_the_orphan_objective_and_result(demo):
    peru = Action.objects.get(slug="peru-iii")

    assert "provincial desks" in peru.objective
    assert "Permanent Multilateral Commission against THB and Migrant Smuggling" in peru.objective
    assert peru.result.startswith("Development of inter-sectoral guidelines on fighting migrant")
    assert peru.context.startswith("Certain provinces of Peru are major transit routes")


def test_exactly_21_lac_activities_started_in_2017(demo):
    activities = activity_list(None, PortfolioFilter(region="LAC", year=2017))

    assert activities.count() == 21


def test_six_lac_activities_started_in_2016(demo):
    activities = activity_list(None, PortfolioFilter(region="LAC", year=2016))

    assert activities.count() == 6


def test_mexico_ii_trained_755_officials(demo):
    indicator = ResultIndicator.objects.get(action__slug="mexico-ii")

    assert indicator.kind == "officials_trained"
    assert indicator.latest_value == Decimal("755.00")
    assert indicator.measurements.get().measured_on == datetime.date(2018, 12, 31)


def test_brochure_outputs_are_loaded(demo):
    outputs = {output.title: output for output in Output.objects.select_related("action")}

    handbook = outputs[
        "Handbook on European Union (EU) practices on protection and assistance of "
        "unaccompanied minors"
    ]
    first_plan = outputs["First National Integration Plan of Costa Rica (2013-2017)"]
    second_plan = outputs["Second National Integration Plan of Costa Rica (2018-2022)"]
    assert handbook.action.slug == "mexico-i"
    assert (first_plan.action.slug, first_plan.status) == ("costa-rica-i", "adopted")
    assert first_plan.adopted_on.year == 2013
    assert (second_plan.action.slug, second_plan.status) == ("costa-rica-ii", "adopted")
    assert second_plan.adopted_on.year == 2018
    assert outputs["Inter-sectoral guidelines on fighting migrant smuggling"].action.slug == (
        "peru-iii"
    )
    assert outputs[
        "Training curriculum on trafficking in human beings for government officials"
    ].output_type.code == ("training_curriculum")
    assert [o.output_type.code for o in Output.objects.filter(action__slug="iberred")] == [
        "protocol"
    ]


def test_statuses_and_periods_follow_the_real_pages(demo):
    periods = {
        action.slug: (action.status, action.start_date, action.end_date)
        for action in Action.objects.all()
    }

    assert periods["mexico-i"] == (
        "completed",
        datetime.date(2015, 4, 1),
        datetime.date(2020, 4, 30),
    )
    assert periods["mexico-ii"] == (
        "completed",
        datetime.date(2017, 1, 1),
        datetime.date(2018, 12, 31),
    )
    assert periods["costa-rica-ii"] == (
        "completed",
        datetime.date(2017, 1, 1),
        datetime.date(2017, 12, 31),
    )
    assert periods["iberred"] == (
        "completed",
        datetime.date(2017, 3, 1),
        datetime.date(2018, 1, 31),
    )
    assert periods["gran-chaco"] == ("ongoing", datetime.date(2022, 2, 1), None)
    assert Action.objects.get(slug="costa-rica-i").start_precision == "year"


def test_actions_have_countries_sector_and_sources(demo):
    countries = {
        action.slug: sorted(country.iso2 for country in action.countries.all())
        for action in Action.objects.prefetch_related("countries")
    }

    assert countries["gran-chaco"] == ["AR", "BO", "PY"]
    assert countries["argentina-brazil"] == ["AR", "BR"]
    assert countries["iberred"] == []
    assert (
        Action.objects.get(slug="iberred")
        .partner_institutions.filter(kind="regional_organisation")
        .count()
        == 2
    )
    assert Action.objects.exclude(sectors__code="15190").count() == 0
    assert Action.objects.filter(source_note="").count() == 0
    assert Action.objects.filter(source_url="").count() == 1  # Costa Rica I: no page stored
    assert Activity.objects.filter(source_note="").count() == 0


def test_brochure_actions_have_spanish_translations(demo):
    for action in Action.objects.filter(name__in=BROCHURE_ACTIONS):
        spanish = action.translations["es"]
        assert sorted(spanish) == ["context", "objective", "result", "title"], action.name
        assert all(spanish.values()), action.name

    peru = Action.objects.get(slug="peru-iii")
    assert "mesas provinciales" in peru.text("objective", "es")


def test_demo_users_hold_one_role_each(demo):
    users = {
        membership.user.username: (
            membership.role,
            membership.institution.acronym or membership.institution.name,
            membership.user.is_staff,
            membership.user.is_superuser,
        )
        for membership in Membership.objects.select_related("user", "institution")
    }

    assert users == {
        "demo-partner-mx": ("partner_focal_point", "INM", False, False),
        "demo-partner-pe": ("partner_focal_point", "MININTER", False, False),
        "demo-officer": ("project_officer", "ICMPD", True, False),
        "demo-manager": ("programme_manager", "ICMPD", True, False),
        "demo-steering": ("steering_member", "DG INTPA", False, False),
        "demo-expert": (
            "expert",
            "Ministry of Inclusion, Social Security and Migration",
            False,
            False,
        ),
        "demo-knowledge": ("knowledge_manager", "ICMPD", True, False),
        "demo-admin": ("admin", "ICMPD", True, True),
    }
    assert all(user.check_password(DEFAULT_DEMO_PASSWORD) for user in User.objects.all())
    assert Institution.objects.get(acronym="INM", country__iso2="MX").name == (
        "National Institute of Migration"
    )


def test_demo_users_are_at_the_right_kind_of_institution(demo):
    kinds = {
        membership.user.username: membership.institution.kind
        for membership in Membership.objects.select_related("user", "institution")
    }

    assert kinds["demo-officer"] == "facility"
    assert kinds["demo-steering"] == "eu_institution"
    assert kinds["demo-partner-mx"] == "national_authority"


def test_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(DEMO_PASSWORD_ENV, "another-demo-password-2027")

    load_demo()

    assert User.objects.get(username="demo-officer").check_password("another-demo-password-2027")


def test_every_loaded_row_is_audited(demo):
    created = sum(demo.created.values())

    assert AuditEvent.objects.count() == created
    assert AuditEvent.objects.exclude(actor=None).count() == 0


def test_second_load_creates_nothing_and_changes_nothing(demo):
    before = table_sizes()
    saved_at = dict(Action.objects.values_list("slug", "updated_at"))

    report = load_demo()

    assert report.changed_anything is False
    assert table_sizes() == before
    assert dict(Action.objects.values_list("slug", "updated_at")) == saved_at


def test_load_brings_an_edited_demo_action_back_with_one_audit_event(demo):
    Action.objects.filter(slug="peru-iii").update(objective="Edited.")
    events = AuditEvent.objects.count()

    report = load_demo()

    assert report.updated["action"] == 1
    assert "provincial desks" in Action.objects.get(slug="peru-iii").objective
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-id").first().before == {"objective": "Edited."}


def test_load_demo_command_prints_counts_and_logins():
    stdout = io.StringIO()

    call_command("load_demo", stdout=stdout)

    text = stdout.getvalue()
    assert "19 actions" in text
    assert "8 users" in text
    assert f"password: {DEFAULT_DEMO_PASSWORD}" in text
    assert "demo-partner-mx" in text
    assert "demo-admin" in text
