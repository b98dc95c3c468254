"""The shape of a demo roster entry. THE ROSTER IS INVENTED: every name, e-mail address and
biography in `roster_south.py` and `roster_north.py` is fictional.

One tuple per expert: (full name, institution key, languages, thematic areas, countries of
experience, maximum days per year, biography), then options: `publish` (name shown on public
action pages), `consent` (False: has not consented yet), `status` (default active), `away`
(unavailable periods in 2027: (start, end, note)), `regions` (default LAC), `keywords`.
Languages are "code:level" pairs, levels CEFR or "native".
"""

from typing import NamedTuple


class DemoExpert(NamedTuple):
    full_name: str
    institution: str
    languages: str
    areas: tuple[str, ...]
    countries: tuple[str, ...]
    max_days: int
    biography: str
    publish: bool = False
    consent: bool = True
    status: str = "active"
    away: tuple[tuple[str, str, str], ...] = ()
    regions: tuple[str, ...] = ("LAC",)
    keywords: tuple[str, ...] = ()


SUMMER = (("2027-07-19", "2027-08-20", "Annual leave"),)
