"""Beacon Services: NHS services designated as exemplars for others to visit.

A Beacon is a designation of one organisation's service, by theme and year.
Staff find Beacons (a stored, weighted search vector like the practice
search's), ask to visit one (a VisitRequest, answered by the Beacon's
coordinator within two working days) or book its open days (sessions of the
shared booking engine, `opportunities`, owned by the Beacon). What visitors
took away is kept with their consent, and a take-away turned into a practice
example of the visitor's own is linked back (SpreadExample): that is how the
spread of a Beacon's practice is measured.
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


class Theme(models.TextChoices):
    """The themes Beacons were designated under: six in 1999, five more from 2000/01."""

    PRIMARY_CARE = "primary_care", "Primary care"
    MENTAL_HEALTH = "mental_health", "Mental health"
    WAITING = "waiting", "Waiting lists and times"
    HEALTH_IMPROVEMENT = "health_improvement", "Health improvement"
    HUMAN_RESOURCES = "human_resources", "Human resources"
    CANCER = "cancer", "Cancer"
    OUTPATIENTS = "outpatients", "Outpatients"
    CORONARY_HEART_DISEASE = "coronary_heart_disease", "Coronary heart disease"
    STROKE = "stroke", "Stroke"
    PALLIATIVE_CARE = "palliative_care", "Palliative care"
    PERSONALITY_DISORDER = "personality_disorder", "Personality disorder"


THEMES_1999 = frozenset(
    {
        Theme.PRIMARY_CARE,
        Theme.MENTAL_HEALTH,
        Theme.WAITING,
        Theme.HEALTH_IMPROVEMENT,
        Theme.HUMAN_RESOURCES,
        Theme.CANCER,
    }
)
# The first designations were in 1999; the 2000/01 round added five themes.
FIRST_YEAR = 1999
THEMES_FROM_2000 = frozenset(Theme.values) - THEMES_1999


def themes_for_year(year: int) -> frozenset[str]:
    return frozenset(THEMES_1999) if year < 2000 else frozenset(Theme.values)


class Offer(models.TextChoices):
    """What a Beacon offers to others who want to learn from it."""

    VISITS = "visits", "Visits"
    OPEN_DAYS = "open_days", "Open days"
    SECONDMENTS = "secondments", "Secondments"
    MENTORING = "mentoring", "Mentoring"
    WRITTEN_MATERIALS = "written_materials", "Written materials"


class BeaconQuerySet(models.QuerySet):
    def designated(self) -> BeaconQuerySet:
        """Beacons whose designation has not ended: the ones that take requests."""
        return self.filter(designation_ended_on__isnull=True)

    def visible_to(self, user) -> BeaconQuerySet:
        from beacons import permissions

        return self.filter(permissions.beacon_visible_q(user))


class Beacon(models.Model):
    """One designated Beacon Service of an organisation."""

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="beacons"
    )
    service_name = models.CharField(max_length=200)
    theme = models.CharField(max_length=40, choices=Theme.choices)
    year = models.PositiveSmallIntegerField("year of designation")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coordinated_beacons"
    )
    what_it_does = models.TextField("what the service does")
    what_others_can_learn = models.TextField("what others can learn from it")
    offers = ArrayField(
        models.CharField(max_length=30, choices=Offer.choices), default=list, blank=True
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    designated_at = models.DateTimeField(default=timezone.now)
    designation_ended_on = models.DateField(null=True, blank=True)
    designation_ended_reason = models.TextField(blank=True)

    # Filled by a database trigger (migration 0002) on every insert and update:
    # service name A, what others can learn B, what it does C, organisation D.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = BeaconQuerySet.as_manager()

    class Meta:
        ordering = ["service_name", "pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="beacon_search_vector"),
            models.Index(fields=["theme", "year"], name="beacon_theme_year"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(theme__in=Theme.values), name="beacon_theme_valid"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR), name="beacon_year_from_1999"),
        ]

    def __str__(self) -> str:
        return self.service_name

    def get_absolute_url(self) -> str:
        return reverse("beacons:detail", args=[self.pk])

    @property
    def is_designated(self) -> bool:
        return self.designation_ended_on is None

    @property
    def takes_visit_requests(self) -> bool:
        return self.is_designated and Offer.VISITS in self.offers

    @property
    def year_label(self) -> str:
        return "1999" if self.year < 2000 else f"{self.year}/{(self.year + 1) % 100:02d}"

    def offer_labels(self) -> list[str]:
        return [Offer(value).label for value in Offer.values if value in self.offers]


class BeaconExample(models.Model):
    """A practice example that describes a Beacon's service.

    The practice database does not know Beacons: this link lives here, and
    `services.link_example` keeps the example's `is_beacon` flag (the
    practice search's Beacon facet) in step with it.
    """

    beacon = models.ForeignKey(Beacon, on_delete=models.CASCADE, related_name="example_links")
    example = models.OneToOneField(
        "practice_db.PracticeExample", on_delete=models.CASCADE, related_name="beacon_link"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.example} at {self.beacon}"


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged: awaiting a date"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Visit took place"


class VisitActor(models.TextChoices):
    REQUESTER = "requester", "The person who asked"
    COORDINATOR = "coordinator", "The Beacon's coordinator"


@dataclass(frozen=True)
class VisitAction:
    """One move of a visit request: who may make it, from which statuses, to which."""

    from_statuses: frozenset[str]
    to_status: str
    by: VisitActor
    button: str


# Every allowed move of a visit request, and nothing else. Confirming a date
# answers a request too, so a coordinator need not acknowledge first.
VISIT_ACTIONS: dict[str, VisitAction] = {
    "acknowledge": VisitAction(
        frozenset({VisitStatus.REQUESTED}),
        VisitStatus.ACKNOWLEDGED,
        VisitActor.COORDINATOR,
        "Acknowledge",
    ),
    "confirm": VisitAction(
        frozenset({VisitStatus.REQUESTED, VisitStatus.ACKNOWLEDGED}),
        VisitStatus.CONFIRMED,
        VisitActor.COORDINATOR,
        "Confirm a date",
    ),
    "decline": VisitAction(
        frozenset({VisitStatus.REQUESTED, VisitStatus.ACKNOWLEDGED}),
        VisitStatus.DECLINED,
        VisitActor.COORDINATOR,
        "Decline",
    ),
    "withdraw": VisitAction(
        frozenset({VisitStatus.REQUESTED, VisitStatus.ACKNOWLEDGED, VisitStatus.CONFIRMED}),
        VisitStatus.WITHDRAWN,
        VisitActor.REQUESTER,
        "Withdraw the request",
    ),
    "complete": VisitAction(
        frozenset({VisitStatus.CONFIRMED}),
        VisitStatus.COMPLETED,
        VisitActor.COORDINATOR,
        "Record that the visit took place",
    ),
}

# The coordinator acknowledges within two working days; after that it is overdue.
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 2
MAX_PARTY = 30


def overdue_since(today: date | None = None) -> datetime:
    """Requests made before this moment and not yet answered are overdue today:
    more than two working days (England and Wales) have passed since the day
    they were made."""
    today = today or timezone.localdate()
    last_late_day = latest_day_before(today, ACKNOWLEDGE_WITHIN_WORKING_DAYS)
    return timezone.make_aware(datetime.combine(last_late_day + timedelta(days=1), time.min))


def overdue_q(today: date | None = None) -> Q:
    return Q(status=VisitStatus.REQUESTED, requested_at__lt=overdue_since(today))


class VisitRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> VisitRequestQuerySet:
        from beacons import permissions

        return self.filter(permissions.visit_visible_q(user))

    def overdue(self, today: date | None = None) -> VisitRequestQuerySet:
        return self.filter(overdue_q(today))


def visitor_pack_path(instance: VisitRequest, filename: str) -> str:
    # A random name, its extension from what the content was found to be.
    return f"beacons/packs/{uuid.uuid4().hex}{EXTENSIONS.get(instance.pack_content_type, '')}"


class VisitRequest(models.Model):
    """A member of staff's request to visit a Beacon, and its answer."""

    beacon = models.ForeignKey(Beacon, on_delete=models.PROTECT, related_name="visit_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="beacon_visit_requests"
    )
    party_size = models.PositiveSmallIntegerField("how many people are coming")
    roles = models.TextField("their roles")
    wants_to_learn = models.TextField("what they want to learn")
    preferred_dates = ArrayField(models.DateField(), size=3)
    status = models.CharField(
        max_length=20, choices=VisitStatus.choices, default=VisitStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    visit_starts_at = models.DateTimeField(null=True, blank=True)
    visit_ends_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    pack = models.FileField(upload_to=visitor_pack_path, max_length=200, blank=True)
    pack_name = models.CharField(max_length=200, blank=True)
    pack_content_type = models.CharField(max_length=120, blank=True)
    calendar_uid = models.CharField(max_length=80, unique=True, default=uuid.uuid4)
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["beacon", "status"], name="beacon_visit_beacon_status"),
            models.Index(fields=["status", "requested_at"], name="beacon_visit_status_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_size__gte=1, party_size__lte=MAX_PARTY),
                name="beacon_visit_party_size",
            ),
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.CONFIRMED) | Q(visit_starts_at__isnull=False),
                name="beacon_visit_confirmed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit to {self.beacon} by {self.requester}"

    def get_absolute_url(self) -> str:
        return reverse("beacons:visit", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == VisitStatus.REQUESTED and self.requested_at < overdue_since()

    @property
    def is_past(self) -> bool:
        return self.visit_ends_at is not None and self.visit_ends_at <= timezone.now()

    def pack_download_name(self) -> str:
        extension = EXTENSIONS.get(self.pack_content_type, "")
        if self.pack_name.lower().endswith(extension):
            return self.pack_name
        return f"{self.pack_name}{extension}"


class VisitEventKind(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CONFIRMED = "confirmed", "Confirmed a date"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Visit took place"
    REMINDED = "reminded", "Coordinator reminded"
    PACK_ADDED = "pack_added", "Visitor pack added"


class VisitEvent(models.Model):
    """One step in a visit request's history: who, when, from, to, why."""

    visit = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=VisitEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=VisitStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VisitStatus.choices, blank=True)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.visit}"


class VisitOutcome(models.Model):
    """What a visitor will change in their own service after a Beacon visit."""

    visit = models.OneToOneField(VisitRequest, on_delete=models.CASCADE, related_name="outcome")
    will_change = models.TextField("What will you change in your own service?", max_length=3000)
    may_share = models.BooleanField(
        "Others may read my answer, with my name and organisation", default=False
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Outcome of {self.visit}"


class SpreadExample(models.Model):
    """A practice example a visitor drafted from what they took away from a
    Beacon: after a visit (`visit`) or an open day (`feedback`)."""

    beacon = models.ForeignKey(Beacon, on_delete=models.CASCADE, related_name="spread")
    example = models.OneToOneField(
        "practice_db.PracticeExample", on_delete=models.CASCADE, related_name="beacon_origin"
    )
    visit = models.OneToOneField(
        VisitRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="spread"
    )
    feedback = models.OneToOneField(
        "opportunities.Feedback",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="beacon_spread",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(visit__isnull=False, feedback__isnull=True)
                | Q(visit__isnull=True, feedback__isnull=False),
                name="beacon_spread_from_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.example} (from {self.beacon})"
