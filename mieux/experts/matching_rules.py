"""The rules of the matching score: levels, weights, who may be matched, words of a text.

Shared by the roster snapshot (scoring), ranking and planning, so that each rule has one home.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple, cast

import numpy as np
from django.db.models import Q, QuerySet

from mieux.experts.models import Expert, ExpertStatus, LanguageLevel
from mieux.experts.workflow import DeploymentStatus
from mieux.portfolio.models import Activity

# The model's order: A1 … C2, then native.
LEVELS = tuple(LanguageLevel.values)
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS, start=1)}

# The weights of the scored parts (maximum points; they add up to 100).
THEMATIC_AREAS_MAX = 30.0
KEYWORDS_MAX = 5.0  # a bonus inside the 35 of thematic fit
THEMATIC_MAX = THEMATIC_AREAS_MAX + KEYWORDS_MAX
KEYWORD_POINTS = 2.5  # per keyword found in the activity's texts, up to KEYWORDS_MAX
LANGUAGE_MAX = 15.0
EXPERIENCE_MAX = 15.0
EXPERIENCE_REGION = 8.0
WORKLOAD_MAX = 15.0
FEEDBACK_MAX = 10.0
COUNTRY_MIX_MAX = 10.0
# Points for command of the activity's language, by rank (index 0: does not speak it).
LANGUAGE_POINTS = np.array([0.0, 2.0, 4.0, 6.0, 8.0, 11.0, 13.0, 15.0])

# Thematic credit of an expert's area for an area the action needs.
EXACT, RELATED, SIBLING = 1.0, 0.6, 0.3

# Workload is measured over the twelve months before the activity, against the expert's yearly
# allowance, or this many days for an expert who set no limit.
WORKLOAD_WINDOW_DAYS = 365
REFERENCE_ALLOWANCE = 60

# Everything but a declined deployment keeps an expert on (or headed for) the activity's team.
TEAM_STATES = frozenset(set(DeploymentStatus.values) - {DeploymentStatus.DECLINED})

# Experts who may be matched at all: active, consenting, not erased.
DEPLOYABLE = Q(status=ExpertStatus.ACTIVE, consent_given_at__isnull=False, erased_at__isnull=True)


def deployable_experts() -> QuerySet[Expert]:
    return Expert.objects.filter(DEPLOYABLE)


class _Dates(NamedTuple):
    start_date: datetime.date
    end_date: datetime.date


# `Activity.days` is the one definition of the days an activity takes; it is read here from
# plain dates, so that thousands of rows need no model instances.
_activity_days = cast(Callable[[Any], int], Activity.__dict__["days"].fget)


def activity_days(start: datetime.date, end: datetime.date) -> int:
    return _activity_days(_Dates(start, end))


@functools.lru_cache(maxsize=8192)
def words(text: str) -> frozenset[str]:
    """Lower-case words of three letters or more, accents removed."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return frozenset(word for word in re.findall(r"[a-z0-9]+", plain) if len(word) >= 3)
