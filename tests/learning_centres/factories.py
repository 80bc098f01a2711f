"""Learning Centres for tests, and the personas' scopes (declared in learning_centres/apps.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from learning_centres import services
from learning_centres.models import Basis, EventType, LearningCentre
from opportunities.models import Booking, BookingStatus, MeetingAttendance, Session
from tests.factories import OrganisationFactory


class LearningCentreFactory(factory.django.DjangoModelFactory):
    """A region's current centre, hosted by an organisation in that region."""

    class Meta:
        model = LearningCentre

    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    basis = Basis.SIGNIFICANT_CHANGE
    basis_detail = "Booked every routine admission, and cancelled operations fell by two thirds."
    known_for = "Booked admissions."
    offers = "Workshops and shadowing."
    contact_email = "learning.centre@trust.nhs.uk"
    contact_phone = "0300 555 0100"


def _coordinate(user) -> LearningCentre:
    return LearningCentreFactory(
        organisation=user.organisation, region=user.organisation.region, coordinator=user
    )


def coordinate_london_centre(user) -> LearningCentre:
    """centre_coordinator runs the London centre, hosted by their own trust."""
    return _coordinate(user)


def coordinate_trent_centre(user) -> LearningCentre:
    """another_centre_coordinator runs the Trent centre."""
    return _coordinate(user)


def soon(days: int = 14, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def event(centre: LearningCentre, *, publish: bool = True, **values) -> Session:
    """An event of the centre, made through the service as its coordinator."""
    starts_at = values.pop("starts_at", soon())
    values.setdefault("event_type", EventType.WORKSHOP)
    values.setdefault("title", "Booked admissions: a workshop")
    values.setdefault("venue", "Education Centre")
    values.setdefault("capacity", 10)
    if values["event_type"] != EventType.ACTION_LEARNING_SET:
        values.setdefault("ends_at", starts_at + timedelta(hours=3))
    else:
        values.setdefault("ends_at", None)
        starts_at = None
    return services.create_event(
        actor=centre.coordinator,
        centre_id=centre.pk,
        starts_at=starts_at,
        publish=publish,
        **values,
    )


def meetings(count: int, first_day: int = 14, gap_days: int = 21):
    """The (start, end) of each meeting of an action learning set, in order."""
    return [
        (soon(first_day + gap_days * n, 13), soon(first_day + gap_days * n, 16))
        for n in range(count)
    ]


def held_action_learning_set(centre: LearningCentre, people_marks, *, year: int) -> Session:
    """A set of three meetings, on 10 March, April and May of the year, that is
    over, with each person's marks by meeting: True came, False missed, None not
    marked (their booking says whether they came to any)."""
    zone = timezone.get_current_timezone()
    session = event(centre, event_type=EventType.ACTION_LEARNING_SET, meetings=meetings(3))
    ordered = list(session.meetings.order_by("starts_at"))
    for month, meeting in zip((3, 4, 5), ordered, strict=True):
        meeting.starts_at = datetime(year, month, 10, 13, tzinfo=zone)
        meeting.ends_at = meeting.starts_at + timedelta(hours=3)
        meeting.save()
    Session.objects.filter(pk=session.pk).update(
        starts_at=ordered[0].starts_at,
        ends_at=ordered[-1].ends_at,
        booking_deadline=ordered[0].starts_at,
    )
    for user, marks in people_marks:
        booking = Booking.objects.create(
            session=session,
            user=user,
            status=BookingStatus.ATTENDED if any(marks) else BookingStatus.DID_NOT_ATTEND,
        )
        for meeting, mark in zip(ordered, marks, strict=True):
            if mark is not None:
                MeetingAttendance.objects.create(booking=booking, meeting=meeting, attended=mark)
    Session.objects.filter(pk=session.pk).update(confirmed_count=len(people_marks))
    session.refresh_from_db()
    return session
