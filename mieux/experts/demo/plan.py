"""Which demo expert goes where: fixed upcoming deployments, and a deterministic team for each
past activity chosen by fit, under the same rules the services enforce (no overlapping held
deployments, the yearly allowance of days, unavailable periods)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from mieux.experts.demo.people import DemoExpert
from mieux.experts.demo.roster import ROSTER

# Levels at which an expert can work in a language.
WORKING_LEVELS = frozenset({"B2", "C1", "C2", "native"})

# Past delivered activities that get a team: (action slug). Activities of more than ten days
# (remote drafting over months) get none.
PAST_ACTIONS = (
    "mexico-ii",
    "mexico-iii",
    "mexico-iv",
    "peru-iii",
    "peru-iv",
    "costa-rica-v",
    "colombia-ii",
    "brazil-iii",
    "el-salvador-ii",
)
LONGEST_PAST_ACTIVITY = 10

# demo-expert's own three deployments: the delivered Mexico II seminar on labour market
# integration (completed, as lead expert), and two upcoming ones (by index in
# institutions.UPCOMING_ACTIVITIES).
DEMO_EXPERT_PAST = ("mexico-ii", datetime.date(2018, 2, 19))
DEMO_EXPERT = "Demo Expert"

# (expert full name, upcoming activity index, role, final status, reason)
UPCOMING: list[tuple[str, int, str, str, str]] = [
    ("Javier Fernández Ruiz", 0, "lead_expert", "accepted", ""),
    ("Diana Rojas Cárdenas", 0, "expert", "accepted", ""),
    (DEMO_EXPERT, 1, "expert", "invited", ""),
    ("Marco Bianchi", 1, "lead_expert", "invited", ""),
    ("Thomas Becker", 1, "expert", "declined", "Already committed to another mission in May."),
    ("María García López", 2, "lead_expert", "proposed", ""),
    ("Elena Gómez Herrera", 3, "lead_expert", "accepted", ""),
    (DEMO_EXPERT, 3, "expert", "accepted", ""),
    ("João Pereira Santos", 3, "expert", "invited", ""),
    ("Carlos Rodríguez Navarro", 4, "lead_expert", "proposed", ""),
    ("Giulia Romano", 4, "expert", "invited", ""),
]


@dataclass(frozen=True)
class PastActivity:
    """What the planner needs to know about a delivered activity."""

    key: int
    start: datetime.date
    end: datetime.date
    language: str
    country: str
    themes: frozenset[str]
    experts_involved: str
    team_size: int
    # Someone outside the roster (demo-expert) already leads it.
    has_lead: bool = False


@dataclass
class Calendar:
    """Held deployments per expert, to keep the plan within the services' rules."""

    held: dict[str, list[tuple[datetime.date, datetime.date]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def fits(self, expert: DemoExpert, start: datetime.date, end: datetime.date) -> bool:
        if any(s <= end and e >= start for s, e in self.held[expert.full_name]):
            return False
        for away_start, away_end, _note in expert.away:
            if away_start <= end.isoformat() and away_end >= start.isoformat():
                return False
        used = sum((e - s).days + 1 for s, e in self.held[expert.full_name] if s.year == start.year)
        return used + (end - start).days + 1 <= expert.max_days

    def hold(self, name: str, start: datetime.date, end: datetime.date) -> None:
        self.held[name].append((start, end))


def languages(expert: DemoExpert) -> dict[str, str]:
    return dict(pair.split(":") for pair in expert.languages.split())


def _fit(expert: DemoExpert, activity: PastActivity, country_names: dict[str, str]) -> int:
    areas = set(expert.areas)
    pillars = {code.split("-")[0] for code in areas}
    score = 3 * len(areas & activity.themes)
    score += len(pillars & {code.split("-")[0] for code in activity.themes})
    if activity.country in expert.countries:
        score += 2
    home = country_names.get(expert.institution, "")
    if home and home in activity.experts_involved:
        score += 2
    return score


def past_teams(
    activities: list[PastActivity], calendar: Calendar, country_names: dict[str, str]
) -> list[tuple[str, int, str]]:
    """(expert name, activity key, role) for the delivered activities, lead expert first.

    `country_names` maps an institution key to its country's English name. Deterministic: the
    same activities give the same teams."""
    load: dict[str, int] = defaultdict(int)
    eligible = [expert for expert in ROSTER if expert.consent and expert.status == "active"]
    teams = []
    for activity in sorted(activities, key=lambda a: (a.start, a.key)):
        ranked = sorted(
            (
                expert
                for expert in eligible
                if languages(expert).get(activity.language) in WORKING_LEVELS
            ),
            key=lambda expert: (
                -(_fit(expert, activity, country_names) - 2 * load[expert.full_name]),
                ROSTER.index(expert),
            ),
        )
        team: list[str] = []
        for expert in ranked:
            if len(team) == activity.team_size:
                break
            if calendar.fits(expert, activity.start, activity.end):
                calendar.hold(expert.full_name, activity.start, activity.end)
                load[expert.full_name] += 1
                team.append(expert.full_name)
        for index, name in enumerate(team):
            lead = index == 0 and not activity.has_lead
            teams.append((name, activity.key, "lead_expert" if lead else "expert"))
    return teams
