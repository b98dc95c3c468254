"""The activities the demo roster works on: upcoming ones added for the demo (an illustrative
planned Peru action, and three activities in the formulated Mexico V), and the delivered ones of
the real portfolio that get a team."""

import datetime
from collections import Counter

from mieux.accounts.models import Institution
from mieux.experts.demo.institutions import ILLUSTRATIVE, PERU_V, UPCOMING_ACTIVITIES
from mieux.experts.demo.plan import LONGEST_PAST_ACTIVITY, PAST_ACTIONS, PastActivity
from mieux.geo.models import Country, Region
from mieux.portfolio import services as portfolio_services
from mieux.portfolio.demo.people import INSTITUTIONS as PORTFOLIO_INSTITUTIONS
from mieux.portfolio.models import Action, ActionStatus, Activity, ActivityStatus
from mieux.taxonomy.models import ActivityType, Sector, ThematicArea

MIGRATION_SECTOR = "15190"


def _peru_v(created: Counter[str]) -> Action:
    action = Action.objects.filter(slug=PERU_V["slug"]).first()
    if action is not None:
        return action
    partners = [
        Institution.objects.get(
            name=PORTFOLIO_INSTITUTIONS[key]["name"],
            country__iso2=PORTFOLIO_INSTITUTIONS[key]["country"],
        )
        for key in PERU_V["partners"]
    ]
    start, end = (datetime.date.fromisoformat(day) for day in PERU_V["period"])
    action = portfolio_services.action_create(
        actor=None,
        slug=PERU_V["slug"],
        name=PERU_V["name"],
        title=PERU_V["title"],
        region=Region.objects.get(code="LAC"),
        pillar=ThematicArea.objects.get(code=PERU_V["pillar"]),
        status=ActionStatus.PLANNED,
        start_date=start,
        start_precision="day",
        end_date=end,
        end_precision="day",
        language="en",
        is_public=False,
        source_note=ILLUSTRATIVE,
        countries=list(Country.objects.filter(iso2__in=PERU_V["countries"])),
        partner_institutions=partners,
        thematic_areas=list(ThematicArea.objects.filter(code__in=PERU_V["themes"])),
        sectors=list(Sector.objects.filter(code=MIGRATION_SECTOR)),
    )
    created["action"] += 1
    return action


def load_upcoming(created: Counter[str]) -> dict[int, Activity]:
    """The upcoming demo activities by index in UPCOMING_ACTIVITIES. One that would fall outside
    its action's period (Mexico V's dates follow the day the demo was loaded) is left out."""
    actions = {
        "peru-v": _peru_v(created),
        "mexico-v": Action.objects.filter(slug="mexico-v").first(),
    }
    types = {t.code: t for t in ActivityType.objects.all()}
    found = {}
    for index, (slug, type_code, title, start, end, city, team) in enumerate(UPCOMING_ACTIVITIES):
        action = actions[slug]
        if action is None:
            continue
        start_date, end_date = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        activity = Activity.objects.filter(
            action=action, title=title, start_date=start_date
        ).first()
        if activity is None:
            inside = start_date >= action.start_date and (
                action.end_date is None or end_date <= action.end_date
            )
            if not inside:
                continue
            activity = portfolio_services.activity_create(
                actor=None,
                action=action,
                activity_type=types[type_code],
                title=title,
                start_date=start_date,
                end_date=end_date,
                status=ActivityStatus.PLANNED,
                city=city,
                country=action.countries.first(),
                language="es",
                experts_needed=team,
                source_note=ILLUSTRATIVE,
            )
            created["activity"] += 1
        found[index] = activity
    return found


def past_activities() -> dict[int, Activity]:
    """The delivered activities of the chosen past actions that get a team, by id."""
    activities = (
        Activity.objects.filter(action__slug__in=PAST_ACTIONS, status=ActivityStatus.DELIVERED)
        .select_related("action", "country")
        .prefetch_related("action__thematic_areas", "action__countries")
        .order_by("start_date", "id")
    )
    return {
        activity.pk: activity for activity in activities if activity.days <= LONGEST_PAST_ACTIVITY
    }


def plan_inputs(past: dict[int, Activity], *, has_lead: set[int]) -> list[PastActivity]:
    inputs = []
    for activity in past.values():
        country = activity.country or next(iter(activity.action.countries.all()), None)
        inputs.append(
            PastActivity(
                key=activity.pk,
                start=activity.start_date,
                end=activity.end_date,
                language=activity.language,
                country=country.iso2 if country else "",
                themes=frozenset(t.code for t in activity.action.thematic_areas.all()),
                experts_involved=activity.action.experts_involved,
                team_size=activity.experts_needed - (1 if activity.pk in has_lead else 0),
                has_lead=activity.pk in has_lead,
            )
        )
    return inputs
