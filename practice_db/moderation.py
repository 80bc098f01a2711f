"""Questions about moderation that are not permissions: what the submitter is told."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from practice_db import permissions
from practice_db.models import EventKind, ModerationEvent, PracticeExample, Status

# How many waiting examples "Back to queue (N waiting)" counts before saying "N or more".
WAITING_COUNT_CAP = 100

# What the submitter is asked to do next, by status.
NEXT_STEPS = {
    Status.DRAFT: "Finish it and submit it for review.",
    Status.SUBMITTED: "Nothing: a moderator of your region will review it.",
    Status.CHANGES_REQUESTED: "Make the changes the moderator asked for, then submit it again.",
    Status.PUBLISHED: "Nothing. Keep it up to date: propose changes when the service changes.",
    Status.REJECTED: "Read the moderator's reason. You can start a new example.",
    Status.ARCHIVED: "Nothing: it is no longer shown to staff.",
}


def next_step(example: PracticeExample) -> str:
    """What the submitter should do next. Needs the `has_pending_revision` and
    `latest_decision` annotations that "Your examples" adds."""
    if example.has_pending_revision:
        return "Nothing: a moderator is looking at the changes you proposed."
    if (
        example.status == Status.PUBLISHED
        and example.latest_decision == EventKind.CHANGES_NOT_APPROVED
    ):
        return "Read why your changes were not approved. You can propose changes again."
    return NEXT_STEPS[example.status]


def latest_moderator_comment(example: PracticeExample) -> ModerationEvent | None:
    """The last thing a moderator said about the example, for its submitter."""
    return (
        example.events.exclude(comment="")
        .exclude(actor_id=example.submitter_id)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


# What a moderator is told once a decision is recorded, by what it was.
AFTER_DECISION = {
    EventKind.PUBLISHED: "Staff can find and read it now. {submitter} has been emailed, and "
    "the lead is asked to confirm that staff may contact them.",
    EventKind.CHANGES_REQUESTED: "{submitter} has been emailed what you asked for. It comes "
    "back to the queue when they submit it again.",
    EventKind.REJECTED: "{submitter} has been emailed your reason. It is in the queue's "
    "Rejected tab, where a moderator can reopen it.",
    EventKind.ARCHIVED: "Staff no longer find or read it. {submitter} has been emailed. "
    "A moderator can restore it from its page.",
    EventKind.RESTORED: "Staff can find and read it again. {submitter} has been emailed.",
    EventKind.REOPENED: "It is back in the queue, waiting for review, and its ten working "
    "days start again. {submitter} has been emailed.",
}


def after_decision(event: ModerationEvent, example: PracticeExample) -> str:
    text = AFTER_DECISION.get(event.kind, "")
    return text.format(submitter=example.submitter.full_name or "The submitter")


@dataclass(frozen=True)
class QueuePosition:
    """Where a moderator goes after a decision: the next example and how many wait."""

    next_example: PracticeExample | None
    waiting: int
    more: bool  # at least WAITING_COUNT_CAP wait


def queue_position(user, after: PracticeExample | None = None) -> QueuePosition:
    """The oldest example waiting for this moderator's decision (not taken by
    someone else), and how many wait, counted up to WAITING_COUNT_CAP.

    Both read the index on (status, submitted_at), within the user's regions.
    """
    waiting = PracticeExample.objects.filter(
        permissions.moderatable_q(user), status=Status.SUBMITTED
    )
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    count = waiting.values("pk")[:WAITING_COUNT_CAP].count()
    next_example = (
        waiting.filter(Q(assigned_to__isnull=True) | Q(assigned_to_id=user.pk))
        .select_related("organisation")
        .order_by("submitted_at", "pk")
        .first()
    )
    return QueuePosition(
        next_example=next_example,
        waiting=count,
        more=count >= WAITING_COUNT_CAP,
    )
