"""`mieux erase_personal_data EMAIL`: anonymise a person's accounts and expert profiles (GDPR
Art. 17); deployments, reports and figures stay, anonymised."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mieux.core.errors import DomainError
from mieux.experts.personal_data import Erasure, personal_data_erase


class Command(BaseCommand):
    help = (
        "Erase the personal data of the person with this e-mail address: their expert profile "
        "is anonymised (deployments kept) and their user account anonymised and deactivated. "
        "Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's e-mail address.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def _show(self, erasure: Erasure, *, heading: str) -> None:
        self.stdout.write(heading)
        for line in erasure.changes:
            self.stdout.write(f"  - {line}")
        self.stdout.write("Kept:")
        for line in erasure.kept:
            self.stdout.write(f"  - {line}")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"]
        try:
            plan = personal_data_erase(actor=None, email=email, dry_run=True)
            if options["dry_run"]:
                self._show(plan, heading=f"Dry run: erasing {email} would change:")
                return
            if not options["yes"]:
                self._show(plan, heading=f"Erasing {email} changes:")
                answer = input("This cannot be undone. Type “yes” to erase: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing erased.")
            erasure = personal_data_erase(actor=None, email=email)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Erased: expert profiles {', '.join(erasure.experts) or 'none'}; "
            f"accounts {', '.join(erasure.accounts) or 'none'}."
        )
