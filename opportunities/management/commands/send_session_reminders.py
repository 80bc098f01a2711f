"""Queue the reminder each person with a place gets two days before their session.

Run it hourly (cron or a scheduler). Each reminder is keyed to the booking, so
a second run, or two copies at once, email nobody twice; the task worker
(`manage.py db_worker`) sends them.
"""

from django.core.management.base import BaseCommand

from opportunities import services


class Command(BaseCommand):
    help = (
        "Queue a reminder to everyone with a place on a session that starts within two days. "
        "Run it hourly; nobody is reminded twice."
    )

    def handle(self, *args, **options):
        queued = services.send_reminders()
        self.stdout.write(f"Session reminders: {queued} email{'s' if queued != 1 else ''} queued.")
