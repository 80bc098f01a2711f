"""Queue the feedback request each attendee gets once their session has finished.

Run it daily (cron or a scheduler). People marked as attended are asked once
(for 60 days after the session), and not at all once they have answered.
"""

from django.core.management.base import BaseCommand

from opportunities import services


class Command(BaseCommand):
    help = (
        "Ask each person marked as attending a finished session what they will change in "
        "their own service. Run it daily; nobody is asked twice."
    )

    def handle(self, *args, **options):
        queued = services.send_feedback_requests()
        self.stdout.write(f"Feedback requests: {queued} email{'s' if queued != 1 else ''} queued.")
