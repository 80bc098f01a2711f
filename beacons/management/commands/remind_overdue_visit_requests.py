from django.core.management.base import BaseCommand

from beacons import services


class Command(BaseCommand):
    help = (
        "Remind each Beacon coordinator, once, of visit requests not acknowledged within "
        "two working days. Run daily; running it twice reminds nobody twice."
    )

    def handle(self, *args, **options):
        sent = services.remind_overdue()
        self.stdout.write(f"Reminded coordinators of {sent} overdue visit request(s).")
