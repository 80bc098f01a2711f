"""Writes with consequences for ImpAct.

Putting an issue together (stories, their order, related examples), setting
when it goes public, correcting a story afterwards, subscriptions, and
queuing each issue's email to each subscriber exactly once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from bulletin import permissions
from bulletin.models import Correction, Issue, Story, Subscription
from bulletin.unsubscribe import impact_link
from learning_network.email import EmailKey, absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed
from practice_db.models import PracticeExample

logger = logging.getLogger(__name__)

STORY_FIELDS = ["title", "standfirst", "body", "author"]


def _require_editor(actor: User) -> None:
    if not permissions.can_edit_bulletin(actor):
        raise NotAllowed("Only ImpAct editors can do that.")


def _lock_issue(issue_id: int) -> Issue:
    return Issue.objects.select_for_update().get(pk=issue_id)


def save_issue(*, actor: User, issue: Issue | None, values: dict) -> Issue:
    """Create an issue as a draft, or change its number, title or date."""
    _require_editor(actor)
    fields = ["number", "title", "publication_date"]
    with transaction.atomic():
        if issue is None:
            return Issue.objects.create(**{field: values[field] for field in fields})
        locked = _lock_issue(issue.pk)
        if locked.is_published() and values["number"] != locked.number:
            raise Invalid(
                "A published issue keeps its number: links in subscribers' emails use it.",
                field="number",
            )
        for field in fields:
            setattr(locked, field, values[field])
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


PUBLISHED_ISSUE_IS_FIXED = (
    "This issue is published, so its stories stay as subscribers received them: "
    "correct a story instead."
)


def add_story(*, actor: User, issue: Issue, values: dict, topics) -> Story:
    """Add a story at the end of an issue that is not yet published."""
    _require_editor(actor)
    with transaction.atomic():
        locked = _lock_issue(issue.pk)
        if locked.is_published():
            raise Conflict(PUBLISHED_ISSUE_IS_FIXED)
        last = locked.stories.aggregate(last=Max("position"))["last"] or 0
        story = Story.objects.create(
            issue=locked, position=last + 1, **{field: values[field] for field in STORY_FIELDS}
        )
        story.topics.set(topics)
    return story


def edit_story(
    *,
    actor: User,
    story: Story,
    values: dict,
    topics,
    correction_note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Story:
    """Change a story. After its issue is public, the change is a correction
    with a note that readers see beside the date.

    `expected_version` is the version the editor started from: a save based
    on an older one is refused, so two editors never overwrite each other.
    """
    _require_editor(actor)
    now = now or timezone.now()
    correction_note = correction_note.strip()
    with transaction.atomic():
        _lock_issue(story.issue_id)
        locked = Story.objects.select_related("issue").get(pk=story.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(
                "Another editor saved this story while you were editing it. Your text is "
                "still in the form: compare it with the story as they saved it, then save again."
            )
        is_correction = permissions.correction_needed(locked, now)
        if is_correction and not correction_note:
            raise Invalid("Say what you corrected: readers see this note.", field="correction_note")
        for field in STORY_FIELDS:
            setattr(locked, field, values[field])
        locked.version += 1
        locked.save(update_fields=[*STORY_FIELDS, "version", "updated_at"])
        locked.topics.set(topics)
        if is_correction:
            Correction.objects.create(
                story=locked, note=correction_note, corrected_by=actor, corrected_at=now
            )
    return locked


def remove_story(*, actor: User, story: Story) -> None:
    """Take a story out of an issue that is not yet published."""
    _require_editor(actor)
    with transaction.atomic():
        issue = _lock_issue(story.issue_id)
        if issue.is_published():
            raise Conflict(PUBLISHED_ISSUE_IS_FIXED)
        issue.stories.filter(pk=story.pk).delete()


def move_story(*, actor: User, story: Story, direction: str) -> Story:
    """Swap a story with its neighbour above ("up") or below ("down")."""
    _require_editor(actor)
    if direction not in {"up", "down"}:
        raise Invalid("Choose to move the story up or down.")
    with transaction.atomic():
        issue = _lock_issue(story.issue_id)
        if issue.is_published():
            raise Conflict(PUBLISHED_ISSUE_IS_FIXED)
        locked = issue.stories.get(pk=story.pk)
        neighbours = issue.stories.exclude(pk=locked.pk)
        if direction == "up":
            neighbour = neighbours.filter(position__lt=locked.position).order_by("-position")
        else:
            neighbour = neighbours.filter(position__gt=locked.position).order_by("position")
        other = neighbour.first()
        if other is None:
            where = "first" if direction == "up" else "last"
            raise Invalid(f"“{locked.title}” is already {where} in the issue.")
        # The unique (issue, position) constraint is deferred to the commit.
        locked.position, other.position = other.position, locked.position
        locked.save(update_fields=["position", "updated_at"])
        other.save(update_fields=["position", "updated_at"])
    return locked


def link_example(*, actor: User, story: Story, example_id: int) -> PracticeExample:
    """Relate a published practice example to a story."""
    _require_editor(actor)
    example = PracticeExample.objects.published().filter(pk=example_id).first()
    if example is None:
        raise Invalid("That practice example is not published, so it cannot be linked.")
    story.related_examples.add(example)
    return example


def unlink_example(*, actor: User, story: Story, example_id: int) -> None:
    _require_editor(actor)
    story.related_examples.remove(example_id)


def schedule_issue(
    *, actor: User, issue: Issue, publish_at: datetime | None, now: datetime | None = None
) -> Issue:
    """Make an issue public at `publish_at`, or now when that is None.

    Nothing has to run at that moment: readers' queries compare the time.
    """
    _require_editor(actor)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_issue(issue.pk)
        if locked.is_published(now):
            raise Conflict("This issue is published already.")
        if not locked.stories.exists():
            raise Invalid("Add at least one story before publishing the issue.")
        if publish_at is not None and publish_at <= now:
            raise Invalid("Choose a time in the future, or publish the issue now.")
        locked.publish_at = publish_at or now
        locked.scheduled_by = actor
        locked.save(update_fields=["publish_at", "scheduled_by", "updated_at"])
    return locked


def unschedule_issue(*, actor: User, issue: Issue, now: datetime | None = None) -> Issue:
    """Take a scheduled issue back to draft, before it goes public."""
    _require_editor(actor)
    with transaction.atomic():
        locked = _lock_issue(issue.pk)
        if locked.is_published(now):
            raise Conflict("This issue is published already, so it cannot go back to draft.")
        locked.publish_at = None
        locked.scheduled_by = None
        locked.save(update_fields=["publish_at", "scheduled_by", "updated_at"])
    return locked


def subscribe(*, user: User) -> bool:
    """Subscribe to ImpAct by email; True when this is new."""
    _, created = Subscription.objects.get_or_create(user=user)
    return created


def unsubscribe(*, user: User) -> bool:
    deleted, _ = Subscription.objects.filter(user=user).delete()
    return bool(deleted)


def send_due_issues(now: datetime | None = None) -> int:
    """Queue every published issue not yet queued for its subscribers; how many emails.

    Safe to run every few minutes, and with several copies at once.
    """
    now = now or timezone.now()
    due = Issue.objects.published(now).filter(emailed_at__isnull=True).order_by("number")
    return sum(send_issue(issue_id=pk, now=now) for pk in due.values_list("pk", flat=True))


def subscribers():
    """Who is emailed each issue: active accounts that subscribe."""
    return User.objects.filter(bulletin_subscription__isnull=False, is_active=True)


def send_issue(*, issue_id: int, now: datetime | None = None) -> int:
    """Queue one published issue for each subscriber who has not had it; how many emails.

    The issue row is locked with SKIP LOCKED, so a second sender passes over
    an issue that another is queuing. Each email's key (the issue, the
    subscriber) is the database's guarantee that nobody gets it twice; the
    task worker sends, and tries again later when the mail server fails.
    """
    now = now or timezone.now()
    with transaction.atomic():
        issue = (
            Issue.objects.published(now)
            .select_for_update(skip_locked=True)
            .filter(pk=issue_id, emailed_at__isnull=True)
            .first()
        )
        if issue is None:
            return 0
        context = {
            "issue": issue,
            "issue_url": absolute_url(issue.get_absolute_url()),
            "stories": [
                (story, absolute_url(story.get_absolute_url()))
                for story in issue.stories.order_by("position")
            ],
        }
        recipients = subscribers().order_by("pk")
        queued = 0
        for user in recipients:
            queued += send_once(
                key=issue_email_key(issue, user),
                to=user.email,
                template="bulletin/email/issue",
                context=context,
                unsubscribe=impact_link(user),
            )
        issue.emailed_at = now
        issue.save(update_fields=["emailed_at"])
    if queued:
        logger.info("ImpAct issue %s queued for %s subscriber(s)", issue.number, queued)
    return queued


def issue_email_key(issue: Issue, user: User) -> EmailKey:
    """One issue to one subscriber: the key that lets it go only once."""
    return EmailKey("bulletin.issue", f"user:{user.pk}", f"issue:{issue.pk}")
