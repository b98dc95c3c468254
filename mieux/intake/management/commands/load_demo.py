"""`mieux load_demo`: the demo portfolio (the facility's real LAC actions), demo users and requests.

It lives in the intake app because intake sits above portfolio in the layers: it loads the
portfolio's demo first, then the requests for assistance that refer to its users and institutions,
then the (fictional) expert roster, which works on activities of both.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mieux.core.errors import DomainError
from mieux.intake.demo import load_demo_requests
from mieux.portfolio.demo import DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD_ENV, demo_password, load_demo
from mieux.portfolio.demo.people import DEMO_USERS, INSTITUTIONS

KINDS = {
    "institution": "institutions",
    "action": "actions",
    "activity": "activities",
    "output": "outputs",
    "indicator": "result indicators",
    "measurement": "measurements",
    "user": "users",
    "request": "requests for assistance",
}


def _institution_label(key: str) -> str:
    institution = INSTITUTIONS[key]
    return institution.get("acronym") or institution["name"]


class Command(BaseCommand):
    help = (
        "Load the demo portfolio (the facility's real Latin American actions, with Spanish "
        "translations of the brochure's cards), one demo user per role and requests for "
        "assistance in every stage of the workflow, after the reference data. Safe to run "
        "again: nothing already loaded is created twice. The demo password "
        f"is {DEMO_PASSWORD_ENV} (default {DEFAULT_DEMO_PASSWORD!r})."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-reference",
            action="store_true",
            help="Do not run load_reference_data first (it must have been run already).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo(load_reference=not options["skip_reference"])
            report.created["request"] += load_demo_requests()
        except DomainError as error:
            raise CommandError(error.message) from error
        call_command("load_demo_conversations", verbosity=0)  # by name: the app is above intake
        # By name: intake may not import the experts app (sibling layers).
        call_command("load_demo_roster", verbosity=options["verbosity"], stdout=self.stdout)
        if options["verbosity"] == 0:
            return
        created = ", ".join(f"{report.created[kind]} {plural}" for kind, plural in KINDS.items())
        self.stdout.write(f"Created: {created}.")
        if report.updated["action"]:
            self.stdout.write(f"Brought back to the demo data: {report.updated['action']} actions.")
        if not report.changed_anything:
            self.stdout.write("Nothing to do: the demo data was already loaded.")
        password = demo_password()
        shown = (
            password if password == DEFAULT_DEMO_PASSWORD else f"the value of {DEMO_PASSWORD_ENV}"
        )
        self.stdout.write(f"Demo logins (password: {shown}):")
        for user in DEMO_USERS:
            roles = ", ".join(
                f"{role} at {_institution_label(key)}"
                for role, key in user["roles"]  # type: ignore[attr-defined]
            )
            self.stdout.write(f"  {user['username']:<17} {roles}")
