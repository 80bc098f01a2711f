"""The practice database's panel on the home page (declared in apps.py)."""

from typing import Any

from django.db.models import Count

from practice_db import permissions
from practice_db.models import PracticeExample, Status, overdue_q


def latest_examples(user) -> dict[str, Any]:
    """The five most recently published examples."""
    examples = (
        PracticeExample.objects.published()
        .select_related("organisation__region")
        .order_by("-published_at", "-pk")[:5]
    )
    return {"latest_examples": examples}


# "Your work" counts read at most this many rows: they stay cheap whatever the
# queue holds, and say "or more" at the cap.
COUNT_CAP = 100


def _counted(number: int, one: str, many: str) -> str:
    if number >= COUNT_CAP:
        return f"{COUNT_CAP} or more {many}"
    return f"{number} {one if number == 1 else many}"


def queue_summary(user) -> str | None:
    """What waits in a moderator's queue, by region: "2 waiting in London, 1 overdue".

    One statement over the submitted examples of the user's regions (the
    index on status and submission date), at most COUNT_CAP of them.
    """
    waiting = PracticeExample.objects.filter(
        permissions.moderatable_q(user), status=Status.SUBMITTED
    )
    bounded = waiting.filter(pk__in=waiting.order_by("submitted_at", "pk").values("pk")[:COUNT_CAP])
    rows = (
        bounded.values("organisation__region__name")
        .annotate(waiting=Count("pk"), overdue=Count("pk", filter=overdue_q()))
        .order_by("organisation__region__name")
    )
    parts = []
    for row in rows:
        region = row["organisation__region__name"]
        text = f"{_counted(row['waiting'], 'waiting', 'waiting')} in {region}"
        if row["overdue"]:
            text += f", {row['overdue']} overdue"
        parts.append(text)
    return "; ".join(parts) if parts else "Nothing waiting for review"


def own_summary(user) -> str | None:
    """What the user's own examples need: "1 of your examples needs changes, 3 drafts"."""
    counts = dict(
        PracticeExample.objects.filter(
            submitter_id=user.pk, status__in=[Status.CHANGES_REQUESTED, Status.DRAFT]
        )
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    parts = []
    if changes := counts.get(Status.CHANGES_REQUESTED, 0):
        verb = "needs" if changes == 1 else "need"
        parts.append(f"{changes} of your examples {verb} changes")
    if drafts := counts.get(Status.DRAFT, 0):
        parts.append(f"{drafts} draft{'s' if drafts != 1 else ''}")
    return ", ".join(parts) or None
