"""Email the followers of each Learning Centre of its newly published events, once.

Events published from the centre's own page are emailed at once; this catches
those published from the booking engine's organiser page. The task worker
(`manage.py db_worker`) sends them.
"""

from django.core.management.base import BaseCommand

from learning_centres import services


class Command(BaseCommand):
    help = (
        "Queue the emails to followers of Learning Centres about events published since "
        "the last run. Run it every few minutes; running it twice never emails anyone twice."
    )

    def handle(self, *args, **options):
        queued = services.tell_followers_of_new_events()
        self.stdout.write(f"Learning Centres: {queued} email{'s' if queued != 1 else ''} queued.")
