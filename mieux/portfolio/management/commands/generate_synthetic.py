"""`mieux generate_synthetic --actions N --activities M [--seed S] [--clear]`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mieux.portfolio.synthetic import (
    SyntheticDataError,
    clear_synthetic_portfolio,
    generate_synthetic_portfolio,
    validate_counts,
)


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic portfolio (actions named 'Synthetic …', slugs "
        "'synthetic-…') in bulk, for demos, load tests and benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actions", type=int, default=None, help="Actions to create.")
        parser.add_argument(
            "--activities",
            type=int,
            default=None,
            help="Activities to create, spread over the actions (default: 7 per action).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--clear", action="store_true", help="Delete previous synthetic actions first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actions, activities = options["actions"], options["activities"]
        if actions is None and activities is None and not options["clear"]:
            raise CommandError("Give --actions and/or --activities (or --clear).")
        if actions is None:
            actions = max(1, round((activities or 0) / 7)) if activities else 0
        if activities is None:
            activities = actions * 7
        try:
            validate_counts(actions, activities)
        except SyntheticDataError as error:
            raise CommandError(error.message) from error
        if options["clear"]:
            deleted_actions, deleted_activities = clear_synthetic_portfolio()
            self.stdout.write(
                f"Deleted {deleted_actions:,} synthetic actions and {deleted_activities:,} "
                "activities."
            )
        if actions == 0:
            return
        verbosity = options["verbosity"]
        interactive = self.stdout.isatty()
        printed_tenths = {0}

        def progress(actions_done: int, actions_total: int, done: int, total: int) -> None:
            share = actions_done / actions_total if actions_total else 1
            line = (
                f"Generating: {actions_done:,}/{actions_total:,} actions, "
                f"{done:,}/{total:,} activities ({share:.0%})"
            )
            if interactive:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            elif int(share * 10) not in printed_tenths:  # a line every 10 % in logs
                printed_tenths.add(int(share * 10))
                self.stdout.write(line)

        try:
            result = generate_synthetic_portfolio(
                actions=actions,
                activities=activities,
                seed=options["seed"],
                progress=progress if verbosity >= 1 else None,
            )
        except SyntheticDataError as error:
            raise CommandError(error.message) from error
        if interactive and verbosity >= 1:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.actions:,} synthetic actions and {result.activities:,} "
                f"activities in {result.seconds:.1f} s (seed {options['seed']})."
            )
        )
