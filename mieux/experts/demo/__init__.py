"""The demo expert roster: about sixty invented experts and their deployments on the demo actions.

THE ROSTER IS FICTIONAL. The people, their e-mail addresses (at example.org, where nothing is
delivered), biographies, language levels, availability and deployments are invented for the
demo; only the kinds of home institution are real. Nothing here is shown as a record of the
facility's actual experts.

`load_demo_roster()` loads it idempotently through the roster services; `mieux load_demo` runs
it after the portfolio and the requests.
"""

from mieux.experts.demo.loader import RosterReport, load_demo_roster

__all__ = ["RosterReport", "load_demo_roster"]
