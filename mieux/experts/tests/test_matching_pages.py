"""The matching page of one activity (with one-click proposing) and the planning page."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mieux.accounts.models import Institution, InstitutionKind, Membership, Role, User
from mieux.experts import services
from mieux.experts.models import Deployment, Expert, ExpertType, UnavailablePeriod
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Action, Activity, ActivityStatus
from mieux.taxonomy.models import ActivityType, ThematicArea

pytestmark = pytest.mark.django_db

CONSENTED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Roster:
    """A Peruvian action with Spanish-language planned activities, and experts for them."""

    officer: User
    partner: User  # not facility staff: a steering committee member
    action: Action
    lima: Activity  # 2027-03-08 to 03-10, Spanish, Lima
    cusco: Activity  # 2027-04-12 to 04-14, Spanish, Cusco
    delivered: Activity
    speakers: list[Expert] = field(default_factory=list)  # Spanish C1 or native, free
    weak: Expert | None = None  # Spanish at B1
    away: Expert | None = None  # native Spanish, unavailable in March 2027
    lusophone: Expert | None = None  # Portuguese only

    def add_speakers(self, count: int) -> list[Expert]:
        start = len(self.speakers)
        new = [
            make_expert(self.officer, f"Experta {start + n:02d}", {"es": "C1", "en": "B2"})
            for n in range(count)
        ]
        self.speakers += new
        return new


def make_expert(officer: User, name: str, languages: dict[str, str]) -> Expert:
    spain = Country.objects.get(iso2="ES")
    institution, _ = Institution.objects.get_or_create(
        name="Ministerio del Interior",
        country=spain,
        defaults={"kind": InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION},
    )
    return services.expert_create(
        actor=officer,
        full_name=name,
        expert_type=ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
        institution=institution,
        languages=languages,
        thematic_areas=ThematicArea.objects.filter(code="IMT-THB"),
        countries_of_experience=Country.objects.filter(iso2="PE"),
        consent_given_at=CONSENTED,
        status="active",
        max_days_per_year=60,
    )


def build_roster(speakers: int = 3) -> Roster:
    officer = User.objects.create_user("officer", password="correct-horse-battery")
    Membership.objects.create(user=officer, role=Role.PROJECT_OFFICER)
    partner = User.objects.create_user("partner", password="correct-horse-battery")
    Membership.objects.create(user=partner, role=Role.STEERING_MEMBER)
    lac = Region.objects.create(code="LAC", name_en="Latin America & the Caribbean")
    peru = Country.objects.create(iso2="PE", iso3="PER", numeric="604", name_en="Peru", region=lac)
    Country.objects.create(iso2="ES", iso3="ESP", numeric="724", name_en="Spain")
    imt = ThematicArea.objects.create(code="IMT", name_en="Irregular migration")
    thb = ThematicArea.objects.create(code="IMT-THB", name_en="Trafficking", parent=imt)
    action = Action.objects.create(
        slug="peru-iii",
        name="Peru III",
        region=lac,
        pillar=imt,
        start_date=datetime.date(2026, 3, 1),
        language="es",
    )
    action.countries.set([peru])
    action.thematic_areas.set([thb])
    workshop = ActivityType.objects.create(code="workshop", name_en="Workshop")

    def activity(title: str, start: datetime.date, days: int, **extra: object) -> Activity:
        return Activity.objects.create(
            action=action,
            activity_type=workshop,
            title=title,
            start_date=start,
            end_date=start + datetime.timedelta(days=days - 1),
            country=peru,
            language="es",
            experts_needed=2,
            **extra,
        )

    roster = Roster(
        officer=officer,
        partner=partner,
        action=action,
        lima=activity("Lima workshop", datetime.date(2027, 3, 8), 3, city="Lima"),
        cusco=activity("Cusco study visit", datetime.date(2027, 4, 12), 3, city="Cusco"),
        delivered=activity(
            "Past seminar", datetime.date(2025, 5, 5), 2, status=ActivityStatus.DELIVERED
        ),
    )
    roster.add_speakers(speakers)
    roster.weak = make_expert(officer, "Débora Débil", {"es": "B1"})
    roster.away = make_expert(officer, "Ausente Lejos", {"es": "native"})
    UnavailablePeriod.objects.create(
        expert=roster.away, start=datetime.date(2027, 3, 1), end=datetime.date(2027, 3, 31)
    )
    roster.lusophone = make_expert(officer, "Luís Lusófono", {"pt": "native"})
    return roster


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def matches_url(activity: Activity) -> str:
    return reverse("experts:activity_matches", args=[activity.pk])


def propose_url(activity: Activity) -> str:
    return reverse("experts:activity_match_propose", args=[activity.pk])


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- one activity ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_others_refused() -> None:
    roster = build_roster()

    anonymous = Client().get(matches_url(roster.lima))
    partner = signed_in(roster.partner).get(matches_url(roster.lima))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert partner.status_code == 403


def test_unknown_activity_is_a_404() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(reverse("experts:activity_matches", args=[999_999]))

    assert response.status_code == 404


def test_page_shows_the_activity_and_the_candidates_with_their_explanations() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(matches_url(roster.lima))

    assert response.status_code == 200
    shown = [row["candidate"].expert for row in response.context["candidates"]]
    # Only fluent Spanish speakers who are free in March 2027.
    assert sorted(expert.pk for expert in shown) == sorted(e.pk for e in roster.speakers)
    html = response.content.decode()
    assert "Lima workshop" in html
    assert "Peru III" in html
    assert "Lima, Peru" in html
    assert "Nobody is proposed for this activity yet." in html
    for expert in roster.speakers:
        assert f'id="candidate-{expert.pk}"' in html
        assert f'name="expert_id" value="{expert.pk}"' in html
    assert "Débora Débil" not in html
    assert "Ausente Lejos" not in html
    assert "Luís Lusófono" not in html
    # The explanation, part by part, with a readable label per criterion.
    first = response.context["candidates"][0]
    criteria = [item["part"].criterion for item in first["parts"]]
    assert set(criteria) == {
        "thematic_fit",
        "language",
        "experience",
        "availability",
        "workload",
        "feedback",
        "country_mix",
    }
    assert "Thematic fit" in html
    assert "Command of the language" in html
    assert html.count("criterion-language") == len(roster.speakers)
    # The score is the sum of the parts.
    candidate = first["candidate"]
    assert candidate.score == pytest.approx(
        round(sum(part.points for part in candidate.explanation), 1)
    )


def test_a_lower_minimum_level_lets_weaker_speakers_in() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(matches_url(roster.lima), {"minimum_level": "B1"})

    shown = {row["candidate"].expert.pk for row in response.context["candidates"]}
    assert roster.weak.pk in shown
    assert response.context["level"] == "B1"
    assert '<option value="B1" selected>' in response.content.decode()


def test_an_unknown_minimum_level_is_explained_and_the_default_used() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(matches_url(roster.lima), {"minimum_level": "Z9"})

    assert response.status_code == 200
    assert response.context["level"] == "B2"
    assert "Unknown language level “Z9”" in response.content.decode()
    assert len(response.context["candidates"]) == len(roster.speakers)


def test_propose_puts_the_candidate_in_the_team() -> None:
    roster = build_roster()
    chosen = roster.speakers[1]
    client = signed_in(roster.officer)

    response = client.post(
        propose_url(roster.lima),
        {"expert_id": chosen.pk, "role": "lead_expert", "minimum_level": "C1"},
    )

    deployment = Deployment.objects.get(activity=roster.lima)
    assert response.status_code == 302
    assert response["Location"] == (
        matches_url(roster.lima) + f"?minimum_level=C1&proposed={deployment.pk}#team-heading"
    )
    assert texts(response) == [
        f"{chosen.full_name} is proposed for “Lima workshop” as lead expert."
    ]
    assert (deployment.expert, deployment.role, deployment.status, deployment.proposed_by) == (
        chosen,
        "lead_expert",
        "proposed",
        roster.officer,
    )
    page = client.get(response["Location"].removesuffix("#team-heading"))
    team = page.context["team"]
    assert [d.expert for d in team] == [chosen]
    html = page.content.decode()
    assert "badge-deployment-proposed" in html
    # The officer sees where to invite the new member: the next step, and the team's row.
    detail = reverse("experts:deployment_detail", args=[deployment.pk])
    assert page.context["proposed"] == deployment
    assert f'Next: invite {chosen.full_name} from <a href="{detail}">their deployment</a>.' in html
    assert html.count(f'href="{detail}"') >= 2
    rows = {row["candidate"].expert.pk: row for row in page.context["candidates"]}
    if chosen.pk in rows:  # still a candidate: marked, without a button
        assert rows[chosen.pk]["in_team"]
        assert f'name="expert_id" value="{chosen.pk}"' not in html


def test_propose_errors_come_back_as_messages_and_change_nothing() -> None:
    roster = build_roster()
    chosen = roster.speakers[0]
    client = signed_in(roster.officer)
    client.post(propose_url(roster.lima), {"expert_id": chosen.pk, "role": "expert"})
    client.get(matches_url(roster.lima))  # shows (and so clears) the success message

    def propose(data: dict) -> object:
        response = client.post(propose_url(roster.lima), data)
        client.get(response["Location"])  # shows (and so clears) the message
        return response

    again = propose({"expert_id": chosen.pk, "role": "expert"})
    away = propose({"expert_id": roster.away.pk, "role": "expert"})
    bad_role = propose({"expert_id": roster.speakers[1].pk, "role": "boss"})
    no_expert = propose({"expert_id": "", "role": "expert"})

    for response in (again, away, bad_role, no_expert):
        assert response.status_code == 302
        assert response["Location"] == matches_url(roster.lima)
    assert texts(again) == [f"{chosen.full_name} is already proposed for “Lima workshop”."]
    assert texts(away) == ["Ausente Lejos is unavailable from 2027-03-01 to 2027-03-31."]
    assert texts(bad_role) == ["The role is lead expert or expert."]
    assert texts(no_expert) == ["Choose an expert to propose."]
    assert list(Deployment.objects.values_list("expert_id", flat=True)) == [chosen.pk]


def test_propose_is_for_staff_only_and_post_only() -> None:
    roster = build_roster()

    partner = signed_in(roster.partner).post(
        propose_url(roster.lima), {"expert_id": roster.speakers[0].pk, "role": "expert"}
    )
    anonymous = Client().post(
        propose_url(roster.lima), {"expert_id": roster.speakers[0].pk, "role": "expert"}
    )
    get = signed_in(roster.officer).get(propose_url(roster.lima))

    assert partner.status_code == 403
    assert anonymous.status_code == 302
    assert get.status_code == 405
    assert not Deployment.objects.exists()


def _queries(client: Client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_matching_page_queries_do_not_grow_with_candidates() -> None:
    roster = build_roster(speakers=2)
    client = signed_in(roster.officer)
    client.post(propose_url(roster.lima), {"expert_id": roster.speakers[0].pk})
    few = _queries(client, matches_url(roster.lima))

    roster.add_speakers(12)
    client.post(propose_url(roster.lima), {"expert_id": roster.speakers[5].pk})
    many = _queries(client, matches_url(roster.lima))

    assert many == few


# --- planning -------------------------------------------------------------------------------------

PLANNING = reverse("experts:planning")


def test_planning_is_for_staff() -> None:
    roster = build_roster()

    assert Client().get(PLANNING).status_code == 302
    assert signed_in(roster.partner).get(PLANNING).status_code == 403
    assert signed_in(roster.officer).post(PLANNING).status_code == 405


def test_planning_lists_the_planned_activities_all_checked() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(PLANNING)

    assert response.status_code == 200
    assert [a.title for a in response.context["activities"]] == [
        "Lima workshop",
        "Cusco study visit",
    ]
    assert response.context["selected_ids"] == {roster.lima.pk, roster.cusco.pk}
    assert response.context["comparison"] is None
    html = response.content.decode()
    assert (
        f'id="activity-{roster.lima.pk}" name="activity" value="{roster.lima.pk}" checked' in html
    )
    assert "Past seminar" not in html


def test_planning_filters_by_action_region_and_dates() -> None:
    roster = build_roster()
    client = signed_in(roster.officer)

    april = client.get(PLANNING, {"start": "2027-04-01", "end": "2027-04-30"})
    peru = client.get(PLANNING, {"action": "peru-iii", "region": "lac"})
    bad = client.get(PLANNING, {"start": "April"})
    unknown = client.get(PLANNING, {"action": "nowhere"})

    assert [a.title for a in april.context["activities"]] == ["Cusco study visit"]
    assert len(peru.context["activities"]) == 2
    assert bad.context["activities"] == []
    assert "Dates are written year-month-day" in bad.content.decode()
    assert "Unknown action “nowhere”." in unknown.content.decode()


def test_plan_shows_both_plans_side_by_side() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(
        PLANNING, {"plan": "1", "activity": [roster.lima.pk, roster.cusco.pk]}
    )

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.exact.method == "cp-sat"
    assert comparison.greedy.method == "greedy"
    assert comparison.exact.total_fit >= comparison.greedy.total_fit
    rows = response.context["rows"]
    assert [row["activity"] for row in rows] == [roster.lima, roster.cusco]
    # Each activity takes two experts, and there are three fluent, free speakers.
    assert [len(row["exact"]) for row in rows] == [2, 2]
    html = response.content.decode()
    assert "Exact plan (CP-SAT)" in html
    assert "Greedy plan" in html
    assert "Propose the exact plan" in html
    encoded = response.context["encoded_plan"]
    assert len(encoded.split(",")) == len(comparison.exact.assignments)


def test_plan_takes_only_the_checked_activities() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).get(PLANNING, {"plan": "1", "activity": [roster.cusco.pk]})
    nothing = signed_in(roster.officer).get(PLANNING, {"plan": "1"})

    assert [row["activity"] for row in response.context["rows"]] == [roster.cusco]
    assert response.context["selected_ids"] == {roster.cusco.pk}
    assert nothing.context["comparison"] is None
    assert "Choose at least one activity to plan." in nothing.content.decode()


def test_propose_the_exact_plan_in_one_click() -> None:
    roster = build_roster()
    client = signed_in(roster.officer)
    query = {"action": "peru-iii", "plan": "1", "activity": [roster.lima.pk, roster.cusco.pk]}
    page = client.get(PLANNING, query)
    exact = page.context["comparison"].exact.assignments

    response = client.post(
        reverse("experts:planning_propose"),
        {
            "assignments": page.context["encoded_plan"],
            "return_to": page.context["return_to"],
            "filters_only": page.context["filters_only"],
        },
    )

    assert response.status_code == 302
    assert response["Location"].startswith(PLANNING + "?")
    assert "plan=" not in response["Location"]
    assert "action=peru-iii" in response["Location"]
    assert texts(response) == [f"The plan is proposed: {len(exact)} deployments on 2 activities."]
    assert sorted(Deployment.objects.values_list("activity_id", "expert_id")) == sorted(
        (a.activity_id, a.expert_id) for a in exact
    )
    # Planning again counts the new team members: nobody more is needed.
    again = client.get(PLANNING, query)
    assert again.context["comparison"].exact.assignments == []
    assert "The exact plan proposes nobody" in again.content.decode()


def test_a_stale_plan_proposes_nothing_and_says_which_pair_failed() -> None:
    roster = build_roster()
    client = signed_in(roster.officer)
    query = {"plan": "1", "activity": [roster.lima.pk, roster.cusco.pk]}
    page = client.get(PLANNING, query)
    taken = page.context["comparison"].exact.assignments[-1]
    # Someone proposes one of the plan's pairs in the meantime.
    services.deployment_propose(
        actor=roster.officer, expert_id=taken.expert_id, activity_id=taken.activity_id
    )

    response = client.post(
        reverse("experts:planning_propose"),
        {"assignments": page.context["encoded_plan"], "return_to": page.context["return_to"]},
    )

    assert response.status_code == 302
    assert "plan=1" in response["Location"]
    [message] = texts(response)
    expert = Expert.objects.get(pk=taken.expert_id)
    activity = Activity.objects.get(pk=taken.activity_id)
    assert message.startswith(f"Nothing was proposed: {expert.full_name} on “{activity.title}”")
    assert Deployment.objects.count() == 1


def test_a_damaged_plan_is_refused() -> None:
    roster = build_roster()

    response = signed_in(roster.officer).post(
        reverse("experts:planning_propose"), {"assignments": "1:2:x,3"}
    )

    assert response["Location"] == PLANNING
    assert texts(response) == ["The plan sent was damaged; plan again."]
    assert not Deployment.objects.exists()


def test_planning_queries_do_not_grow_with_activities() -> None:
    roster = build_roster(speakers=4)
    client = signed_in(roster.officer)

    def plan_all() -> int:
        ids = Activity.objects.filter(status="planned").values_list("pk", flat=True)
        return _queries(client, PLANNING, {"plan": "1", "activity": list(ids)})

    few = plan_all()
    for week in range(6):
        Activity.objects.create(
            action=roster.action,
            activity_type=roster.lima.activity_type,
            title=f"Follow-up {week}",
            start_date=datetime.date(2027, 6, 7) + datetime.timedelta(weeks=week),
            end_date=datetime.date(2027, 6, 8) + datetime.timedelta(weeks=week),
            country=roster.lima.country,
            language="es",
        )
    roster.add_speakers(6)
    many = plan_all()

    assert many == few
