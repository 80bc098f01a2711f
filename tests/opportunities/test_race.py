"""Two people taking the last place at the same moment, on real connections."""

import pytest

from opportunities import services
from opportunities.models import Booking, BookingStatus, Session
from tests.factories import UserFactory
from tests.helpers import run_at_once
from tests.opportunities.factories import SessionFactory, booked


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_get_one_place_and_one_waiting_position(reference_data):
    session = SessionFactory(capacity=2)
    booked(session)
    first, second = UserFactory(), UserFactory()

    outcomes = run_at_once(
        lambda: services.book(actor=first, session_id=session.pk).status,
        lambda: services.book(actor=second, session_id=session.pk).status,
    )

    assert sorted(outcome.get() for outcome in outcomes) == [
        BookingStatus.CONFIRMED,
        BookingStatus.WAITING,
    ]
    session = Session.objects.get(pk=session.pk)
    assert (session.confirmed_count, session.waiting_count, session.status) == (2, 1, "full")
    waiting = Booking.objects.get(session=session, status=BookingStatus.WAITING)
    assert waiting.waiting_position == 1


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_and_a_booking_at_once_never_overbook(reference_data):
    session = SessionFactory(capacity=1)
    holder = booked(session)
    waiting_person, newcomer = UserFactory(), UserFactory()
    services.book(actor=waiting_person, session_id=session.pk)

    outcomes = run_at_once(
        lambda: services.cancel_booking(actor=holder.user, booking_id=holder.pk),
        lambda: services.book(actor=newcomer, session_id=session.pk),
    )
    for outcome in outcomes:
        outcome.get()

    session = Session.objects.get(pk=session.pk)
    assert session.confirmed_count == 1
    confirmed = Booking.objects.get(session=session, status=BookingStatus.CONFIRMED)
    # The person already waiting gets the freed place, whoever came first.
    assert confirmed.user == waiting_person
    assert Booking.objects.get(session=session, user=newcomer).status == BookingStatus.WAITING
