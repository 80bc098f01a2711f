"""Remove documents staged on an example form that was never saved."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from practice_db import services


class Command(BaseCommand):
    help = (
        "Delete documents uploaded on an example form that was never saved, once they are "
        "older than --days (default 2). Documents waiting in a pending revision are kept. "
        "Safe to run daily, and twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2)

    def handle(self, *args, days: int, **options):
        removed = services.clear_stale_uploads(older_than=timedelta(days=days))
        self.stdout.write(f"Removed {removed} unsaved document{'s' if removed != 1 else ''}.")
