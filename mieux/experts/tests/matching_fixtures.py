"""A small world for matching and planning tests: a taxonomy, countries, an action in Peru."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from mieux.accounts.models import Institution, InstitutionKind, User
from mieux.experts.models import (
    Deployment,
    Expert,
    ExpertLanguage,
    ExpertType,
    Feedback,
    UnavailablePeriod,
)
from mieux.geo.models import Country, Region
from mieux.portfolio.models import Action, Activity
from mieux.taxonomy.models import ActivityType, ThematicArea

CONSENTED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
MAY_4, MAY_8 = datetime.date(2026, 5, 4), datetime.date(2026, 5, 8)


@dataclass
class World:
    officer: User
    partner: User
    lac: Region
    europe: Region
    countries: dict[str, Country]
    areas: dict[str, ThematicArea]
    institutions: dict[str, Institution]
    action: Action
    activity_type: ActivityType
    serial: list[int] = field(default_factory=lambda: [0])

    def activity(
        self,
        title: str = "Workshop on victim identification",
        start: datetime.date = MAY_4,
        end: datetime.date = MAY_8,
        *,
        language: str = "es",
        country: str | None = "PE",
        experts_needed: int = 2,
        action: Action | None = None,
    ) -> Activity:
        return Activity.objects.create(
            action=action or self.action,
            activity_type=self.activity_type,
            title=title,
            start_date=start,
            end_date=end,
            language=language,
            country=self.countries[country] if country else None,
            experts_needed=experts_needed,
        )

    def other_action(self, *areas: str, pillar: str = "IMT") -> Action:
        self.serial[0] += 1
        action = Action.objects.create(
            slug=f"other-{self.serial[0]}",
            name=f"Other {self.serial[0]}",
            region=self.lac,
            pillar=self.areas[pillar],
            start_date=datetime.date(2026, 1, 1),
        )
        action.thematic_areas.set([self.areas[a] for a in areas])
        return action

    def expert(
        self,
        name: str,
        *,
        languages: dict[str, str] | None = None,
        areas: tuple[str, ...] = ("IMT-THB",),
        countries: tuple[str, ...] = (),
        regions: tuple[Region, ...] = (),
        home: str = "ES",
        keywords: tuple[str, ...] = (),
        max_days: int | None = 60,
        **fields: Any,
    ) -> Expert:
        values: dict[str, Any] = {
            "full_name": name,
            "expert_type": ExpertType.EU_MEMBER_STATE_ADMINISTRATION,
            "institution": self.institutions[home] if home else None,
            "keywords": list(keywords),
            "max_days_per_year": max_days,
            "consent_given_at": CONSENTED,
            "status": "active",
            **fields,
        }
        expert = Expert.objects.create(**values)
        for code, level in (languages if languages is not None else {"es": "C1"}).items():
            ExpertLanguage.objects.create(expert=expert, code=code, level=level)
        expert.thematic_areas.set([self.areas[a] for a in areas])
        expert.countries_of_experience.set([self.countries[c] for c in countries])
        expert.regions_of_experience.set(regions)
        return expert

    def deploy(self, expert: Expert, activity: Activity, status: str = "accepted") -> Deployment:
        return Deployment.objects.create(
            expert=expert, activity=activity, status=status, proposed_by=self.officer
        )

    def unavailable(self, expert: Expert, start: datetime.date, end: datetime.date) -> None:
        UnavailablePeriod.objects.create(expert=expert, start=start, end=end)

    def feedback(self, activity: Activity, score: int, source: str = "partner") -> None:
        self.serial[0] += 1
        author = User.objects.create_user(f"author-{self.serial[0]}")
        Feedback.objects.create(activity=activity, source=source, author=author, score=score)


def build_world() -> World:
    officer = User.objects.create_user("matching-officer")
    partner = User.objects.create_user("matching-partner")
    lac = Region.objects.create(code="LAC", name_en="Latin America & the Caribbean")
    europe = Region.objects.create(code="EUR", name_en="Europe")
    countries = {
        "PE": Country.objects.create(
            iso2="PE", iso3="PER", numeric="604", name_en="Peru", region=lac
        ),
        "MX": Country.objects.create(
            iso2="MX", iso3="MEX", numeric="484", name_en="Mexico", region=lac
        ),
        "ES": Country.objects.create(iso2="ES", iso3="ESP", numeric="724", name_en="Spain"),
        "PT": Country.objects.create(iso2="PT", iso3="PRT", numeric="620", name_en="Portugal"),
        "FR": Country.objects.create(iso2="FR", iso3="FRA", numeric="250", name_en="France"),
    }
    imt = ThematicArea.objects.create(code="IMT", name_en="Irregular migration")
    lm = ThematicArea.objects.create(code="LM", name_en="Legal migration")
    areas = {
        "IMT": imt,
        "LM": lm,
        "IMT-THB": ThematicArea.objects.create(
            code="IMT-THB", name_en="Trafficking in human beings", parent=imt
        ),
        "IMT-SOM": ThematicArea.objects.create(
            code="IMT-SOM", name_en="Smuggling of migrants", parent=imt
        ),
        "LM-LAB": ThematicArea.objects.create(code="LM-LAB", name_en="Labour migration", parent=lm),
    }
    institutions = {
        iso2: Institution.objects.create(
            name=f"Ministry of the Interior ({iso2})",
            kind=InstitutionKind.EU_MEMBER_STATE_ADMINISTRATION,
            country=countries[iso2],
        )
        for iso2 in ("ES", "PT", "FR")
    }
    action = Action.objects.create(
        slug="peru-iii",
        name="Peru III",
        title="Fighting trafficking in persons",
        region=lac,
        pillar=imt,
        start_date=datetime.date(2026, 1, 1),
    )
    action.countries.set([countries["PE"]])
    action.thematic_areas.set([areas["IMT-THB"]])
    activity_type = ActivityType.objects.create(code="workshop", name_en="Workshop")
    return World(
        officer=officer,
        partner=partner,
        lac=lac,
        europe=europe,
        countries=countries,
        areas=areas,
        institutions=institutions,
        action=action,
        activity_type=activity_type,
    )
