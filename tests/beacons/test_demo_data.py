"""The demo data: Beacons across themes, years and regions, requests in every
state, open days past and upcoming."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from beacons.models import THEMES_FROM_2000, Beacon, Theme, VisitRequest, VisitStatus
from directory.models import Region
from opportunities.models import Kind, Session
from practice_db.models import PracticeExample

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo(demo_data):
    return demo_data


def test_at_least_40_beacons_across_themes_years_and_regions():
    beacons = Beacon.objects.all()
    assert beacons.count() >= 40
    assert set(beacons.values_list("theme", flat=True)) == set(Theme.values)
    assert {1999, 2000, 2001} <= set(beacons.values_list("year", flat=True))
    assert not beacons.filter(year=1999, theme__in=sorted(THEMES_FROM_2000)).exists()
    assert set(beacons.values_list("organisation__region", flat=True)) == set(
        Region.objects.values_list("pk", flat=True)
    )
    assert beacons.filter(designation_ended_on__isnull=False).exists()
    assert Beacon.objects.filter(search_vector__isnull=True).count() == 0


def test_requests_in_every_state_and_staff_has_one_of_each():
    statuses = set(VisitRequest.objects.values_list("status", flat=True))
    assert statuses == set(VisitStatus.values)
    mine = VisitRequest.objects.filter(requester__email="staff@demo.nhs.uk")
    assert set(mine.values_list("status", flat=True)) == set(VisitStatus.values)
    assert VisitRequest.objects.overdue().exists()
    assert VisitRequest.objects.filter(
        beacon__coordinator__email="coordinator@demo.nhs.uk"
    ).exists()


def test_open_days_past_and_upcoming():
    days = Session.objects.filter(
        kind=Kind.BEACON_OPEN_DAY, owner_type=ContentType.objects.get_for_model(Beacon)
    )
    now = timezone.now()
    assert days.filter(ends_at__lt=now).exists() and days.filter(starts_at__gt=now).exists()


def test_beacon_flags_in_the_practice_database_follow_the_links():
    flagged = set(PracticeExample.objects.filter(is_beacon=True).values_list("pk", flat=True))
    linked = set(
        PracticeExample.objects.filter(
            beacon_link__isnull=False, beacon_link__beacon__designation_ended_on__isnull=True
        ).values_list("pk", flat=True)
    )
    assert flagged == linked and flagged
