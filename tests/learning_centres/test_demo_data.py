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


def test_the_demo_coordinators_yearly_summaries_have_figures_to_show(demo_data):
    from learning_centres.summary import year_summary

    # The demo's past events were held 100 to 200 days ago: this year, last year, or both.
    this_year = timezone.localdate().year
    fields = ("events_held", "places_taken", "attended", "feedback_count", "meeting_places")
    later = 0
    for centre in LearningCentre.objects.current():
        both = [year_summary(centre, year) for year in (this_year - 1, this_year)]
        totals = {name: sum(getattr(s, name) for s in both) for name in fields}
        assert totals["events_held"] == len(EventType.values), centre
        assert all(totals.values()), (centre, totals)
        assert sum(s.meeting_attended for s in both), centre
        later += sum(s.later_examples for s in both)
    # Somebody in the demo went on to submit a practice example after their event.
    assert later > 0
