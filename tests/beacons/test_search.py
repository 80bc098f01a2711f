"""Finding a Beacon: words, facets with counts, and a constant number of statements."""

import pytest
from django.urls import reverse

from beacons.models import Beacon, Theme
from tests.beacons.factories import BeaconFactory, VisitRequestFactory, open_day
from tests.factories import OrganisationFactory, region
from tests.helpers import assert_same_query_count

pytestmark = pytest.mark.django_db
URL = reverse("beacons:index")


@pytest.fixture
def beacons(db):
    london, trent = region("london"), region("trent")
    thames = OrganisationFactory(name="Thames Heart Hospitals NHS Trust", region=london)
    sherwood = OrganisationFactory(name="Sherwood Vale Hospitals NHS Trust", region=trent)
    made = []
    for n in range(12):
        made.append(
            BeaconFactory(
                organisation=thames if n % 3 else sherwood,
                theme=[Theme.STROKE, Theme.CANCER, Theme.PRIMARY_CARE][n % 3],
                year=1999 if n % 3 else 2000,
                service_name=f"Service {n}",
                what_it_does="Patients reach the stroke unit within four hours."
                if n % 3 == 0
                else "A one-stop clinic.",
            )
        )
    BeaconFactory(ended=True, organisation=thames, theme=Theme.STROKE, service_name="Gone")
    return made


def names(response) -> list[str]:
    return [b.service_name for b in response.context["page"].object_list]


def counts(response, facet: str) -> dict[str, int]:
    for name, _, values in response.context["facets"]:
        if name == facet:
            return {v.value: v.count for v in values}
    raise AssertionError(facet)


def test_words_use_web_search_syntax_and_stemming(client_as, beacons):
    client = client_as("staff")
    found = names(client.get(URL, {"q": "strokes"}))
    assert sorted(found) == sorted(b.service_name for b in beacons[::3])
    assert names(client.get(URL, {"q": "stroke -unit"})) == []
    assert len(names(client.get(URL, {"q": '"one-stop clinic" or stroke'}))) == 12


def test_facet_counts_match_a_brute_force_count(client_as, beacons):
    london = region("london")
    response = client_as("staff").get(URL, {"theme": "cancer", "region": london.pk})
    chosen = Beacon.objects.designated().filter(theme="cancer", organisation__region=london)
    assert sorted(names(response)) == sorted(b.service_name for b in chosen)
    # Each facet's counts apply the other facets' filters, not its own.
    live = Beacon.objects.designated()
    assert counts(response, "theme") == {
        theme: live.filter(theme=theme, organisation__region=london).count()
        for theme in ("cancer", "primary_care")
    }
    assert counts(response, "region") == {
        str(region_id): live.filter(theme="cancer", organisation__region_id=region_id).count()
        for region_id in [london.pk]
    }
    assert counts(response, "year") == {"1999": chosen.count()}


def test_ended_designations_are_left_out_unless_asked_for(client_as, beacons):
    client = client_as("staff")
    assert "Gone" not in names(client.get(URL, {"theme": "stroke"}))
    assert "Gone" in names(client.get(URL, {"theme": "stroke", "ended": "yes"}))


def test_organisation_filter(client_as, beacons):
    sherwood = beacons[0].organisation
    response = client_as("staff").get(URL, {"organisation": sherwood.pk})
    assert {b.organisation_id for b in response.context["page"].object_list} == {sherwood.pk}


def test_the_list_runs_the_same_statements_for_3_or_30_beacons(client_as):
    assert_same_query_count(
        lambda n: [BeaconFactory() for _ in range(n)], URL, client_as("staff"), at_most=12
    )


def test_the_coordinators_page_runs_the_same_statements_for_3_or_30_requests(client_as, beacon):
    def make(n):
        for _ in range(n):
            VisitRequestFactory(beacon=beacon)
            open_day(beacon)

    assert_same_query_count(
        make, reverse("beacons:manage", args=[beacon.pk]), client_as("beacon_coordinator")
    )


def test_my_requests_runs_the_same_statements_for_3_or_30(client_as, staff):
    assert_same_query_count(
        lambda n: [VisitRequestFactory(requester=staff) for _ in range(n)],
        reverse("beacons:my_requests"),
        client_as("staff"),
    )


def test_the_overdue_list_runs_the_same_statements_for_3_or_30(client_as):
    from datetime import timedelta

    from django.utils import timezone

    assert_same_query_count(
        lambda n: [
            VisitRequestFactory(requested_at=timezone.now() - timedelta(days=9)) for _ in range(n)
        ],
        reverse("beacons:overdue"),
        client_as("national_moderator"),
    )
