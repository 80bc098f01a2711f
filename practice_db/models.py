"""The National Database of Service Delivery Practice.

A practice example is how an NHS team improved a service, written up so that
others can learn from it and contact the people who did it. Examples move
through a moderated lifecycle; every move is recorded in ModerationEvent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from learning_network.working_days import latest_day_before
from practice_db.uploads import EXTENSIONS

REVIEW_AFTER = timedelta(days=730)  # two years after publication


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    ARCHIVED = "archived", "Archived"


class EventKind(models.TextChoices):
    """What happened to an example, as its history records it."""

    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"
    ARCHIVED = "archived", "Archived"
    RESTORED = "restored", "Restored"
    REOPENED = "reopened", "Reopened for review"
    TAKEN = "taken", "Taken by a moderator"
    EDITED = "edited", "Edited by a moderator"
    CHANGES_PROPOSED = "changes_proposed", "Changes proposed"
    CHANGES_APPROVED = "changes_approved", "Changes approved"
    CHANGES_NOT_APPROVED = "changes_not_approved", "Changes not approved"
    FORUM_REVIEWED = "forum_reviewed", "Reviewed by the Management Forum"
    EVALUATION_COMMISSIONED = "evaluation_commissioned", "Evaluation commissioned"
    EVALUATION_REPORTED = "evaluation_reported", "Evaluation result published"
    EVIDENCE_RATING_CHANGED = "evidence_rating_changed", "Strength of evidence changed"


class Actor(models.TextChoices):
    SUBMITTER = "submitter", "The submitter"
    MODERATOR = "moderator", "A moderator of the example's region"


@dataclass(frozen=True)
class LifecycleAction:
    """One move in the lifecycle: who may make it, from which statuses, to which."""

    from_statuses: frozenset[str]
    to_status: str
    by: Actor
    event: EventKind
    button: str
    comment_required: str = ""
    # Said on a page that asks "are you sure?" before the move; empty when the
    # move needs no confirming.
    confirm: str = ""


# The lifecycle: every allowed move, and nothing else. Each action names the
# statuses it may start from, so publishing an archived example (which would
# reset its dates) is refused: restoring is its own action.
ACTIONS: dict[str, LifecycleAction] = {
    "submit": LifecycleAction(
        frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
        Status.SUBMITTED,
        Actor.SUBMITTER,
        EventKind.SUBMITTED,
        button="Submit for review",
    ),
    "publish": LifecycleAction(
        frozenset({Status.SUBMITTED}),
        Status.PUBLISHED,
        Actor.MODERATOR,
        EventKind.PUBLISHED,
        button="Publish",
    ),
    "request_changes": LifecycleAction(
        frozenset({Status.SUBMITTED}),
        Status.CHANGES_REQUESTED,
        Actor.MODERATOR,
        EventKind.CHANGES_REQUESTED,
        button="Request changes",
        comment_required="Say what needs to change",
    ),
    "reject": LifecycleAction(
        frozenset({Status.SUBMITTED}),
        Status.REJECTED,
        Actor.MODERATOR,
        EventKind.REJECTED,
        button="Reject",
        comment_required="Give the reason for rejecting it",
        confirm="The submitter is emailed your reason straight away, and the email cannot "
        "be taken back. The example leaves the queue; a moderator can reopen it later.",
    ),
    "archive": LifecycleAction(
        frozenset({Status.PUBLISHED}),
        Status.ARCHIVED,
        Actor.MODERATOR,
        EventKind.ARCHIVED,
        button="Archive",
        confirm="Staff will no longer find or read it, and the submitter is emailed. "
        "A moderator can restore it later.",
    ),
    "restore": LifecycleAction(
        frozenset({Status.ARCHIVED}),
        Status.PUBLISHED,
        Actor.MODERATOR,
        EventKind.RESTORED,
        button="Restore",
    ),
    # A rejection taken by mistake, or reconsidered: back to the queue.
    "reopen": LifecycleAction(
        frozenset({Status.REJECTED}),
        Status.SUBMITTED,
        Actor.MODERATOR,
        EventKind.REOPENED,
        button="Reopen for review",
    ),
}

# Ten working days to review a submission; after that it is overdue.
OVERDUE_AFTER_WORKING_DAYS = 10


class EvidenceKind(models.TextChoices):
    ANECDOTE = "anecdote", "Anecdote or personal account"
    AUDIT = "audit", "Audit"
    BEFORE_AND_AFTER = "before_and_after", "Before-and-after comparison"
    CONTROLLED_STUDY = "controlled_study", "Controlled study"
    FORMAL_EVALUATION = "formal_evaluation", "Formal evaluation"


class EvidenceRating(models.TextChoices):
    """The published scale every example's evidence is rated on."""

    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    SUGGESTIVE = "suggestive", "Suggestive"
    ANECDOTAL = "anecdotal", "Anecdotal"


class WorkStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"


class CareSetting(models.TextChoices):
    PRIMARY = "primary", "Primary care"
    COMMUNITY = "community", "Community services"
    ACUTE = "acute", "Acute hospital"
    MENTAL_HEALTH = "mental_health", "Mental health services"
    AMBULANCE = "ambulance", "Ambulance services"
    WHOLE_SYSTEM = "whole_system", "Across health and social care"


def overdue_since(today: date | None = None) -> datetime:
    """Submissions before this moment are overdue today: more than ten working
    days (England and Wales) have passed since the day they were sent."""
    today = today or timezone.localdate()
    last_late_day = latest_day_before(today, OVERDUE_AFTER_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(last_late_day + timedelta(days=1), time.min))


def overdue_q(today: date | None = None) -> models.Q:
    """The rule for "overdue", for the queue's tab, its rows and the example page."""
    return models.Q(status=Status.SUBMITTED, submitted_at__lt=overdue_since(today))


# What a list of examples never shows: the long sections and the search
# vectors, which are most of a row's size (stored out of line: reading them
# costs a visit each).
NOT_LISTED = (
    "problem",
    "what_was_done",
    "results",
    "evidence",
    "resources",
    "lessons",
    "search_vector",
    "title_vector",
)


class PracticeExampleQuerySet(models.QuerySet):
    def published(self) -> PracticeExampleQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def listed(self) -> PracticeExampleQuerySet:
        """For lists (example_summary.html): without the fields they never show."""
        return self.defer(*NOT_LISTED).select_related("organisation__region")

    def visible_to(self, user) -> PracticeExampleQuerySet:
        """What this user may read: published examples, their own, and what is
        submitted in the regions they moderate. Anything else is a 404."""
        from practice_db import permissions

        return self.filter(permissions.visible_q(user))

    def editable_by(self, user) -> PracticeExampleQuerySet:
        from practice_db import permissions

        return self.filter(permissions.editable_q(user))

    def moderated_by(self, user) -> PracticeExampleQuerySet:
        """The moderation queue of this user's regions: every example but drafts."""
        from practice_db import permissions

        return self.filter(permissions.in_queue_q(user))

    def with_overdue(self, today: date | None = None) -> PracticeExampleQuerySet:
        """Each example with `is_overdue`, from the one rule (`overdue_q`)."""
        return self.annotate(
            is_overdue=models.ExpressionWrapper(
                overdue_q(today), output_field=models.BooleanField()
            )
        )

    def due_for_review(self, today: date | None = None) -> PracticeExampleQuerySet:
        today = today or timezone.localdate()
        return self.published().filter(review_date__lte=today)


class PracticeExample(models.Model):
    """One example of good practice (or of something that did not work)."""

    # About the service
    title = models.CharField(max_length=200)
    summary = models.TextField(
        help_text="Two or three sentences: what changed, and what difference it made."
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="practice_examples"
    )
    care_setting = models.CharField(max_length=20, choices=CareSetting.choices, blank=True)
    population = models.CharField(
        "population or condition",
        max_length=200,
        blank=True,
        help_text="Who the service is for, for example older people with diabetes.",
    )
    topics = models.ManyToManyField("directory.Topic", related_name="practice_examples", blank=True)
    is_beacon = models.BooleanField("this service is a Beacon", default=False)
    work_status = models.CharField(
        "status of the work", max_length=20, choices=WorkStatus.choices, blank=True
    )
    started_on = models.DateField("started", null=True, blank=True)
    ended_on = models.DateField("finished", null=True, blank=True)

    # The story
    problem = models.TextField("the problem addressed", blank=True)
    what_was_done = models.TextField("what was done", blank=True)
    results = models.TextField("results and outcomes", blank=True)
    did_not_work = models.BooleanField(
        "this did not work as hoped",
        default=False,
        help_text="Examples of what did not work are welcome: others learn from them too.",
    )
    evidence_kind = models.CharField(
        "kind of evidence", max_length=20, choices=EvidenceKind.choices, blank=True
    )
    evidence_rating = models.CharField(
        "strength of evidence", max_length=20, choices=EvidenceRating.choices, blank=True
    )
    evidence = models.TextField("the evidence", blank=True)
    resources = models.TextField("resources and costs", blank=True)
    lessons = models.TextField("lessons learned", blank=True)
    links = models.TextField(
        blank=True, help_text="Web addresses of reports or further information, one a line."
    )

    # The lead contact
    lead_name = models.CharField("lead's name", max_length=150, blank=True)
    lead_role = models.CharField("lead's job title", max_length=150, blank=True)
    lead_email = models.EmailField("lead's email address", blank=True)
    lead_phone = models.CharField("lead's phone number", max_length=40, blank=True)
    lead_consents = models.BooleanField(
        "the lead agrees to be contacted by NHS staff about this example", default=False
    )
    # The lead confirms by a link emailed to them (when the example is
    # published, and again whenever the address changes) before anyone is
    # offered the contact form. A new address clears all three.
    lead_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    lead_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    lead_confirmed_email = models.EmailField(
        "the lead's address as they confirmed it", blank=True, editable=False
    )

    # The lifecycle
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practice_examples"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_practice_examples",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    review_notified_on = models.DateField(null=True, blank=True)
    # Optimistic locking: every save of the text bumps it, and a save based
    # on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Search. A database trigger (migration 0002) fills these on every insert
    # and update, and when the example's topics or organisation change; what
    # Python writes here is overwritten. The facet columns copy the region,
    # organisation type, topics (with their parents) and year of publication
    # onto the row so that facet counts need no joins. `title_vector` holds
    # the title (weight A) and summary (B) only: small enough to rank every
    # example whose title or summary matches (migration 0008).
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)
    facet_region_id = models.IntegerField(null=True, editable=False)
    facet_organisation_type = models.CharField(max_length=30, blank=True, editable=False)
    facet_topic_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    facet_year = models.SmallIntegerField(null=True, editable=False)
    # Not on the model: `facet_keys` and `facet_labels`, which PostgreSQL
    # generates from the facet columns above and `care_setting`,
    # `evidence_rating` and `is_beacon`, for the facets' index (migration
    # 0012). A change to any of those columns' types must drop and make them
    # again (PostgreSQL refuses to alter a column a generated one reads).

    objects = PracticeExampleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="practice_example_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.PUBLISHED) | models.Q(published_at__isnull=False),
                name="practice_example_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="practice_example_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice_db:example", kwargs={"pk": self.pk})

    @property
    def region(self):
        return self.organisation.region

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class ModerationEvent(models.Model):
    """One move in an example's lifecycle, or a moderator's edit: the history."""

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.example}: {self.get_kind_display()} by {self.actor}"


class RevisionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    WITHDRAWN = "withdrawn", "Replaced by a later revision"


class Revision(models.Model):
    """Changes to a published example, waiting for a moderator.

    The published text stays live until a moderator approves the revision.
    """

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField(help_text="The proposed values of the example's text fields.")
    topic_ids = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "example",
                condition=models.Q(status="pending"),
                name="practice_revision_one_pending_per_example",
            ),
        ]

    def __str__(self) -> str:
        return f"Revision of {self.example} ({self.get_status_display()})"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: never the uploader's, never guessable; its extension from
    # what the content was found to be, never from the name it came with.
    return f"practice_db/attachments/{uuid.uuid4().hex}{EXTENSIONS.get(instance.content_type, '')}"


class AttachmentQuerySet(models.QuerySet):
    def downloadable_by(self, user) -> AttachmentQuerySet:
        """The documents this user may open; any other is a 404."""
        from practice_db import permissions

        return self.filter(permissions.downloadable_q(user))


class Attachment(models.Model):
    """A document attached to an example: downloaded, never shown inline."""

    # Empty while the upload waits for its example to be saved, so that a form
    # sent back with an error never loses a file already checked.
    example = models.ForeignKey(
        PracticeExample,
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=40, help_text="What the file is, for example PDF.")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # The changes to a published example that propose this staged document:
    # its moderators may open it, and it is kept while they are waiting.
    revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_attachments",
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("practice_db:attachment", kwargs={"pk": self.pk})

    def download_name(self) -> str:
        """The name it downloads as: the uploader's, ending as its content says,
        so that "page.html" holding a PDF is saved as "page.html.pdf"."""
        extension = EXTENSIONS.get(self.content_type, "")
        if self.original_name.lower().endswith(extension):
            return self.original_name
        return f"{self.original_name}{extension}"


class ContactMessage(models.Model):
    """A message sent to an example's lead; kept so that sending can be rate-limited."""

    example = models.ForeignKey(
        PracticeExample, on_delete=models.CASCADE, related_name="contact_messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["sender", "-sent_at"])]

    def __str__(self) -> str:
        return f"Message about {self.example} from {self.sender}"


def default_review_date(published: date) -> date:
    return published + REVIEW_AFTER


class SavedSearch(models.Model):
    """A search a member of staff saved by name, emailed to them when new examples match."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    # The search's address parameters (words, filters, sort), without the page.
    query_string = models.CharField(max_length=2000)
    alerts = models.BooleanField("email me new matches", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint("user", "name", name="practice_saved_search_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('practice_db:search')}?{self.query_string}"


class SearchAlert(models.Model):
    """An example emailed to a member of staff by a saved-search alert: each once, ever."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="+")
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.SET_NULL, null=True, related_name="alerts_sent"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("user", "example", name="practice_search_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.example} to {self.user}"


# -- the NHS Management Forum: reviews, evaluations and their results -----------


class Verdict(models.TextChoices):
    PROMISING = "promising", "Promising"
    RESERVATIONS = "reservations", "Promising, with reservations"
    NOT_YET = "not_yet", "Not yet"


class ForumReview(models.Model):
    """The Management Forum's view of a published example: is it promising,
    why, and should it be evaluated."""

    example = models.ForeignKey(
        PracticeExample, on_delete=models.CASCADE, related_name="forum_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reasons = models.TextField(max_length=5000)
    evaluation_recommended = models.BooleanField("should be evaluated", default=False)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.example}"


def evaluation_report_path(instance: Evaluation, filename: str) -> str:
    # As for attachments: a random name, its extension from the content.
    extension = EXTENSIONS.get(instance.report_content_type, "")
    return f"practice_db/evaluations/{uuid.uuid4().hex}{extension}"


class Evaluation(models.Model):
    """An evaluation of an example that the Forum commissioned, and its result.

    The result's strength becomes the example's strength of evidence only when
    a moderator accepts it (`rating_accepted_at`), recorded in the example's history.
    """

    example = models.ForeignKey(
        PracticeExample, on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.CharField("who evaluates it", max_length=200)
    expected_on = models.DateField("result expected by")
    commissioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    commissioned_at = models.DateTimeField(default=timezone.now)
    # The result, once published.
    summary = models.TextField(max_length=3000, blank=True)
    findings = models.TextField("what it found", max_length=10000, blank=True)
    strength = models.CharField(
        "strength of evidence", max_length=20, choices=EvidenceRating.choices, blank=True
    )
    report = models.FileField(upload_to=evaluation_report_path, max_length=200, blank=True)
    report_name = models.CharField(max_length=200, blank=True)
    report_content_type = models.CharField(max_length=120, blank=True)
    result_published_at = models.DateTimeField(null=True, blank=True)
    result_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rating_accepted_at = models.DateTimeField(null=True, blank=True)
    rating_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-commissioned_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result_published_at__isnull=True) | (~Q(summary="") & ~Q(strength="")),
                name="practice_db_evaluation_result_complete",
            ),
            models.CheckConstraint(
                condition=Q(rating_accepted_at__isnull=True) | Q(result_published_at__isnull=False),
                name="practice_db_evaluation_accepted_after_result",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.example} by {self.evaluator}"

    def get_absolute_url(self) -> str:
        return reverse("practice_db:evaluation", kwargs={"pk": self.pk})

    @property
    def has_result(self) -> bool:
        return self.result_published_at is not None

    def report_download_name(self) -> str:
        extension = EXTENSIONS.get(self.report_content_type, "")
        if self.report_name.lower().endswith(extension):
            return self.report_name
        return f"{self.report_name}{extension}"


class Follow(models.Model):
    """Someone following an example or a topic: they are emailed, once each,
    when the Forum publishes a review or an evaluation result on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    example = models.ForeignKey(
        PracticeExample, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    topic = models.ForeignKey(
        "directory.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(example__isnull=True, topic__isnull=False)
                | Q(example__isnull=False, topic__isnull=True),
                name="practice_db_follow_one_thing",
            ),
            models.UniqueConstraint(
                "user",
                "example",
                name="practice_db_follow_example_once",
                condition=Q(example__isnull=False),
            ),
            models.UniqueConstraint(
                "user",
                "topic",
                name="practice_db_follow_topic_once",
                condition=Q(topic__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.example or self.topic}"


# -- research evidence -------------------------------------------------------------


class ResearchProgramme(models.Model):
    """An R&D programme that adds to the evidence base, for example the Service
    Delivery and Organisation Programme."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(max_length=3000, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    COMPLETED = "completed", "Completed"


class ResearchProject(models.Model):
    """A project of a research programme, and the topics and examples it informs."""

    programme = models.ForeignKey(
        ResearchProgramme, on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(max_length=250)
    team = models.CharField(max_length=300, help_text="Who is doing it, and where.")
    status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    started_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    summary = models.TextField(max_length=5000)
    report_url = models.URLField("link to the report", blank=True)
    topics = models.ManyToManyField("directory.Topic", blank=True, related_name="research")
    examples = models.ManyToManyField(PracticeExample, blank=True, related_name="research")
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted words for searching research: title (A), team and summary (B),
    # kept by a trigger (migration 0008).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [GinIndex(fields=["search_vector"], name="practice_db_research_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ends_on__gte=models.F("started_on")),
                name="practice_db_research_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice_db:research_project", kwargs={"pk": self.pk})


# -- spread: "We tried this too" ---------------------------------------------------


class Adoption(models.Model):
    """An organisation that tried a published example in its own service: how
    good practice spread. It may lead to a practice example of their own."""

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="adoptions")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="adoptions"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="adoptions"
    )
    tried_from = models.DateField("when they started", help_text="The first of the month.")
    what_changed = models.TextField(max_length=3000)
    how_it_went = models.TextField(max_length=3000)
    # Their own example, started from this one (a draft until they submit it).
    own_example = models.OneToOneField(
        PracticeExample,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adapted_from",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-tried_from", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "example"], name="practice_db_adoption_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} tried {self.example}"
