"""Lead times per region, year and stage, and the requests waiting longest.

The requests are built by hand with controlled timestamps, so every figure below is exact.
"""

import datetime

import pytest

from mieux.accounts.tests.factories import (
    CountryFactory,
    InstitutionFactory,
    RegionFactory,
    UserFactory,
)
from mieux.core.errors import DomainError
from mieux.intake.leadtimes import lead_times, longest_waiting
from mieux.intake.models import AssistanceRequest, RequestTransition
from mieux.portfolio.models import ActivityStatus
from mieux.portfolio.tests.factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(year: int, month: int, day: int, hour: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def regions():
    return {
        "LAC": RegionFactory(code="LAC", name_en="Latin America and the Caribbean"),
        "AFR": RegionFactory(code="AFR", name_en="Africa"),
    }


@pytest.fixture
def make_request(regions):
    country = CountryFactory(iso2="MX", region=regions["LAC"])
    institution = InstitutionFactory(country=country)
    partner = UserFactory(username="partner")

    def make(
        region: str,
        status: str,
        *,
        submitted: datetime.datetime | None = None,
        steps: tuple[tuple[str, datetime.datetime], ...] = (),
        decided: datetime.datetime | None = None,
        formulated: datetime.datetime | None = None,
        delivered: tuple[datetime.date, ...] = (),
        planned: tuple[datetime.date, ...] = (),
    ) -> AssistanceRequest:
        action = None
        if formulated is not None:
            action = ActionFactory(region=regions[region])
            for day in delivered:
                ActivityFactory(action=action, start_date=day, end_date=day)
            for day in planned:
                ActivityFactory(
                    action=action, status=ActivityStatus.PLANNED, start_date=day, end_date=day
                )
        decisions = [when for name, when in steps if name in {"approve", "reject", "defer"}]
        assistance_request = AssistanceRequest.objects.create(
            title=f"Request {AssistanceRequest.objects.count() + 1}",
            region=regions[region],
            country=country,
            lead_institution=institution,
            created_by=partner,
            status=status,
            submitted_at=submitted,
            decided_at=decided or (max(decisions) if decisions else None),
            formulated_at=formulated,
            action=action,
        )
        for name, when in steps:
            RequestTransition.objects.create(
                assistance_request=assistance_request,
                transition=name,
                from_status="x",
                to_status="y",
                actor=partner,
                occurred_at=when,
            )
        return assistance_request

    return make


@pytest.fixture
def history(make_request):
    """Seven requests in two regions whose lead times are easy to work out by hand."""
    # LAC, 2024: approved after 10 days, formulated 20 days later, first delivery 30 days later
    # (2024 is a leap year: 31 January → 1 March is 30 days). The planned activity and the later
    # delivery do not count.
    make_request(
        "LAC",
        "formulated",
        submitted=at(2024, 1, 1),
        steps=(("approve", at(2024, 1, 11)),),
        formulated=at(2024, 1, 31),
        delivered=(datetime.date(2024, 4, 1), datetime.date(2024, 3, 1)),
        planned=(datetime.date(2024, 2, 10),),
    )
    # LAC, 2024: deferred after 4.5 days (the first decision counts), approved on 1 March,
    # formulated 10 days later; no activity delivered yet.
    make_request(
        "LAC",
        "formulated",
        submitted=at(2024, 2, 1, 12),
        steps=(("defer", at(2024, 2, 6)), ("approve", at(2024, 3, 1))),
        formulated=at(2024, 3, 11),
    )
    # LAC, 2024: rejected after 30 days.
    make_request("LAC", "rejected", submitted=at(2024, 3, 1), steps=(("reject", at(2024, 3, 31)),))
    # LAC, submitted in 2023, approved 20 days later in 2024, formulated 10 days after that:
    # its first stage belongs to 2023, its second to 2024.
    make_request(
        "LAC",
        "formulated",
        submitted=at(2023, 12, 20),
        steps=(("approve", at(2024, 1, 9)),),
        formulated=at(2024, 1, 19),
    )
    # LAC: still awaiting a decision, and a draft: neither is measured.
    make_request("LAC", "recommended", submitted=at(2024, 12, 31))
    make_request("LAC", "draft")
    # AFR, 2024: approved after 2.5 days, formulated 0.75 days later; its only delivered
    # activity is dated before the formulation and counts as immediate.
    make_request(
        "AFR",
        "formulated",
        submitted=at(2024, 5, 1),
        steps=(("approve", at(2024, 5, 3, 12)),),
        formulated=at(2024, 5, 4, 6),
        delivered=(datetime.date(2024, 5, 1),),
    )
    # AFR, 2022: decided before transitions were recorded: decided_at stands in, 4 days.
    make_request("AFR", "rejected", submitted=at(2022, 1, 1), decided=at(2022, 1, 5))


def row(region, year, stage, count, median, p90, longest):
    return {
        "region": region,
        "year": year,
        "stage": stage,
        "count": count,
        "median_days": median,
        "p90_days": p90,
        "max_days": longest,
    }


ALL_ROWS = [
    row("AFR", 2022, "submitted_to_decision", 1, 4.0, 4.0, 4.0),
    row("AFR", 2024, "submitted_to_decision", 1, 2.5, 2.5, 2.5),
    row("AFR", 2024, "decision_to_formulated", 1, 0.75, 0.75, 0.75),
    row("AFR", 2024, "formulated_to_first_activity", 1, 0.0, 0.0, 0.0),
    row("LAC", 2023, "submitted_to_decision", 1, 20.0, 20.0, 20.0),
    # [4.5, 10, 30]: the 90th percentile lies 80 % of the way from 10 to 30.
    row("LAC", 2024, "submitted_to_decision", 3, 10.0, 26.0, 30.0),
    # [10, 10, 20]
    row("LAC", 2024, "decision_to_formulated", 3, 10.0, 18.0, 20.0),
    row("LAC", 2024, "formulated_to_first_activity", 1, 30.0, 30.0, 30.0),
]


def test_lead_times_per_region_year_and_stage(history):
    assert lead_times() == ALL_ROWS


def test_lead_times_for_one_region(history):
    assert lead_times(region="LAC") == ALL_ROWS[4:]


def test_lead_times_region_code_is_case_insensitive(history):
    assert lead_times(region="afr") == ALL_ROWS[:4]


def test_lead_times_for_one_year_go_by_the_year_the_stage_started(history):
    assert lead_times(year=2023) == [ALL_ROWS[4]]
    assert lead_times(region="LAC", year=2024) == ALL_ROWS[5:]
    assert lead_times(year="2022") == [ALL_ROWS[0]]


def test_lead_times_of_an_empty_year_are_empty(history):
    assert lead_times(year=2019) == []


def test_lead_times_without_requests_are_empty(regions):
    assert lead_times() == []


def test_lead_times_reject_an_unknown_region(history):
    with pytest.raises(DomainError) as error:
        lead_times(region="XYZ")

    assert error.value.field == "region"
    assert "XYZ" in error.value.message


@pytest.mark.parametrize("year", ["twenty", 1800, 2500, True, "2024.5"])
def test_lead_times_reject_a_bad_year(history, year):
    with pytest.raises(DomainError) as error:
        lead_times(year=year)

    assert error.value.field == "year"


def test_lead_times_run_a_fixed_number_of_queries(history, make_request, django_assert_num_queries):
    with django_assert_num_queries(4):
        before = lead_times()
    for day in range(1, 21):
        make_request(
            "LAC",
            "formulated",
            submitted=at(2025, 1, day),
            steps=(("approve", at(2025, 2, day)),),
            formulated=at(2025, 3, day),
            delivered=(datetime.date(2025, 4, day),),
        )

    with django_assert_num_queries(4):
        after = lead_times()
    with django_assert_num_queries(5):
        lead_times(region="LAC", year=2025)

    assert after[: len(before)] == before
    assert after[len(before) :] == [
        row("LAC", 2025, "submitted_to_decision", 20, 31.0, 31.0, 31.0),
        row("LAC", 2025, "decision_to_formulated", 20, 28.0, 28.0, 28.0),
        row("LAC", 2025, "formulated_to_first_activity", 20, 31.0, 31.0, 31.0),
    ]


NOW = at(2025, 1, 1)


@pytest.fixture
def waiting(make_request):
    return {
        "submitted": make_request(
            "LAC", "submitted", submitted=at(2024, 12, 1), steps=(("submit", at(2024, 12, 1)),)
        ),
        "under_assessment": make_request(
            "AFR",
            "under_assessment",
            submitted=at(2024, 10, 1),
            steps=(("submit", at(2024, 10, 1)), ("start_assessment", at(2024, 11, 16, 12))),
        ),
        "approved": make_request(
            "LAC",
            "approved",
            submitted=at(2024, 9, 1),
            steps=(("submit", at(2024, 9, 1)), ("approve", at(2024, 12, 25))),
        ),
        # No transition recorded: it waits since its submission.
        "deferred": make_request("LAC", "deferred", submitted=at(2024, 6, 1)),
        "draft": make_request("LAC", "draft"),
        "rejected": make_request(
            "LAC", "rejected", submitted=at(2020, 1, 1), steps=(("reject", at(2020, 2, 1)),)
        ),
        "formulated": make_request(
            "LAC",
            "formulated",
            submitted=at(2020, 1, 1),
            steps=(("approve", at(2020, 2, 1)),),
            formulated=at(2020, 3, 1),
        ),
    }


def test_longest_waiting_lists_undecided_and_unformulated_requests_longest_first(waiting):
    result = longest_waiting(now=NOW)

    assert [(r["id"], r["status"], r["region"], r["waiting_days"]) for r in result] == [
        (waiting["deferred"].pk, "deferred", "LAC", 214.0),
        (waiting["under_assessment"].pk, "under_assessment", "AFR", 45.5),
        (waiting["submitted"].pk, "submitted", "LAC", 31.0),
        (waiting["approved"].pk, "approved", "LAC", 7.0),
    ]
    assert result[0]["title"] == waiting["deferred"].title
    assert result[1]["waiting_since"] == at(2024, 11, 16, 12)
    assert set(result[0]) == {"id", "title", "status", "region", "waiting_since", "waiting_days"}


def test_longest_waiting_stops_at_the_limit(waiting):
    result = longest_waiting(limit=2, now=NOW)

    assert [r["id"] for r in result] == [waiting["deferred"].pk, waiting["under_assessment"].pk]


@pytest.mark.parametrize("limit", [0, -1, 101, "5", True])
def test_longest_waiting_rejects_a_bad_limit(waiting, limit):
    with pytest.raises(DomainError) as error:
        longest_waiting(limit=limit)

    assert error.value.field == "limit"


def test_longest_waiting_runs_one_query(waiting, django_assert_num_queries):
    with django_assert_num_queries(1):
        longest_waiting(now=NOW)
