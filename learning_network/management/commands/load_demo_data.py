"""Load the demo data once: every app's, in the order their declarations ask.

Each app declares its loader in its AppConfig (`learning_network.plugins.DemoData`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from learning_network import plugins


class Command(BaseCommand):
    help = (
        "Load every app's demo data: organisations, topics, accounts and the rest. "
        "Creates only what is missing, "
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
        declared = plugins.demo_data()
        totals: dict[str, int] = {}
        with transaction.atomic():
            for data in declared:
                totals |= plugins.resolve(data.load)()
        # The planner's statistics for what was just loaded: without them a
        # new database takes its tables for empty and can pick plans that
        # loop over every row for every row (the spread map's sources).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        made = ", ".join(f"{count} {name}" for name, count in totals.items())
        self.stdout.write(f"Demo data: created {made}.")
        for data in declared:
            if data.sign_ins is not None:
                self.print_sign_ins(data)

    def print_sign_ins(self, data: plugins.DemoData) -> None:
        width = 48
        self.stdout.write("")
        heading = "Demo sign-ins"
        if data.password is not None:
            heading += f" (password for all: {plugins.resolve(data.password)})"
        self.stdout.write(self.style.SUCCESS(heading))
        for email, role in plugins.resolve(data.sign_ins)():
            self.stdout.write(f"  {email:<{width}} {role}")
        self.stdout.write("")
