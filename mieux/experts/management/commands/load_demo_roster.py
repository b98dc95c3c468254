"""`mieux load_demo_roster`: the fictional demo roster of experts and their deployments.

`mieux load_demo` runs it last, by name: the intake app, where `load_demo` lives, may not import
the experts app (they are sibling layers).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mieux.core.errors import DomainError
from mieux.experts.demo import load_demo_roster
from mieux.experts.models import Deployment, Expert


class Command(BaseCommand):
    help = (
        "Load the demo expert roster: about sixty fictional experts of EU Member State "
        "administrations and academia, with deployments on the demo activities. Needs the demo "
        "portfolio, users and requests (`mieux load_demo` runs it). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo_roster()
        except DomainError as error:
            raise CommandError(error.message) from error
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Expert roster (fictional): {Expert.objects.count()} experts, "
            f"{Deployment.objects.count()} deployments; created now: "
            f"{report.created['expert']} experts, {report.created['deployment']} deployments."
        )
        for problem in report.skipped:
            self.stdout.write(f"  Not deployed: {problem}")
