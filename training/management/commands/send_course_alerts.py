"""Email the people interested in a course about each of its intakes that is open.

An intake opened on the course's own page (Open for booking) tells them at
once; one published from the booking engine's organiser pages is told only by
this. Run it every few minutes (cron or a scheduler). Safe to run twice, or
two copies at once: each person hears of an intake once.
"""

from django.core.management.base import BaseCommand

from training.services import send_intake_alerts


class Command(BaseCommand):
    help = "Email people interested in a course about each newly opened intake, once."

    def handle(self, *args, **options) -> None:
        sent = send_intake_alerts()
        self.stdout.write(f"Sent {sent} new-intake email{'s' if sent != 1 else ''}.")
