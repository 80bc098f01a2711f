"""ImpAct, the bulletin that reports good practice in service delivery.

An issue comes out every two months with its stories in order. An issue is
public from its `publish_at` onwards: visibility is a query on that time, so
a scheduled issue appears to readers at its moment with no job having to
run. Subscribers are emailed each issue once: each email's key (the issue,
the subscriber) is unique in the portal's record of outgoing email
(`learning_network.models.OutgoingEmail`), which also says when it went.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts import permissions as roles


class IssueStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


def _visible_to(queryset, user, now: datetime | None):
    """Editors see everything; other signed-in staff what is published by `now`."""
    if roles.is_editor(user):
        return queryset.all()
    if not roles.is_signed_in(user):
        return queryset.none()
    return queryset.published(now)


class IssueQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> IssueQuerySet:
        """Issues readers can see at `now`: their publication time has come."""
        return self.filter(publish_at__lte=now or timezone.now())

    def scheduled(self, now: datetime | None = None) -> IssueQuerySet:
        return self.filter(publish_at__gt=now or timezone.now())

    def drafts(self) -> IssueQuerySet:
        return self.filter(publish_at__isnull=True)

    def visible_to(self, user, now: datetime | None = None) -> IssueQuerySet:
        """Every issue for an editor; published issues for other signed-in staff."""
        return _visible_to(self, user, now)


class Issue(models.Model):
    """One issue of ImpAct: a number, a title, a cover date and its stories."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    publication_date = models.DateField(
        help_text="The date printed on the issue, for example 1 March 2001."
    )
    # Empty while a draft; in the future while scheduled; past once public.
    publish_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the issue's email was queued for every subscriber of the time.
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="bulletin_issue_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(emailed_at__isnull=True) | models.Q(publish_at__isnull=False),
                name="bulletin_issue_emailed_only_once_scheduled",
            ),
        ]
        indexes = [models.Index(fields=["publish_at"])]

    def __str__(self) -> str:
        return f"Issue {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("bulletin:issue", kwargs={"number": self.number})

    def status(self, now: datetime | None = None) -> IssueStatus:
        if self.publish_at is None:
            return IssueStatus.DRAFT
        if self.publish_at > (now or timezone.now()):
            return IssueStatus.SCHEDULED
        return IssueStatus.PUBLISHED

    def is_published(self, now: datetime | None = None) -> bool:
        return self.status(now) == IssueStatus.PUBLISHED

    @property
    def status_label(self) -> str:
        return self.status().label


class StoryQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> StoryQuerySet:
        return self.filter(issue__publish_at__lte=now or timezone.now())

    def visible_to(self, user, now: datetime | None = None) -> StoryQuerySet:
        """A story is as visible as its issue."""
        return _visible_to(self, user, now)

    def newest_first(self) -> StoryQuerySet:
        return self.order_by("-issue__number", "position")


class Story(models.Model):
    """A story in an issue, in its place in the issue's order."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="stories")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    standfirst = models.TextField(
        max_length=600, help_text="One or two sentences under the title that say what it is about."
    )
    body = models.TextField(help_text="Markdown: paragraphs, **bold**, lists, links and headings.")
    author = models.CharField(
        "author line", max_length=200, help_text="For example: By Priya Shah, Trent Beacon lead."
    )
    topics = models.ManyToManyField("directory.Topic", related_name="bulletin_stories", blank=True)
    related_examples = models.ManyToManyField(
        "practice_db.PracticeExample", related_name="bulletin_stories", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Two editors saving the same story: the later save, based on an older
    # version, is refused with their text kept (see services.edit_story).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted words for the header's search: title (A), standfirst (B) and
    # body (C), kept by a trigger (migration 0004).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["issue", "position"]
        verbose_name_plural = "stories"
        indexes = [GinIndex(fields=["search_vector"], name="bulletin_story_search")]
        constraints = [
            # Deferred, so that two stories can swap places in one transaction.
            models.UniqueConstraint(
                fields=["issue", "position"],
                name="bulletin_story_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletin:story", kwargs={"pk": self.pk})


class Correction(models.Model):
    """A correction made to a story after its issue was published."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(help_text="What was corrected, in a sentence readers will see.")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return f"Correction to {self.story} on {self.corrected_at:%Y-%m-%d}"


class Subscription(models.Model):
    """A member of staff who gets each issue by email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulletin_subscription"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} subscribes to ImpAct"
