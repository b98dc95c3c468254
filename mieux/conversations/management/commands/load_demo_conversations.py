"""`mieux load_demo_conversations`: the small demo conversation on a demo request.

`mieux load_demo` runs it after the requests, by name: the intake app, where `load_demo` lives,
may not import this app (it sits above intake).
"""

from typing import Any

from django.core.management.base import BaseCommand

from mieux.conversations.demo import load_demo_conversations


class Command(BaseCommand):
    help = (
        "Load the demo conversation: a few messages between the demo partner, officer and "
        "steering member on a demo request. Needs the demo requests (`mieux load_demo` runs "
        "it). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = load_demo_conversations()
        if options["verbosity"]:
            self.stdout.write(f"Demo conversation: {written} messages written now.")
