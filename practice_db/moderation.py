"""Questions about moderation that are not permissions: what the submitter is told."""

from __future__ import annotations

from practice_db.models import EventKind, ModerationEvent, PracticeExample, Status

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
