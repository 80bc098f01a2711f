"""Queue each newly published ImpAct issue's email to its subscribers, once.

The task worker (`manage.py db_worker`) sends them, and tries again later
when the mail server fails.
"""

from django.core.management.base import BaseCommand

from bulletin import services


class Command(BaseCommand):
    help = (
        "Queue every published ImpAct issue that has not yet gone to its subscribers; the "
        "task worker sends them. Run it every few minutes; two copies running at once never "
        "queue an email twice."
    )

    def handle(self, *args, **options):
        queued = services.send_due_issues()
        self.stdout.write(f"ImpAct: {queued} email{'s' if queued != 1 else ''} queued.")
