"""Email savers the examples newly published that match their saved searches.

Run it daily (cron or a scheduler). Safe to run twice: nobody gets an
example twice.
"""

from django.core.management.base import BaseCommand

from practice_db.alerts import send_search_alerts


class Command(BaseCommand):
    help = "Email each saver the newly published examples matching their saved searches."

    def handle(self, *args, **options) -> None:
        sent = send_search_alerts()
        self.stdout.write(f"Sent {sent} saved-search email{'s' if sent != 1 else ''}.")
