"""Queue again each email whose sending task was lost (a worker killed mid-send)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from learning_network.email import retry_unsent_emails


class Command(BaseCommand):
    help = (
        "Queue again every email still waiting an hour (or --minutes) after its attempt was "
        "due. Run it every hour or so; a second copy of an email's task never sends it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=60)

    def handle(self, *args, minutes: int, **options) -> None:
        queued = retry_unsent_emails(older_than=timedelta(minutes=minutes))
        self.stdout.write(f"Queued {queued} unsent email{'s' if queued != 1 else ''} again.")
