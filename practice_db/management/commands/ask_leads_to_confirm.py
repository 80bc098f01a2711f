"""Ask the leads of published examples who have never been asked to confirm."""

from django.core.management.base import BaseCommand

from practice_db import services


class Command(BaseCommand):
    help = (
        "Email the lead of each published example who has never been asked the link to "
        "confirm that NHS staff may contact them. Run once after upgrading (examples "
        "published before leads confirmed); running it again emails nobody twice."
    )

    def handle(self, *args, **options):
        asked = services.ask_waiting_leads()
        self.stdout.write(f"Asked {asked} lead{'s' if asked != 1 else ''} to confirm.")
