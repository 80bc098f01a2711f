"""Leadership programmes: cohorts that staff apply to, and the decisions on them.

A programme (a chief executives' development programme, medical management,
nurse leadership) runs in cohorts. Each cohort has an application window, a
start date and a number of places. A member of staff applies to a cohort; their
line manager (the sponsor) endorses the application through an emailed link;
the programme's coordinator shortlists, accepts, reserves or declines. Every
move is one entry of `ACTIONS`, made by `leadership.services.transition_application`,
and recorded as an ApplicationEvent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

# The longest statement an applicant may write, in characters (about 800 words).
STATEMENT_MAX_CHARS = 5000
# The other free-text answers, in characters (about 300 words each).
ANSWER_MAX_CHARS = 2000
# The most places a cohort can offer.
MAX_PLACES = 500


class Programme(models.Model):
    """A leadership development programme, run in cohorts."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="Two or three sentences shown in the list of programmes.")
    who_for = models.TextField("who it is for")
    what_involved = models.TextField("what it involves")
    time_commitment = models.CharField(
        "the time it takes",
        max_length=200,
        help_text="For example, eight two-day modules over 12 months.",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProgrammeCoordinator",
        related_name="coordinated_programmes",
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Title A, summary B, who it is for and what it involves C: kept by a
    # PostgreSQL trigger (migration 0002), for the programmes' search.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["title"]
        indexes = [GinIndex(fields=["search_vector"], name="leadership_programme_search")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leadership:programme", kwargs={"slug": self.slug})


class ProgrammeCoordinator(models.Model):
    """A coordinator's hold on one programme: they manage its cohorts and
    decide on its applications (with the Coordinator role)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="coordinator_links"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_links"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "programme", "user", name="leadership_coordinator_unique_programme_user"
            ),
        ]
        verbose_name = "programme coordinator"

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.programme}"


class CohortState(models.TextChoices):
    """Where a cohort stands today, from its dates (never stored)."""

    UPCOMING = "upcoming", "Opens for applications soon"
    OPEN = "open", "Open for applications"
    CLOSED = "closed", "Applications closed"
    STARTED = "started", "Started"


class CohortQuerySet(models.QuerySet):
    def with_accepted_count(self) -> CohortQuerySet:
        return self.annotate(
            accepted_count=models.Count(
                "applications", filter=models.Q(applications__status=Status.ACCEPTED)
            )
        )


class Cohort(models.Model):
    """One intake of a programme: who may apply when, when it starts, how many it takes."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200, help_text="For example, Autumn 2001.")
    applications_open = models.DateField("applications open")
    applications_close = models.DateField(
        "applications close", help_text="The last day on which an application can be submitted."
    )
    starts_on = models.DateField("starts")
    places = models.PositiveSmallIntegerField()
    region = models.ForeignKey(
        "directory.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leadership_cohorts",
        help_text="Leave empty for a national cohort.",
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_close__gte=models.F("applications_open")),
                name="leadership_cohort_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__gt=models.F("applications_close")),
                name="leadership_cohort_starts_after_closing",
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1), name="leadership_cohort_has_places"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("leadership:cohort", kwargs={"pk": self.pk})

    def state(self, today: date | None = None) -> CohortState:
        today = today or timezone.localdate()
        if today < self.applications_open:
            return CohortState.UPCOMING
        if today <= self.applications_close:
            return CohortState.OPEN
        if today < self.starts_on:
            return CohortState.CLOSED
        return CohortState.STARTED

    def state_label(self) -> str:
        return self.state().label

    def is_open(self, today: date | None = None) -> bool:
        return self.state(today) == CohortState.OPEN


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SPONSOR = "awaiting_sponsor", "Submitted: waiting for the sponsor"
    ENDORSED = "endorsed", "Endorsed by the sponsor"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ACCEPTED = "accepted", "Accepted"
    RESERVE = "reserve", "On the reserve list"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# An application still in the running, for the one-per-cohort rule.
LIVE_STATUSES = frozenset(Status) - {Status.DECLINED, Status.WITHDRAWN}


class EventKind(models.TextChoices):
    """What happened to an application, as its history records it."""

    SUBMITTED = "submitted", "Submitted"
    SPONSOR_ASKED_AGAIN = "sponsor_asked_again", "Sponsor sent a new link"
    ENDORSED = "endorsed", "Endorsed by the sponsor"
    NOT_ENDORSED = "not_endorsed", "Not endorsed by the sponsor"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ACCEPTED = "accepted", "Accepted"
    RESERVED = "reserved", "Put on the reserve list"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed the programme"


class Actor(models.TextChoices):
    APPLICANT = "applicant", "The applicant"
    SPONSOR = "sponsor", "The sponsor, by the emailed link"
    COORDINATOR = "coordinator", "A coordinator of the programme"


@dataclass(frozen=True)
class LifecycleAction:
    """One move in the lifecycle: who may make it, from which statuses, to which."""

    from_statuses: frozenset[str]
    to_status: str
    by: Actor
    event: EventKind
    button: str
    reason_required: str = ""


DECIDABLE = frozenset({Status.ENDORSED, Status.SHORTLISTED, Status.RESERVE})

# The lifecycle: every allowed move, and nothing else. Declined and withdrawn
# are the end: no action starts from them.
ACTIONS: dict[str, LifecycleAction] = {
    "submit": LifecycleAction(
        frozenset({Status.DRAFT}),
        Status.AWAITING_SPONSOR,
        Actor.APPLICANT,
        EventKind.SUBMITTED,
        button="Submit application",
    ),
    "endorse": LifecycleAction(
        frozenset({Status.AWAITING_SPONSOR}),
        Status.ENDORSED,
        Actor.SPONSOR,
        EventKind.ENDORSED,
        button="Endorse this application",
    ),
    "not_endorse": LifecycleAction(
        frozenset({Status.AWAITING_SPONSOR}),
        Status.DECLINED,
        Actor.SPONSOR,
        EventKind.NOT_ENDORSED,
        button="I cannot endorse this application",
        reason_required="Say why you cannot endorse it; the applicant will see this",
    ),
    "shortlist": LifecycleAction(
        frozenset({Status.ENDORSED}),
        Status.SHORTLISTED,
        Actor.COORDINATOR,
        EventKind.SHORTLISTED,
        button="Shortlist",
    ),
    "accept": LifecycleAction(
        DECIDABLE,
        Status.ACCEPTED,
        Actor.COORDINATOR,
        EventKind.ACCEPTED,
        button="Accept",
    ),
    "reserve": LifecycleAction(
        frozenset({Status.ENDORSED, Status.SHORTLISTED}),
        Status.RESERVE,
        Actor.COORDINATOR,
        EventKind.RESERVED,
        button="Put on the reserve list",
    ),
    "decline": LifecycleAction(
        DECIDABLE,
        Status.DECLINED,
        Actor.COORDINATOR,
        EventKind.DECLINED,
        button="Decline",
        reason_required="Give the reason for declining; the applicant will see it",
    ),
    "withdraw": LifecycleAction(
        LIVE_STATUSES,
        Status.WITHDRAWN,
        Actor.APPLICANT,
        EventKind.WITHDRAWN,
        button="Withdraw application",
    ),
}

# The coordinator's decisions, in the order their buttons appear.
COORDINATOR_ACTIONS = [name for name, rule in ACTIONS.items() if rule.by == Actor.COORDINATOR]


# The answers as the summary lists name them, for the applicant, coordinator and sponsor.
ANSWER_LABELS = {
    "current_role": "Current role",
    "experience": "Experience of leading or managing",
    "development": "What to develop",
    "statement": "Statement",
    "sponsor_name": "Sponsor",
    "sponsor_email": "Sponsor's email address",
}


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """The applicant's own, and the submitted applications of the programmes
        a coordinator runs. Anything else is a 404."""
        from leadership import permissions

        return self.filter(permissions.visible_q(user))


class Application(models.Model):
    """A member of staff's application to one cohort of a programme."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leadership_applications"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    # The answers
    current_role = models.CharField("your current role", max_length=200, blank=True)
    experience = models.TextField("your experience of leading or managing", blank=True)
    development = models.TextField("what you want to develop", blank=True)
    statement = models.TextField("your statement", blank=True)

    # The sponsor: the applicant's line manager, who endorses by an emailed link.
    sponsor_name = models.CharField("your sponsor's name", max_length=150, blank=True)
    sponsor_email = models.EmailField("your sponsor's email address", blank=True)
    # When the newest link was sent; a link sent before it no longer works.
    sponsor_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    sponsor_answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    sponsor_comment = models.TextField(blank=True, editable=False)

    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The reason the applicant sees when declined (by the coordinator or sponsor).
    decision_reason = models.TextField(blank=True)
    # When the application went on the reserve list: the earliest is first.
    reserved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="leadership_application_status_valid",
            ),
            models.UniqueConstraint(
                "cohort",
                "applicant",
                condition=models.Q(status__in=sorted(LIVE_STATUSES)),
                name="leadership_one_live_application_per_cohort",
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT)
                | models.Q(submitted_at__isnull=False)
                # An application withdrawn as a draft was never submitted.
                | models.Q(status=Status.WITHDRAWN),
                name="leadership_application_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("leadership:application", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def answers(self) -> list[tuple[str, str, str]]:
        """(field, label, value) of each answer, for the summary lists."""
        return [(name, label, getattr(self, name)) for name, label in ANSWER_LABELS.items()]

    def next_step(self) -> str:
        """What happens next, in the applicant's words."""
        return {
            Status.DRAFT: "Finish your answers and submit them before applications close.",
            Status.AWAITING_SPONSOR: "Your sponsor has been emailed a link to endorse it.",
            Status.ENDORSED: "The programme's coordinator will consider it after applications "
            "close.",
            Status.SHORTLISTED: "You are on the shortlist. The coordinator will decide soon.",
            Status.ACCEPTED: "You have a place. The coordinator will be in touch before the start.",
            Status.RESERVE: "If a place comes free, the first on the reserve list is offered it.",
            Status.DECLINED: "Nothing more to do for this cohort.",
            Status.WITHDRAWN: "Nothing more to do for this cohort.",
        }[Status(self.status)]


class ApplicationEvent(models.Model):
    """One move in an application's lifecycle: the history both sides see."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    # Empty for the sponsor, who need not have an account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, help_text="Who acted, as shown in the history.")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_kind_display()}"


class Alumnus(models.Model):
    """Someone who completed a programme. Listed on its page only while they agree,
    so that others thinking of applying can contact them."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="alumni")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leadership_completions"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="alumni"
    )
    completed_on = models.DateField()
    listed = models.BooleanField(
        "list me on the programme's page so that staff can contact me", default=False
    )
    listed_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "person__full_name"]
        constraints = [
            models.UniqueConstraint("programme", "person", name="leadership_alumnus_once"),
        ]
        verbose_name_plural = "alumni"

    def __str__(self) -> str:
        return f"{self.person} completed {self.programme}"
