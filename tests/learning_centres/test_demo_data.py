"""The demo: a centre in seven of the eight regions, past and upcoming events of every kind."""

import pytest
from django.utils import timezone

from directory.models import Region
from learning_centres.models import CentreEvent, EventType, LearningCentre, RegionalOffice

pytestmark = pytest.mark.django_db


def test_seven_regions_have_a_centre_and_every_region_an_office(demo_data):
    with_centre = set(LearningCentre.objects.current().values_list("region__slug", flat=True))
    assert len(with_centre) == 7
    assert set(Region.objects.values_list("slug", flat=True)) - with_centre == {"south-west"}
    assert RegionalOffice.objects.count() == 8
    assert LearningCentre.objects.filter(replaced_at__isnull=False).exists()


def test_every_centre_has_past_and_upcoming_events_of_every_kind(demo_data):
    now = timezone.now()
    for centre in LearningCentre.objects.current():
        events = CentreEvent.objects.filter(centre=centre).select_related("session")
        past = {e.event_type for e in events if e.session.ends_at < now}
        upcoming = {e.event_type for e in events if e.session.starts_at > now}
        assert past == set(EventType.values), centre
        assert upcoming == set(EventType.values), centre
        for e in events.filter(event_type=EventType.ACTION_LEARNING_SET):
            assert e.session.meetings.count() >= 2


def test_each_demo_coordinator_runs_their_regions_current_centre(demo_data):
    for centre in LearningCentre.objects.current().select_related("coordinator", "region"):
        assert centre.coordinator.email == f"centre.{centre.region.slug}@demo.nhs.uk"
