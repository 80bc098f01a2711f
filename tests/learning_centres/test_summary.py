"""The yearly summary: its figures against a count by hand, in a fixed number of statements."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning_centres.models import EventType
from learning_centres.summary import year_summary
from opportunities.models import Booking, BookingStatus, Feedback, Session
from practice_db.models import PracticeExample
from tests.factories import PracticeExampleFactory, UserFactory
from tests.learning_centres.factories import event, held_action_learning_set

pytestmark = pytest.mark.django_db

YEAR = 2025
LONDON = ZoneInfo("Europe/London")


def _held(centre, month, *, capacity, people, **extra):
    """An event of the centre in YEAR, already over, with these people booked."""
    starts_at = datetime(YEAR, month, 10, 9, tzinfo=LONDON)
    session = event(
        centre,
        starts_at=timezone.now() + timedelta(days=5),
        capacity=capacity,
        **extra,
    )
    Session.objects.filter(pk=session.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), booking_deadline=starts_at
    )
    session.refresh_from_db()
    bookings = []
    for user, status, score in people:
        booking = Booking.objects.create(session=session, user=user, status=status)
        if score:
            Feedback.objects.create(booking=booking, will_change="x", usefulness=score)
        bookings.append(booking)
    Session.objects.filter(pk=session.pk).update(confirmed_count=len(people))
    return session


def test_the_years_figures(london_centre, trent_centre):
    ann, bob, cat = UserFactory(), UserFactory(), UserFactory()
    first = _held(
        london_centre,
        3,
        capacity=10,
        people=[
            (ann, BookingStatus.ATTENDED, 5),
            (bob, BookingStatus.ATTENDED, 3),
            (cat, BookingStatus.DID_NOT_ATTEND, None),
        ],
    )
    _held(
        london_centre,
        9,
        capacity=None,
        people=[(ann, BookingStatus.ATTENDED, 4)],
        event_type=EventType.STUDY_DAY,
    )
    # Not counted: another centre's event, a cancelled one, one in another year, a draft.
    _held(trent_centre, 3, capacity=5, people=[(cat, BookingStatus.ATTENDED, 1)])
    cancelled = _held(london_centre, 4, capacity=7, people=[])
    Session.objects.filter(pk=cancelled.pk).update(status="cancelled")
    other_year = _held(london_centre, 5, capacity=7, people=[(bob, BookingStatus.ATTENDED, 1)])
    Session.objects.filter(pk=other_year.pk).update(
        starts_at=other_year.starts_at.replace(year=YEAR - 1),
        ends_at=other_year.ends_at.replace(year=YEAR - 1),
        booking_deadline=other_year.starts_at.replace(year=YEAR - 1),
    )

    # Ann shares an example after her first event (once, though she came twice);
    # Bob's example came before; Cat did not attend; a draft does not count.
    PracticeExampleFactory(submitter=ann, submitted=True)
    PracticeExampleFactory(submitter=bob, submitted=True)
    PracticeExampleFactory(submitter=cat, submitted=True)
    PracticeExampleFactory(submitter=bob, draft=True)
    PracticeExample.objects.filter(submitter=ann).update(
        created_at=first.ends_at + timedelta(days=30)
    )
    PracticeExample.objects.filter(submitter=bob, status="submitted").update(
        created_at=first.starts_at - timedelta(days=30)
    )
    PracticeExample.objects.filter(submitter=bob, status="draft").update(
        created_at=first.ends_at + timedelta(days=30)
    )

    with CaptureQueriesContext(connection) as queries:
        summary = year_summary(london_centre, YEAR)
    assert len(queries) <= 6  # the content type may be cached already

    assert summary.events_held == 2
    assert summary.places_offered == 10
    assert summary.unlimited_events == 1
    assert summary.places_taken == 4
    assert summary.attended == 3
    assert summary.attendance_rate == pytest.approx(0.75)
    assert summary.feedback_count == 3
    assert summary.mean_feedback == pytest.approx(4.0)
    assert summary.later_examples == 1


def test_a_year_with_nothing_held(london_centre):
    summary = year_summary(london_centre, YEAR)
    assert (summary.events_held, summary.places_taken, summary.later_examples) == (0, 0, 0)
    assert summary.attendance_rate is None and summary.mean_feedback is None


def test_the_summary_page_shows_the_figures(client_as, london_centre):
    from django.urls import reverse

    london_centre.designated_at = datetime(YEAR - 1, 6, 1, tzinfo=LONDON)
    london_centre.save()
    people = [(UserFactory(), BookingStatus.ATTENDED, 5), (UserFactory(), "did_not_attend", None)]
    _held(london_centre, 3, capacity=10, people=people)

    response = client_as("centre_coordinator").get(
        reverse("learning_centres:summary", args=[london_centre.pk]), {"year": YEAR}
    )
    assert response.status_code == 200
    assert f"{YEAR} in figures" in response.text
    assert "50%: 1 of 2 people with a place came" in response.text
    assert "5.0 out of 5 on average, from 1 answer" in response.text


def _action_learning_set_in_year(centre, people_marks):
    return held_action_learning_set(centre, people_marks, year=YEAR)


def test_an_action_learning_sets_attendance_is_counted_meeting_by_meeting(london_centre):
    ann, bob = UserFactory(), UserFactory()
    # Ann came to the first and last meetings; Bob missed the first and was not marked after.
    _action_learning_set_in_year(
        london_centre, [(ann, [True, False, True]), (bob, [False, None, None])]
    )
    # A workshop the same year has no meetings to count.
    _held(london_centre, 6, capacity=10, people=[(UserFactory(), BookingStatus.ATTENDED, 4)])

    with CaptureQueriesContext(connection) as queries:
        summary = year_summary(london_centre, YEAR)
    assert len(queries) <= 6

    assert summary.events_held == 2
    assert (summary.places_taken, summary.attended) == (3, 2)
    # Two people on three meetings: six places at meetings, two of them attended.
    assert (summary.meeting_places, summary.meeting_attended) == (6, 2)
    assert summary.meeting_attendance_rate == pytest.approx(2 / 6)


def test_a_year_without_action_learning_sets_has_no_meeting_figures(client_as, london_centre):
    from django.urls import reverse

    _held(london_centre, 6, capacity=10, people=[(UserFactory(), BookingStatus.ATTENDED, 4)])
    summary = year_summary(london_centre, YEAR)
    assert (summary.meeting_places, summary.meeting_attendance_rate) == (0, None)
    london_centre.designated_at = datetime(YEAR - 1, 6, 1, tzinfo=LONDON)
    london_centre.save()
    page = client_as("centre_coordinator").get(
        reverse("learning_centres:summary", args=[london_centre.pk]), {"year": YEAR}
    )
    assert "Action learning set meetings" not in page.text


def test_the_summary_page_shows_meeting_attendance(client_as, london_centre):
    from django.urls import reverse

    london_centre.designated_at = datetime(YEAR - 1, 6, 1, tzinfo=LONDON)
    london_centre.save()
    _action_learning_set_in_year(
        london_centre, [(UserFactory(), [True, True, False]), (UserFactory(), [True, None, True])]
    )
    response = client_as("centre_coordinator").get(
        reverse("learning_centres:summary", args=[london_centre.pk]), {"year": YEAR}
    )
    assert response.status_code == 200
    assert "67%: 4 of 6 places at meetings were attended" in response.text
