"""Flag published examples that have reached their review date.

Each due example's lead gets one email about it; each moderator gets one
digest listing every due example of the regions they look after (the
region's moderators, else the national ones: `services.region_moderators`).
An example is flagged once per review date: `review_notified_on` records the
day, and a later review date (after re-publication) makes it due again.

Run it daily (cron or a scheduled task). The due rows are locked with
SELECT ... FOR UPDATE SKIP LOCKED inside one transaction and marked before
it commits, so two copies running at once pass over each other's examples.
What makes each email go once is its key: the lead's names the example and
its review date, a moderator's digest the examples it lists. The emails are
queued in the same transaction and sent by the task worker, which tries
again when the mail server fails.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from learning_network import unsubscribe
from learning_network.email import about_objects, absolute_url, send_once
from practice_db.models import PracticeExample
from practice_db.services import region_moderators

REMINDERS = "practice_db.review_reminders"


def _due(today):
    not_yet_flagged = Q(review_notified_on__isnull=True) | Q(
        review_notified_on__lt=F("review_date")
    )
    return (
        PracticeExample.objects.due_for_review(today)
        .filter(not_yet_flagged)
        .select_related("organisation__region", "submitter")
        .order_by("review_date", "pk")
    )


def _link(example: PracticeExample) -> str:
    return absolute_url(reverse("practice_db:example", kwargs={"pk": example.pk}))


class Command(BaseCommand):
    help = (
        "Email the lead and the region's moderators about each published example that "
        "has reached its review date, once per review date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would be emailed about what; send nothing and flag nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        today = timezone.localdate()
        if dry_run:
            examples = list(_due(today))
            self._send(examples, dry_run=True)
            return
        with transaction.atomic():
            # Only the examples are locked (not their organisations), and rows
            # another copy holds are left to it.
            examples = list(_due(today).select_for_update(skip_locked=True, of=("self",)))
            self._send(examples, dry_run=False)
            PracticeExample.objects.filter(pk__in=[e.pk for e in examples]).update(
                review_notified_on=today
            )

    def _send(self, examples: list[PracticeExample], *, dry_run: bool) -> None:
        leads = 0
        digests: dict[int, list[PracticeExample]] = defaultdict(list)
        moderators: dict[int, User] = {}
        # Moderators depend on the region (and exclude the submitter): ask once
        # for each pair, not once per example.
        asked: dict[tuple[int, int], list[User]] = {}
        for example in examples:
            key = (example.organisation.region_id, example.submitter_id)
            if key not in asked:
                asked[key] = region_moderators(example)
            for moderator in asked[key]:
                moderators[moderator.pk] = moderator
                digests[moderator.pk].append(example)
            # Only a lead who confirmed their address is written to; the
            # submitter hears instead, so the reminder still reaches someone.
            to = example.lead_email if example.lead_confirmed_at else example.submitter.email
            if not to:
                continue
            leads += 1
            if dry_run:
                self.stdout.write(f"Would email {to} about “{example}”")
                continue
            send_once(
                key=(
                    "practice_db.review_due",
                    to.lower(),
                    f"example:{example.pk}:review:{example.review_date}",
                ),
                to=[to],
                template="practice_db/email/review_due",
                context={"example": example, "link": _link(example)},
                unsubscribe=unsubscribe.link(REMINDERS, address=to),
            )

        for moderator_id, due in digests.items():
            moderator = moderators[moderator_id]
            if dry_run:
                self.stdout.write(
                    f"Would email moderator {moderator.email} a digest of {len(due)} example(s)"
                )
                continue
            send_once(
                key=(
                    "practice_db.review_due_digest",
                    f"user:{moderator.pk}",
                    about_objects("examples", (f"{e.pk}@{e.review_date}" for e in due)),
                ),
                to=[moderator.email],
                template="practice_db/email/review_due_digest",
                context={
                    "moderator": moderator,
                    "examples": [(example, _link(example)) for example in due],
                },
                unsubscribe=unsubscribe.link(REMINDERS, address=moderator.email),
            )

        prefix = "Dry run: would flag" if dry_run else "Flagged"
        self.stdout.write(
            f"{prefix} {len(examples)} example(s) due for review: "
            f"{leads} lead email(s), {len(digests)} moderator digest(s)."
        )
