"""The draft plan of activities written when an approved request is formulated into an Action.

The facility "re-formulates an approved request into an Action composed of 6-7 activities"; the
plan follows the usual shape (an assessment mission first, a closing event last). To be worth
adjusting rather than rewriting, it is drafted as an officer would: each activity as long as its
type usually lasts (`taxonomy.vocabulary.ACTIVITY_TYPE_DAYS`), spread over the period the partner
asked for without two on top of each other, starting on Mondays where the period leaves room,
titled in the language of the request's texts (that of the Action's texts too), and the study
visit placed in an EU Member State that works in the partner's preferred working language.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mieux.geo.models import Country
from mieux.geo.selectors import eu_member_states
from mieux.portfolio.models import DatePrecision
from mieux.taxonomy.models import ActivityType

# (activity type, title). Titles are msgids, translated into the language of the request's texts
# when drafted.
DRAFT_PLAN = (
    ("assessment_mission", _("Assessment mission and bilateral meetings")),
    ("workshop", _("Knowledge exchange workshop")),
    ("training", _("Training of officials")),
    ("study_visit", _("Study visit to an EU Member State")),
    ("drafting_support", _("Drafting support for the main output")),
    ("training", _("Training of trainers")),
    ("seminar", _("Closing event presenting the results")),
)
# Translators: the title of a drafted activity followed by the country it takes place in, e.g.
# "Study visit to an EU Member State (Spain)".
TITLE_WITH_PLACE = _("%(activity)s (%(country)s)")
# A Member State whose administration works in the partner's working language, so that the visit
# needs no interpreting; other languages go to the first Member State in the reference data's order.
STUDY_VISIT_HOSTS = {"es": "ES", "pt": "PT", "fr": "FR", "en": "IE"}
# Free days kept between two activities: the partner's staff and the experts need a day between
# one event and the next, and no two activities may overlap.
GAP_DAYS = 1
MONDAY = 0


@dataclass(frozen=True)
class DraftActivity:
    activity_type: ActivityType
    title: str
    start_date: datetime.date
    end_date: datetime.date
    country: Country | None


def period_precision(start: datetime.date, end: datetime.date) -> str:
    """How precisely a partner gave the period: 1 January to 31 December is a year, the first of
    a month to the last of a month is months, anything else is days. Requests store plain dates,
    so this is read from them."""
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return DatePrecision.YEAR
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1:
        return DatePrecision.MONTH
    return DatePrecision.DAY


def study_visit_host(language: str) -> Country | None:
    """The Member State a study visit goes to; None while no Member State is loaded."""
    member_states = list(eu_member_states())
    preferred = STUDY_VISIT_HOSTS.get(language)
    return next(
        (country for country in member_states if country.iso2 == preferred),
        member_states[0] if member_states else None,
    )


def _days_needed(lengths: Sequence[int]) -> int:
    return sum(lengths) + GAP_DAYS * (len(lengths) - 1)


def fit_plan(
    available_days: int, typical_days: Sequence[tuple[int, int]]
) -> tuple[list[int], list[int]]:
    """Which activities of the plan fit in `available_days`, and how long each one lasts.

    Every activity as long as its type's longest if all fit, else as its shortest; if even that
    is too much, activities are left out from the one before the closing event backwards (the
    opening and closing ones go last), and a lone activity is cut to the period itself.
    Returns (indices kept, their lengths)."""
    kept = list(range(len(typical_days)))
    for pick in (1, 0):
        lengths = [typical_days[i][pick] for i in kept]
        if _days_needed(lengths) <= available_days:
            return kept, lengths
    while len(kept) > 1 and _days_needed(lengths) > available_days:
        del kept[-2 if len(kept) > 2 else -1]
        lengths = [typical_days[i][0] for i in kept]
    return kept, [min(length, available_days) for length in lengths]


def spread_dates(
    first: datetime.date, last: datetime.date, lengths: Sequence[int]
) -> list[tuple[datetime.date, datetime.date]]:
    """Start and end dates for consecutive activities of `lengths` days between `first` and
    `last`: the first near the start, then evenly apart, the last ending before `last` with
    the same distance to spare, each starting on a Monday where that keeps the rest in."""
    slack = (last - first).days + 1 - _days_needed(lengths)
    # The slack goes into the gaps between activities and once more after the last one.
    share = slack // len(lengths) if slack > 0 else 0
    dates = []
    earliest, ideal = first, first
    for index, length in enumerate(lengths):
        latest = last - datetime.timedelta(days=_days_needed(lengths[index:]) - 1)
        candidate = max(ideal, earliest)
        monday = candidate + datetime.timedelta(days=(MONDAY - candidate.weekday()) % 7)
        start = monday if monday <= latest else min(candidate, latest)
        end = start + datetime.timedelta(days=length - 1)
        dates.append((start, end))
        earliest = end + datetime.timedelta(days=1 + GAP_DAYS)
        ideal += datetime.timedelta(days=length + GAP_DAYS + share)
    return dates


def draft_activities(
    *,
    first: datetime.date,
    last: datetime.date,
    language: str,
    country: Country | None,
    types: Mapping[str, ActivityType],
    working_language: str | None = None,
) -> list[DraftActivity]:
    """The draft plan for the period from `first` to `last`, titled in `language`; activities
    take place in `country` except the study visit, which goes to a Member State working in
    `working_language` (default: `language`). `types` are the activity types by code."""
    kept, lengths = fit_plan(
        (last - first).days + 1, [types[code].typical_days for code, _title in DRAFT_PLAN]
    )
    host = (
        study_visit_host(working_language or language)
        if any(DRAFT_PLAN[i][0] == "study_visit" for i in kept)
        else None
    )
    drafts = []
    with translation.override(language):
        for index, (start, end) in zip(kept, spread_dates(first, last, lengths), strict=True):
            code, title = DRAFT_PLAN[index]
            place = country
            text = str(title)
            if code == "study_visit":
                place = host
                if host is not None:
                    text = str(TITLE_WITH_PLACE) % {
                        "activity": text,
                        "country": host.name_in(language),
                    }
            drafts.append(DraftActivity(types[code], text, start, end, place))
    return drafts
