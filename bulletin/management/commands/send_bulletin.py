"""Email each newly published ImpAct issue to its subscribers, once."""

from django.core.management.base import BaseCommand

from bulletin import services


class Command(BaseCommand):
    help = (
        "Email every published ImpAct issue that has not yet gone to its subscribers. "
        "Run it every few minutes; two copies running at once never send an email twice."
    )

    def handle(self, *args, **options):
        sent = services.send_due_issues()
        self.stdout.write(f"ImpAct: {sent} email{'s' if sent != 1 else ''} sent.")
