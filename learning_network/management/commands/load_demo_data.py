"""Load the demo data once: organisations, topics and an account for every role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import accounts.demo
import bulletin.demo
import directory.demo
import practice_db.demo

# Each part of the portal adds its demo loader here, in dependency order.
LOADERS = [directory.demo.load, accounts.demo.load, practice_db.demo.load, bulletin.demo.load]


class Command(BaseCommand):
    help = (
        "Load demo organisations, topics and accounts. Creates only what is missing, "
        "so running it again changes nothing. Refuses to run with DJANGO_DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load demo data even though DJANGO_DEBUG is off (never on a live portal).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Demo data holds accounts with a published password, so it is loaded only "
                "with DJANGO_DEBUG=true. It must never reach a live portal."
            )
        totals: dict[str, int] = {}
        with transaction.atomic():
            for load in LOADERS:
                totals |= load()
        made = ", ".join(f"{count} {name}" for name, count in totals.items())
        self.stdout.write(f"Demo data: created {made}.")
        self.print_sign_ins()

    def print_sign_ins(self) -> None:
        width = 48
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo sign-ins (password for all: %s)") % accounts.demo.DEMO_PASSWORD
        )
        for email, role in accounts.demo.demo_sign_ins():
            self.stdout.write(f"  {email:<{width}} {role}")
        self.stdout.write("")
