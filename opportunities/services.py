"""Writes with consequences for sessions and bookings.

Every function here runs in one transaction that locks the session's row
(`select_for_update`), so two people acting at once are served one after the
other: two people taking the last place get one place and one waiting-list
position, never two places. The session's `confirmed_count` and
`waiting_count` change only here, under that lock. Emails go through the
portal's queue (`send_once`) and leave when the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.urls import reverse
from django.utils import timezone

from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import permissions
from opportunities.models import (
    ACTIVE,
    BOOKABLE,
    HOLDS_PLACE,
    Announcement,
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingStatus,
    Feedback,
    Format,
    Kind,
    Meeting,
    MeetingAttendance,
    Session,
    SessionStatus,
)

# What organisers may set on a session; a change to any of WHEN_AND_WHERE is
# emailed to everyone booked or waiting.
SESSION_FIELDS = (
    "title",
    "description",
    "format",
    "venue",
    "address",
    "joining_link",
    "starts_at",
    "ends_at",
    "booking_deadline",
    "region_id",
    "organisation_id",
    "audience",
)
WHEN_AND_WHERE = frozenset({"format", "venue", "address", "joining_link", "starts_at", "ends_at"})
MAX_CAPACITY = 10_000
# Feedback is asked for once the session has ended, for this long.
FEEDBACK_WINDOW = timedelta(days=60)
REMINDER_BEFORE = timedelta(days=2)


# -- sessions -------------------------------------------------------------------


def _locked_session(session_id: int) -> Session:
    try:
        return Session.objects.select_for_update().get(pk=session_id)
    except Session.DoesNotExist:
        raise Invalid("That session no longer exists.") from None


def _require_organiser(actor, session: Session) -> None:
    if not permissions.can_organise(actor, session):
        raise NotAllowed("Only the session's organisers can do that.")


def _check_times(values: Mapping[str, object]) -> None:
    starts_at, ends_at = values["starts_at"], values["ends_at"]
    deadline = values.get("booking_deadline") or starts_at
    if ends_at <= starts_at:
        raise Invalid("The session must end after it starts.", field="ends_at")
    if deadline > starts_at:
        raise Invalid("Bookings must close before the session starts.", field="booking_deadline")
    if values.get("format") in (Format.IN_PERSON, Format.BOTH) and not values.get("venue"):
        raise Invalid("Give the venue of a session people attend in person.", field="venue")
    if values.get("format") in (Format.ONLINE, Format.BOTH) and not values.get("joining_link"):
        raise Invalid(
            "Give the joining link of a session people attend online.", field="joining_link"
        )


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        raise Invalid(
            f"Give a number of places from 1 to {MAX_CAPACITY:,}, or leave it empty for no limit.",
            field="capacity",
        )


def _check_meetings(meetings: Sequence[tuple[datetime, datetime]]) -> None:
    previous_end = None
    for number, (starts_at, ends_at) in enumerate(meetings, start=1):
        if ends_at <= starts_at:
            raise Invalid(f"Meeting {number} must end after it starts.", field="meetings")
        if previous_end is not None and starts_at < previous_end:
            raise Invalid(
                f"Meeting {number} starts before the one before it ends: list the meetings "
                "in date order, without overlaps.",
                field="meetings",
            )
        previous_end = ends_at


@transaction.atomic
def create_session(
    *,
    actor,
    owner: Model,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    region_id: int,
    organisation_id: int,
    booking_deadline: datetime | None = None,
    capacity: int | None = None,
    topic_ids: Iterable[int] = (),
    meetings: Sequence[tuple[datetime, datetime]] = (),
    publish: bool = False,
    **details: object,
) -> Session:
    """A new session run by `owner` (a Beacon, a Learning Centre, a course).

    The owning app says what kind it is. The actor must be one of the people
    the owning app says organise such a session. `meetings` gives each date of
    a session that meets several times; the session then spans them all.
    """
    if kind not in Kind.values:
        raise Invalid("Choose what kind of session this is.", field="kind")
    unknown = set(details) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {', '.join(sorted(unknown))}")
    if meetings:
        _check_meetings(meetings)
        starts_at, ends_at = meetings[0][0], meetings[-1][1]
    values = {"starts_at": starts_at, "ends_at": ends_at, **details}
    values["booking_deadline"] = booking_deadline or starts_at
    _check_times(values)
    _check_capacity(capacity)
    session = Session(
        kind=kind,
        title=title,
        region_id=region_id,
        organisation_id=organisation_id,
        capacity=capacity,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        status=SessionStatus.OPEN if publish else SessionStatus.DRAFT,
        **values,
    )
    _require_organiser(actor, session)
    session.save()
    session.topics.set(list(topic_ids))
    Meeting.objects.bulk_create(
        Meeting(session=session, starts_at=start, ends_at=end) for start, end in meetings
    )
    return session


@transaction.atomic
def publish_session(*, actor, session_id: int) -> Session:
    """A draft opens for booking."""
    session = _locked_session(session_id)
    _require_organiser(actor, session)
    if session.status != SessionStatus.DRAFT:
        raise Conflict("This session is already published.")
    if session.starts_at <= timezone.now():
        raise Invalid("This session has already started: change its date before publishing.")
    session.status = SessionStatus.FULL if session.is_full else SessionStatus.OPEN
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def update_session(
    *, actor, session_id: int, changes: Mapping[str, object], topic_ids: Iterable[int] | None = None
) -> Session:
    """Change a session's details. A change of time, place or joining link is
    emailed to everyone booked or waiting, and calendars get the new version."""
    session = _locked_session(session_id)
    _require_organiser(actor, session)
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("This session was cancelled; it cannot be changed.")
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {', '.join(sorted(unknown))}")
    changed = [name for name, value in changes.items() if getattr(session, name) != value]
    if not changed and topic_ids is None:
        return session
    values = {name: getattr(session, name) for name in SESSION_FIELDS} | dict(changes)
    _check_times(values)
    for name in changed:
        setattr(session, name, changes[name])
    told = WHEN_AND_WHERE.intersection(changed) and session.status != SessionStatus.DRAFT
    if told:
        session.sequence = F("sequence") + 1
    session.save()
    session.refresh_from_db(fields=["sequence"])
    if topic_ids is not None:
        session.topics.set(list(topic_ids))
    if told:
        announcement = Announcement.objects.create(
            session=session,
            author=actor,
            subject=f"Changed: {session.title}",
            message="The time or place of this session has changed. The details are below.",
        )
        _email_announcement(session, announcement, template="opportunities/email/changed")
    return session


@transaction.atomic
def change_capacity(*, actor, session_id: int, capacity: int | None) -> list[Booking]:
    """Set the number of places (None for unlimited). Raising it gives the new
    places to the waiting list in order; lowering it below the people already
    booked is refused. Returns the bookings moved up."""
    session = _locked_session(session_id)
    _require_organiser(actor, session)
    _check_capacity(capacity)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.FINISHED):
        raise Conflict("This session is over or cancelled: its places cannot change.")
    if capacity is not None and capacity < session.confirmed_count:
        raise Invalid(
            f"{session.confirmed_count} people hold places, so there must be at least "
            f"{session.confirmed_count} places. Cancel bookings first to offer fewer.",
            field="capacity",
        )
    session.capacity = capacity
    promoted = _promote_waiting(session, actor=actor)
    _save_counts(session, extra=("capacity",))
    return promoted


@transaction.atomic
def cancel_session(*, actor, session_id: int, reason: str) -> Session:
    """Cancel the session: everyone booked or waiting is emailed, and their
    calendars are sent the cancellation. Bookings keep their status, so each
    person still sees what they had."""
    session = _locked_session(session_id)
    _require_organiser(actor, session)
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("This session is already cancelled.")
    if session.state == SessionStatus.FINISHED:
        raise Conflict("This session has finished; it cannot be cancelled.")
    reason = reason.strip()
    if not reason:
        raise Invalid("Say why the session is cancelled: attendees will read it.", field="reason")
    session.status = SessionStatus.CANCELLED
    session.cancellation_reason = reason
    session.sequence = F("sequence") + 1
    session.save(update_fields=["status", "cancellation_reason", "sequence", "updated_at"])
    session.refresh_from_db(fields=["sequence"])
    for booking in session.bookings.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
    ).select_related("user"):
        BookingEvent.objects.create(
            booking=booking, kind=BookingEventKind.SESSION_CANCELLED, actor=actor
        )
        _email(booking, "cancelled", "opportunities/email/session_cancelled", session=session)
    return session


# -- bookings -------------------------------------------------------------------


def _save_counts(session: Session, *, extra: Iterable[str] = ()) -> None:
    if session.status in BOOKABLE:
        session.status = SessionStatus.FULL if session.is_full else SessionStatus.OPEN
    session.save(update_fields=["confirmed_count", "waiting_count", "status", "updated_at", *extra])


def _event(booking: Booking, kind: str, actor) -> None:
    BookingEvent.objects.create(booking=booking, kind=kind, actor=actor)


def _email(booking: Booking, event: str, template: str, **context) -> int:
    """Email the person who booked about their booking, once for each event."""
    session = context.pop("session", None) or booking.session
    return int(
        send_once(
            key=(f"opportunities.{event}", f"user:{booking.user_id}", f"booking:{booking.pk}"),
            to=booking.user.email,
            template=template,
            context={
                "booking": booking,
                "session": session,
                "person": booking.user,
                "link": absolute_url(session.get_absolute_url()),
                "bookings_link": absolute_url(reverse("opportunities:mine")),
                "feedback_link": absolute_url(reverse("opportunities:feedback", args=[booking.pk])),
                **context,
            },
        )
    )


def _promote_waiting(session: Session, *, actor) -> list[Booking]:
    """Fill free places from the waiting list, first come first served."""
    promoted = []
    while session.waiting_count and not session.is_full:
        booking = (
            session.bookings.select_related("user")
            .filter(status=BookingStatus.WAITING)
            .order_by("waiting_position", "pk")
            .first()
        )
        if booking is None:  # The count says otherwise; the rows are the truth.
            session.waiting_count = 0
            break
        booking.status = BookingStatus.CONFIRMED
        booking.waiting_position = None
        booking.confirmed_at = timezone.now()
        booking.save(update_fields=["status", "waiting_position", "confirmed_at", "updated_at"])
        session.confirmed_count += 1
        session.waiting_count -= 1
        _event(booking, BookingEventKind.PROMOTED, actor)
        _email(booking, "promoted", "opportunities/email/promoted", session=session)
        promoted.append(booking)
    if promoted:
        session.bookings.filter(status=BookingStatus.WAITING).update(
            waiting_position=F("waiting_position") - len(promoted)
        )
    return promoted


@transaction.atomic
def book(*, actor, session_id: int) -> Booking:
    """Book a place, or join the waiting list when the session is full.

    The booking's status says which. Refused after the booking deadline, on a
    session that is not open, and for someone already booked or waiting.
    """
    session = _locked_session(session_id)
    if not permissions.can_view(actor, session):
        raise Invalid("That session no longer exists.")
    state = session.state
    if state == SessionStatus.CANCELLED:
        raise Conflict("This session was cancelled, so it cannot be booked.")
    if state == SessionStatus.FINISHED:
        raise Conflict("This session has already taken place.")
    if state == SessionStatus.CLOSED:
        raise Conflict("Bookings for this session have closed.")
    if state not in BOOKABLE:
        raise Conflict("This session is not open for booking yet.")
    if session.bookings.filter(user_id=actor.pk, status__in=sorted(ACTIVE)).exists():
        raise Conflict("You already have a booking for this session: see My bookings.")
    now = timezone.now()
    if session.is_full:
        session.waiting_count += 1
        booking_values = {
            "status": BookingStatus.WAITING,
            "waiting_position": session.waiting_count,
        }
        kind, template = BookingEventKind.WAITLISTED, "opportunities/email/waiting"
    else:
        session.confirmed_count += 1
        booking_values = {"status": BookingStatus.CONFIRMED, "confirmed_at": now}
        kind, template = BookingEventKind.BOOKED, "opportunities/email/confirmed"
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                session=session, user=actor, booked_at=now, **booking_values
            )
    except IntegrityError:
        raise Conflict("You already have a booking for this session: see My bookings.") from None
    _save_counts(session)
    _event(booking, kind, actor)
    _email(booking, kind, template, session=session)
    return booking


@transaction.atomic
def cancel_booking(*, actor, booking_id: int) -> Booking:
    """Give up a place or leave the waiting list. A freed place goes to the
    first person waiting, who is emailed."""
    try:
        session_id = Booking.objects.values_list("session_id", flat=True).get(pk=booking_id)
    except Booking.DoesNotExist:
        raise Invalid("That booking no longer exists.") from None
    session = _locked_session(session_id)
    booking = Booking.objects.select_related("user").get(pk=booking_id)
    booking.session = session
    if not permissions.can_cancel_booking(actor, booking):
        raise NotAllowed("You can only cancel your own bookings.")
    if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.WAITING):
        raise Conflict("This booking is already cancelled or the session has taken place.")
    if session.state in (SessionStatus.FINISHED, SessionStatus.CANCELLED):
        raise Conflict("This session is over or cancelled: there is nothing to cancel.")
    was_waiting_at = booking.waiting_position
    booking.status = BookingStatus.CANCELLED
    booking.waiting_position = None
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "waiting_position", "cancelled_at", "updated_at"])
    _event(booking, BookingEventKind.CANCELLED, actor)
    if was_waiting_at is not None:
        session.waiting_count -= 1
        session.bookings.filter(
            status=BookingStatus.WAITING, waiting_position__gt=was_waiting_at
        ).update(waiting_position=F("waiting_position") - 1)
    else:
        session.confirmed_count -= 1
        # Once bookings have closed, a freed place stays free: the list is not
        # moved up for a session people can no longer plan to attend.
        if session.state in BOOKABLE:
            _promote_waiting(session, actor=actor)
    _save_counts(session)
    return booking


@transaction.atomic
def mark_attendance(
    *,
    actor,
    session_id: int,
    attended: Iterable[int],
    did_not_attend: Iterable[int],
    meeting_id: int | None = None,
) -> int:
    """Record who came, by booking id, once the session (or the meeting) has
    started. For a session that meets several times, give the meeting; the
    booking's own status then follows whether they came to any meeting.
    Returns how many bookings were marked."""
    session = _locked_session(session_id)
    _require_organiser(actor, session)
    attended, did_not_attend = set(attended), set(did_not_attend)
    if attended & did_not_attend:
        raise Invalid("Each person either attended or did not: choose one.")
    meeting = None
    if meeting_id is not None:
        meeting = session.meetings.filter(pk=meeting_id).first()
        if meeting is None:
            raise Invalid("That meeting is not part of this session.")
    begins = meeting.starts_at if meeting else session.starts_at
    if begins > timezone.now():
        raise Conflict("Attendance can be marked once the session has started.")
    if session.status == SessionStatus.CANCELLED:
        raise Conflict("This session was cancelled.")
    bookings = {
        b.pk: b
        for b in session.bookings.filter(
            pk__in=attended | did_not_attend, status__in=sorted(HOLDS_PLACE)
        )
    }
    missing = (attended | did_not_attend) - set(bookings)
    if missing:
        raise Invalid("Attendance can only be marked for people who hold a place.")
    now = timezone.now()
    for pk, booking in bookings.items():
        came = pk in attended
        if meeting is not None:
            MeetingAttendance.objects.update_or_create(
                booking=booking, meeting=meeting, defaults={"attended": came, "marked_at": now}
            )
            came = booking.attendance.filter(attended=True).exists()
        status = BookingStatus.ATTENDED if came else BookingStatus.DID_NOT_ATTEND
        if booking.status != status:
            booking.status = status
            booking.attendance_marked_at = now
            booking.save(update_fields=["status", "attendance_marked_at", "updated_at"])
            _event(
                booking,
                BookingEventKind.ATTENDED if came else BookingEventKind.DID_NOT_ATTEND,
                actor,
            )
    return len(bookings)


# -- messages and feedback ------------------------------------------------------


def _email_announcement(session: Session, announcement: Announcement, *, template: str) -> int:
    sent = 0
    for booking in session.bookings.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING]
    ).select_related("user"):
        sent += send_once(
            key=(
                "opportunities.announcement",
                f"user:{booking.user_id}",
                f"announcement:{announcement.pk}",
            ),
            to=booking.user.email,
            template=template,
            context={
                "booking": booking,
                "session": session,
                "person": booking.user,
                "announcement": announcement,
                "link": absolute_url(session.get_absolute_url()),
                "bookings_link": absolute_url(reverse("opportunities:mine")),
            },
        )
    Announcement.objects.filter(pk=announcement.pk).update(recipients=sent)
    return sent


def recipients_count(session: Session) -> int:
    """How many people an email to everyone booked would reach."""
    return session.confirmed_count + session.waiting_count


# At most this many organisers' emails to one session's people in 24 hours.
ANNOUNCEMENTS_A_DAY = 3


@transaction.atomic
def email_attendees(*, actor, session_id: int, subject: str, message: str) -> Announcement:
    """An organiser's message to everyone booked or waiting, each emailed once."""
    session = _locked_session(session_id)
    _require_organiser(actor, session)
    subject, message = subject.strip(), message.strip()
    if not subject:
        raise Invalid("Enter a subject.", field="subject")
    if not message:
        raise Invalid("Enter your message.", field="message")
    if not recipients_count(session):
        raise Invalid("Nobody is booked or waiting yet, so there is nobody to email.")
    # The session's row is locked: two sends at once are counted in turn.
    day_ago = timezone.now() - timedelta(days=1)
    if session.announcements.filter(sent_at__gt=day_ago).count() >= ANNOUNCEMENTS_A_DAY:
        raise Conflict(
            f"Everyone on this session has had {ANNOUNCEMENTS_A_DAY} emails from its organisers "
            "in the last 24 hours. Put what else you need to say into one message tomorrow."
        )
    announcement = Announcement.objects.create(
        session=session, author=actor, subject=subject, message=message
    )
    announcement.recipients = _email_announcement(
        session, announcement, template="opportunities/email/announcement"
    )
    return announcement


@transaction.atomic
def submit_feedback(
    *, actor, booking_id: int, will_change: str, usefulness: int, may_share: bool = False
) -> Feedback:
    """An attendee says what they will change in their own service (once)."""
    booking = (
        Booking.objects.select_for_update().select_related("session").filter(pk=booking_id).first()
    )
    if booking is None or booking.user_id != actor.pk:
        raise NotAllowed("You can only give feedback on your own bookings.")
    if booking.status == BookingStatus.DID_NOT_ATTEND or booking.status not in HOLDS_PLACE:
        raise Conflict("Feedback is for people who attended the session.")
    if booking.session.ends_at > timezone.now():
        raise Conflict("You can give feedback once the session has finished.")
    if not 1 <= int(usefulness) <= 5:
        raise Invalid("Choose how useful it was, from 1 to 5.", field="usefulness")
    will_change = will_change.strip()
    if not will_change:
        raise Invalid("Say what you will change in your own service.", field="will_change")
    feedback, created = Feedback.objects.get_or_create(
        booking=booking,
        defaults={
            "will_change": will_change,
            "usefulness": int(usefulness),
            "may_share": may_share,
        },
    )
    if not created:
        raise Conflict("You have already given feedback on this session. Thank you.")
    return feedback


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone with a place, two days before their session starts (once)."""
    now = now or timezone.now()
    sent = 0
    bookings = (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            session__status__in=sorted(BOOKABLE | {SessionStatus.CLOSED}),
            session__starts_at__gt=now,
            session__starts_at__lte=now + REMINDER_BEFORE,
        )
        .select_related("user", "session")
        .order_by("pk")
    )
    for booking in bookings.iterator(chunk_size=500):
        with transaction.atomic():
            sent += _email(booking, "reminder", "opportunities/email/reminder")
    return sent


def send_feedback_requests(*, now: datetime | None = None) -> int:
    """Ask each person marked as attending a finished session for feedback (once)."""
    now = now or timezone.now()
    sent = 0
    bookings = (
        Booking.objects.filter(
            status=BookingStatus.ATTENDED,
            session__ends_at__lte=now,
            session__ends_at__gt=now - FEEDBACK_WINDOW,
            feedback__isnull=True,
        )
        .select_related("user", "session")
        .order_by("pk")
    )
    for booking in bookings.iterator(chunk_size=500):
        with transaction.atomic():
            sent += _email(booking, "feedback", "opportunities/email/feedback_request")
    return sent
