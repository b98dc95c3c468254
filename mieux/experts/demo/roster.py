"""The demo roster, in the order the loader creates it (consent dates follow it)."""

from typing import Any

from mieux.experts.demo.people import DemoExpert
from mieux.experts.demo.roster_north import NORTH
from mieux.experts.demo.roster_south import SOUTH

ROSTER: list[DemoExpert] = [*SOUTH, *NORTH]


# The profile of the demo user demo-expert (who exists among the demo users).
DEMO_EXPERT_PROFILE: dict[str, Any] = {
    "full_name": "Demo Expert",
    "institution": "es-inclusion",
    "languages": "es:native en:C1 pt:B2",
    "areas": ("LM-INT", "LM-LAB", "HO-CAP"),
    "countries": ("MX", "PE", "CO", "CR"),
    "max_days": 40,
    "biography": "Official of the Spanish migration ministry working on the integration of "
    "migrants and on labour migration programmes with Latin American countries.",
    "keywords": ("integration plans", "labour migration"),
}
