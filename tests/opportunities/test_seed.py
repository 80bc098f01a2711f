"""seed_opportunities: deterministic for a seed, with counts that match the rows."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from opportunities.models import HOLDS_PLACE, Booking, Session
from tests.factories import OrganisationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Session.objects.order_by("calendar_uid").values_list(
            "calendar_uid", "title", "capacity", "confirmed_count", "waiting_count", "status"
        )
    ), sorted(Booking.objects.values_list("session__calendar_uid", "user__email", "status"))


def test_the_same_seed_gives_the_same_rows_and_counts_match(london):
    OrganisationFactory.create_batch(3, region=london)
    TopicFactory.create_batch(4)
    out = io.StringIO()
    call_command("seed_opportunities", sessions=60, bookings=900, seed=7, stdout=out)
    assert "Seeded 60 sessions, 900 bookings" in out.getvalue()
    first = snapshot()
    call_command("seed_opportunities", sessions=60, bookings=900, seed=7, replace=True, stdout=out)
    assert snapshot() == first
    sessions = Session.objects.annotate(
        holding=Count("bookings", filter=Q(bookings__status__in=sorted(HOLDS_PLACE))),
        waiting=Count("bookings", filter=Q(bookings__status="waiting")),
    )
    for session in sessions:
        assert (session.confirmed_count, session.waiting_count) == (
            session.holding,
            session.waiting,
        )
        if session.capacity is not None:
            assert session.confirmed_count <= session.capacity
        positions = sorted(
            session.bookings.filter(status="waiting").values_list("waiting_position", flat=True)
        )
        assert positions == list(range(1, len(positions) + 1))
    assert Session.objects.filter(waiting_count__gt=0).exists()


def test_seeding_over_sessions_needs_replace(london):
    OrganisationFactory(region=london)
    call_command("seed_opportunities", sessions=2, bookings=2, seed=1, stdout=io.StringIO())
    with pytest.raises(Exception, match="use --replace"):
        call_command("seed_opportunities", sessions=2, bookings=2, seed=1, stdout=io.StringIO())
