"""The regions page, a centre's page and the home panel run the same statements
for 3 events (or centres) as for 30."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from directory.models import Region
from learning_centres.models import CentreEvent, EventType, LearningCentre
from opportunities.models import Booking, BookingStatus, Feedback, Meeting, Session
from tests.factories import OrganisationFactory, PracticeExampleFactory, UserFactory
from tests.helpers import assert_same_query_count

pytestmark = pytest.mark.django_db


def _events(centre, count, *, past):
    content_type = ContentType.objects.get_for_model(LearningCentre)
    for n in range(count):
        offset = timedelta(days=-(n + 2) * 5 if past else (n + 2) * 5)
        starts_at = timezone.now() + offset
        session = Session.objects.create(
            kind="learning_centre_event",
            title=f"Event {n}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            booking_deadline=starts_at,
            region_id=centre.region_id,
            organisation_id=centre.organisation_id,
            owner_type=content_type,
            owner_id=centre.pk,
            status="open",
            capacity=10,
            confirmed_count=1,
            venue="Hall",
        )
        CentreEvent.objects.create(
            session=session, centre=centre, event_type=EventType.ACTION_LEARNING_SET
        )
        Meeting.objects.create(session=session, starts_at=starts_at, ends_at=session.ends_at)
        booking = Booking.objects.create(
            session=session,
            user=UserFactory(),
            status=BookingStatus.ATTENDED if past else BookingStatus.CONFIRMED,
        )
        if past:
            Feedback.objects.create(
                booking=booking, will_change="Start a huddle.", usefulness=4, may_share=True
            )
        PracticeExampleFactory(organisation=centre.organisation, published=True, topics=[])


def test_centre_page_runs_the_same_statements_for_3_events_or_30(client_as, london_centre):
    def make(count):
        _events(london_centre, count, past=False)
        _events(london_centre, count, past=True)

    assert_same_query_count(
        make, london_centre.get_absolute_url(), client_as("centre_coordinator"), at_most=20
    )


def test_regions_page_runs_the_same_statements_whatever_the_centres(client_as):
    regions = list(Region.objects.order_by("pk"))

    def make(count):
        # Current centres fill the regions; replaced ones pile up beside them.
        for n in range(count):
            region = regions[n % len(regions)]
            current = LearningCentre.objects.current().filter(region=region).first()
            if current:
                LearningCentre.objects.filter(pk=current.pk).update(replaced_at=timezone.now())
            LearningCentre.objects.create(
                organisation=OrganisationFactory(region=region),
                region=region,
                basis="peer_learning",
                basis_detail="Peer groups.",
                known_for="Peer groups.",
                contact_email="c@trust.nhs.uk",
                coordinator=UserFactory(),
            )

    assert_same_query_count(
        make, reverse("learning_centres:regions"), client_as("staff"), small=2, at_most=8
    )


def test_home_panel_runs_the_same_statements_for_3_events_or_30(client_as, london_centre):
    assert_same_query_count(
        lambda count: _events(london_centre, count, past=False),
        reverse("home"),
        client_as("staff"),
    )
