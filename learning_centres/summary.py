"""A centre's year in figures, for its coordinator.

Five statements, whatever the number of events or attendees:

1. the events held (sessions of the centre that ended in the year, not
   cancelled): how many, the places offered (the sum of the capacities, and
   how many had no limit) and taken (the engine's `confirmed_count`, kept on
   the session row);
2. over those events' bookings that hold a place: how many people came
   (status attended), the mean usefulness of their feedback, and how many
   gave it;
3. how many different people who attended went on to submit a practice
   example (any status but draft) created after their event ended: an
   EXISTS over practice_db's PracticeExample by submitter, which the
   foreign key's index answers;
4. and 5. for the action learning sets among them, attendance meeting by
   meeting: the places at meetings (each set's places taken times its
   meetings, one row per meeting in the join) and how many of those were
   marked as attended (`opportunities.MeetingAttendance`). A meeting nobody
   marked counts as missed, as an unmarked booking does in 2.

A person who attended two events and then shared one example counts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from learning_centres.models import LearningCentre
from opportunities.models import (
    HOLDS_PLACE,
    Booking,
    BookingStatus,
    MeetingAttendance,
    Session,
    SessionStatus,
)
from practice_db.models import PracticeExample, Status


@dataclass(frozen=True)
class YearSummary:
    year: int
    events_held: int
    places_offered: int
    unlimited_events: int
    places_taken: int
    attended: int
    feedback_count: int
    mean_feedback: float | None
    later_examples: int
    # Action learning sets, meeting by meeting: a place at a meeting is one
    # person with a place on the set and one of its meetings.
    meeting_places: int = 0
    meeting_attended: int = 0

    @property
    def attendance_rate(self) -> float | None:
        """People who came, of the people who held a place; None before anyone did."""
        return self.attended / self.places_taken if self.places_taken else None

    @property
    def meeting_attendance_rate(self) -> float | None:
        """Places at action learning set meetings that were attended; None without any."""
        return self.meeting_attended / self.meeting_places if self.meeting_places else None


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def held_sessions(centre: LearningCentre, year: int, *, now: datetime | None = None):
    """The centre's events that ended in the year (and before now), not cancelled or draft."""
    start, end = _year_bounds(year)
    now = now or timezone.now()
    return Session.objects.filter(
        owner_type=ContentType.objects.get_for_model(LearningCentre),
        owner_id=centre.pk,
        ends_at__gte=start,
        ends_at__lt=min(end, now),
    ).exclude(status__in=[SessionStatus.DRAFT, SessionStatus.CANCELLED])


def year_summary(centre: LearningCentre, year: int, *, now: datetime | None = None) -> YearSummary:
    sessions = held_sessions(centre, year, now=now)
    totals = sessions.aggregate(
        events=Count("pk"),
        offered=Sum("capacity"),
        unlimited=Count("pk", filter=Q(capacity__isnull=True)),
        taken=Sum("confirmed_count"),
    )
    bookings = Booking.objects.filter(session__in=sessions, status__in=sorted(HOLDS_PLACE))
    people = bookings.aggregate(
        attended=Count("pk", filter=Q(status=BookingStatus.ATTENDED)),
        answers=Count("feedback"),
        mean=Avg("feedback__usefulness"),
    )
    later = (
        bookings.filter(status=BookingStatus.ATTENDED)
        .filter(
            Exists(
                PracticeExample.objects.filter(
                    submitter_id=OuterRef("user_id"),
                    created_at__gt=OuterRef("session__ends_at"),
                ).exclude(status=Status.DRAFT)
            )
        )
        .aggregate(people=Count("user_id", distinct=True))
    )
    # One row per meeting of each set: its places taken, once per meeting.
    meeting_places = sessions.filter(meetings__isnull=False).aggregate(
        places=Sum("confirmed_count")
    )["places"]
    meeting_attended = MeetingAttendance.objects.filter(
        meeting__session__in=sessions, attended=True, booking__status__in=sorted(HOLDS_PLACE)
    ).count()
    return YearSummary(
        year=year,
        events_held=totals["events"],
        places_offered=totals["offered"] or 0,
        unlimited_events=totals["unlimited"],
        places_taken=totals["taken"] or 0,
        attended=people["attended"],
        feedback_count=people["answers"],
        mean_feedback=people["mean"],
        later_examples=later["people"],
        meeting_places=meeting_places or 0,
        meeting_attended=meeting_attended,
    )
