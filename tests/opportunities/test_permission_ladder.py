"""Every page of the booking engine, tried by every persona.

The stand-in owning app (tests/opportunities/conftest.py) says a coordinator
runs the sessions their own organisation owns. So on a session owned by the
Trent trust, the `coordinator` persona (who works there) is the session's
organiser; on a session owned by the London trust, the same persona is
another organiser, with no say over it. Staff, moderators (regional and
national), the editor and the site admin see published sessions and book
them but run none; anonymous visitors are sent to sign in, except with a
feed key.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.feeds import BOOKINGS, feed_key
from opportunities.models import Booking, BookingStatus, Feedback
from tests.conftest import PERSONAS
from tests.factories import UserFactory
from tests.helpers import assert_ladder, ladder
from tests.opportunities.factories import SessionFactory, booked

pytestmark = pytest.mark.django_db

ORGANISER_PAGES = [
    "manage",
    "attendees_csv",
    "attendance",
    "capacity",
    "email",
    "cancel_session",
    "feedback_summary",
    "edit",
]


@pytest.fixture
def trent_session(trent_trust):
    """A published session that the coordinator persona runs."""
    session = SessionFactory(organisation=trent_trust, capacity=20)
    booked(session)
    return session


@pytest.fixture
def london_session(london_trust):
    """A published session run by somebody else."""
    return SessionFactory(organisation=london_trust, capacity=20)


def urls(session, names):
    return [reverse(f"opportunities:{name}", args=[session.pk]) for name in names]


def test_staff_pages_are_for_everyone_signed_in(client_as, trent_session):
    assert_ladder(
        client_as,
        [
            reverse("opportunities:calendar"),
            reverse("opportunities:mine"),
            reverse("opportunities:feed"),
            *urls(trent_session, ["session", "ics"]),
        ],
        ladder(200),
    )


def test_the_sessions_organiser_alone_runs_its_bookings(client_as, trent_session):
    assert_ladder(client_as, urls(trent_session, ORGANISER_PAGES), ladder(403, coordinator=200))


def test_another_organiser_cannot_run_a_session_they_do_not_organise(client_as, london_session):
    assert_ladder(client_as, urls(london_session, ORGANISER_PAGES), ladder(403))


def test_a_draft_is_seen_by_its_organiser_only(client_as, trent_trust):
    draft = SessionFactory(organisation=trent_trust, draft=True)
    assert_ladder(
        client_as,
        urls(draft, ["session", "ics", *ORGANISER_PAGES]),
        ladder(404, coordinator=200),
    )


def test_organiser_changes_are_refused_to_everyone_else(client_as, london_session):
    """POSTs that would change someone else's session: 403, and nothing changes."""
    assert_ladder(
        client_as,
        urls(london_session, ["capacity", "cancel_session", "publish", "email", "edit"]),
        ladder(403),
        method="post",
        data={
            "capacity": "1",
            "reason": "Mine now",
            "subject": "x",
            "message": "y",
            "step": "send",
        },
    )
    london_session.refresh_from_db()
    assert (london_session.capacity, london_session.status) == (20, "open")


def test_the_organiser_may_cancel_their_session(client_as, trent_session):
    assert_ladder(
        client_as,
        urls(trent_session, ["cancel_session"]),
        {"coordinator": 302},
        method="post",
        data={"reason": "The speaker is unwell."},
    )
    trent_session.refresh_from_db()
    assert trent_session.status == "cancelled"


def test_everyone_signed_in_may_book(client_as, london_session):
    assert_ladder(client_as, urls(london_session, ["book"]), ladder(302), method="post")
    people = len(PERSONAS) - 1
    assert Booking.objects.filter(session=london_session).count() == people


def test_a_booking_is_its_owners_to_cancel_and_review(client_as, london_session):
    """Someone else's booking is a 404 (nobody learns it exists); the person's own is theirs."""
    other = booked(london_session, UserFactory())
    pages = [
        reverse("opportunities:cancel_booking", args=[other.pk]),
        reverse("opportunities:feedback", args=[other.pk]),
    ]
    assert_ladder(client_as, pages, ladder(404))
    assert_ladder(client_as, pages[:1], ladder(404), method="post")
    other.refresh_from_db()
    assert other.status == BookingStatus.CONFIRMED


def test_own_booking_pages_answer_their_owner(client_as, staff, london_session):
    mine = booked(london_session, staff)
    pages = [
        reverse("opportunities:cancel_booking", args=[mine.pk]),
        reverse("opportunities:feedback", args=[mine.pk]),
    ]
    assert_ladder(client_as, pages, ladder(404, staff=200))


def test_feedback_summary_shows_answers_to_the_organiser_only(client_as, trent_trust):
    past = SessionFactory(organisation=trent_trust, past=True)
    attended = booked(past, status=BookingStatus.ATTENDED)
    Feedback.objects.create(
        booking=attended, will_change="Nurse-led discharge on ward 4", usefulness=5
    )
    assert_ladder(
        client_as,
        urls(past, ["feedback_summary"]),
        ladder(403, coordinator=200),
        contains="Nurse-led discharge on ward 4",
    )


def test_the_feed_answers_a_key_without_a_session_cookie(client, staff, london_session):
    booked(london_session, staff)
    url = reverse("opportunities:feed")
    assert client.get(url).status_code == 302  # no key, no session: sign in
    answer = client.get(url, {"key": feed_key(staff, BOOKINGS)})
    assert answer.status_code == 200
    assert london_session.calendar_uid.encode() in answer.content


def test_a_finished_session_can_have_attendance_marked(client_as, trent_trust):
    session = SessionFactory(
        organisation=trent_trust,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        booking_deadline=timezone.now() - timedelta(days=1),
    )
    holder = booked(session)
    assert_ladder(
        client_as,
        urls(session, ["attendance"]),
        ladder(403, coordinator=302),
        method="post",
        data={f"booking_{holder.pk}": "attended"},
    )
    holder.refresh_from_db()
    assert holder.status == BookingStatus.ATTENDED
