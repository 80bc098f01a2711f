"""The booking engine every learning opportunity shares.

A Session is one thing people book: a Beacon open day, a Learning Centre
event, a course intake. The app that owns it (beacons, learning_centres,
training) creates it through `opportunities.services.create_session`, names
its kind and the object that runs it (`owner`), and answers "who organises
this session?" through the hook in `opportunities.registry`. This app names
no feature app: they depend on it, never the reverse.

A Booking is one person's place on a session, or their place in its waiting
list. The session row carries the counts of both (kept by the services under
the session's row lock), so a calendar of thousands of sessions shows places
left without counting bookings.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone


class Kind(models.TextChoices):
    """What sort of opportunity a session is; the owning app says which."""

    BEACON_OPEN_DAY = "beacon_open_day", "Beacon open day"
    LEARNING_CENTRE_EVENT = "learning_centre_event", "Learning Centre event"
    COURSE_INTAKE = "course_intake", "Course intake"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    BOTH = "both", "In person or online"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    CLINICAL = "clinical", "Clinical staff"
    MANAGERIAL = "managerial", "Managers"


class SessionStatus(models.TextChoices):
    """The stored status. `Session.state` adds what the clock says: a session
    whose booking deadline has passed is closed, one that has ended is finished."""

    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for booking"
    FULL = "full", "Full"
    CLOSED = "closed", "Closed for booking"
    CANCELLED = "cancelled", "Cancelled"
    FINISHED = "finished", "Finished"


# Statuses in which people hold or wait for a place.
BOOKABLE = frozenset({SessionStatus.OPEN, SessionStatus.FULL})
# Statuses a calendar shows (a cancelled session stays listed, marked, until it would have ended).
LISTED = frozenset(
    {SessionStatus.OPEN, SessionStatus.FULL, SessionStatus.CLOSED, SessionStatus.CANCELLED}
)


def new_calendar_uid() -> str:
    return f"{secrets.token_hex(12)}@learning-network.nhs.uk"


class SessionQuerySet(models.QuerySet):
    def listed(self) -> SessionQuerySet:
        """What the calendar shows: published sessions that have not ended."""
        return self.filter(status__in=sorted(LISTED), ends_at__gte=timezone.now())

    def upcoming(self) -> SessionQuerySet:
        return self.filter(starts_at__gte=timezone.now())

    def visible_to(self, user) -> SessionQuerySet:
        """Published sessions, and the drafts of the sessions this user runs."""
        from opportunities import permissions

        return self.filter(permissions.visible_q(user))

    def organised_by(self, user) -> SessionQuerySet:
        from opportunities import permissions

        return self.filter(permissions.organised_q(user))


class Session(models.Model):
    """One bookable occasion: when, where, for whom, and how many places."""

    kind = models.CharField(max_length=40, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    # Shown only to people with a confirmed place.
    joining_link = models.URLField(max_length=500, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    booking_deadline = models.DateTimeField(
        help_text="Bookings close at this time; by default when the session starts."
    )
    region = models.ForeignKey(
        "directory.Region", on_delete=models.PROTECT, related_name="sessions"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text="The organisation that runs the session.",
    )
    topics = models.ManyToManyField("directory.Topic", blank=True, related_name="sessions")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    # None means unlimited.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    cancellation_reason = models.TextField(blank=True)

    # The object that runs it (a Beacon, a Learning Centre, a course), given by the owning app.
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")

    # Kept by the services under the session's row lock.
    confirmed_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    # Each change that attendees are told of bumps this, so calendar programs
    # see the new version (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    calendar_uid = models.CharField(max_length=80, unique=True, default=new_calendar_uid)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled by a database trigger (migration 0003) on every insert and update:
    # title A, description B. The apps that own sessions search their own with it.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="opp_session_status_start"),
            models.Index(fields=["owner_type", "owner_id"], name="opp_session_owner"),
            models.Index(fields=["region", "starts_at"], name="opp_session_region_start"),
            # The calendar and "For you" walk this in date order and stop at a
            # page, whatever the filters, instead of sorting every listed session.
            models.Index(
                fields=["starts_at", "id"],
                name="opp_session_listed_by_start",
                condition=Q(status__in=sorted(LISTED)),
            ),
            GinIndex(fields=["search_vector"], name="opp_session_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="opp_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(booking_deadline__lte=F("starts_at")),
                name="opp_session_deadline_not_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="opp_session_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="opp_session_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:session", args=[self.pk])

    @property
    def state(self) -> str:
        """The status as people see it now: the stored one, with the clock applied."""
        now = timezone.now()
        if self.status in (SessionStatus.DRAFT, SessionStatus.CANCELLED):
            return self.status
        if self.ends_at <= now or self.status == SessionStatus.FINISHED:
            return SessionStatus.FINISHED
        if self.status == SessionStatus.CLOSED or self.booking_deadline <= now:
            return SessionStatus.CLOSED
        return self.status

    @property
    def state_label(self) -> str:
        return SessionStatus(self.state).label

    @property
    def is_bookable(self) -> bool:
        return self.state in BOOKABLE

    @property
    def places_left(self) -> int | None:
        """None when places are unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def is_in_person(self) -> bool:
        return self.format in (Format.IN_PERSON, Format.BOTH)

    @property
    def is_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.BOTH)

    def starts_before(self, moment: datetime) -> bool:
        return self.starts_at < moment


class Meeting(models.Model):
    """One dated meeting of a session that meets several times (for example an
    action learning set): one booking covers them all, attendance is per meeting.
    A session with no meeting rows meets once, from `starts_at` to `ends_at`."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="opp_meeting_ends_after_start"
            ),
            models.UniqueConstraint("session", "starts_at", name="opp_meeting_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.session} on {timezone.localtime(self.starts_at):%d %B %Y}"


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


# A person has at most one booking in these statuses per session (a database constraint).
ACTIVE = frozenset(
    {
        BookingStatus.CONFIRMED,
        BookingStatus.WAITING,
        BookingStatus.ATTENDED,
        BookingStatus.DID_NOT_ATTEND,
    }
)
# Bookings that hold a place.
HOLDS_PLACE = frozenset(
    {BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND}
)


class BookingQuerySet(models.QuerySet):
    def active(self) -> BookingQuerySet:
        return self.filter(status__in=sorted(ACTIVE))


class Booking(models.Model):
    """One person's place on a session, or their place in its waiting list."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    # 1 for the first in line; None unless waiting.
    waiting_position = models.PositiveIntegerField(null=True, blank=True)
    booked_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["booked_at", "pk"]
        indexes = [
            models.Index(fields=["user", "status"], name="opp_booking_user_status"),
            models.Index(
                fields=["session", "status", "waiting_position"], name="opp_booking_session_list"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                "user",
                "session",
                condition=Q(status__in=sorted(ACTIVE)),
                name="opp_booking_one_active_per_person",
                violation_error_message="You already have a booking for this session.",
            ),
            models.CheckConstraint(
                condition=Q(status=BookingStatus.WAITING, waiting_position__gte=1)
                | (~Q(status=BookingStatus.WAITING) & Q(waiting_position__isnull=True)),
                name="opp_booking_position_only_when_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE


class BookingEventKind(models.TextChoices):
    BOOKED = "booked", "Booked a place"
    WAITLISTED = "waitlisted", "Joined the waiting list"
    PROMOTED = "promoted", "Moved up from the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    SESSION_CANCELLED = "session_cancelled", "Session cancelled"
    ATTENDED = "attended", "Marked as attended"
    DID_NOT_ATTEND = "did_not_attend", "Marked as did not attend"


class BookingEvent(models.Model):
    """When each change to a booking happened, and who made it."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=BookingEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.booking}"


class MeetingAttendance(models.Model):
    """Whether a booked person came to one meeting of a session that meets several times."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendance")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField()
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("booking", "meeting", name="opp_attendance_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.booking.user} {'came to' if self.attended else 'missed'} {self.meeting}"


class Announcement(models.Model):
    """An organiser's message to everyone booked or waiting, or the engine's
    own notice of a change of time or place. Each is emailed once per person."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(max_length=150)
    message = models.TextField(max_length=5000)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Feedback(models.Model):
    """What an attendee will change in their own service, and how useful it was."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    will_change = models.TextField("What will you change in your own service?", max_length=3000)
    usefulness = models.PositiveSmallIntegerField()
    # Only with this consent may the owning app show the answer to others
    # (for example under "What visitors took away" on a Beacon's page).
    may_share = models.BooleanField(
        "Others may read my answer, with my name and organisation", default=False
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5),
                name="opp_feedback_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.booking}"
