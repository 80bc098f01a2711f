"""Beacons in the header's search over everything: the grouped page agrees with
the Beacons page's own search for the same words."""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from learning_network import site_search
from learning_network.plugins import search_kinds
from tests.beacons.factories import BeaconFactory

pytestmark = pytest.mark.django_db

HEADING = 'Beacons <span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">({})</span>'


@pytest.fixture
def stroke_beacons(london_trust):
    for n in range(5):
        BeaconFactory(
            organisation=london_trust,
            service_name=f"Stroke rehabilitation service {n}",
            what_others_can_learn="How early supported discharge after a stroke works.",
        )
    BeaconFactory(
        organisation=london_trust,
        service_name="Stroke service whose designation ended",
        ended=True,
    )
    BeaconFactory(organisation=london_trust, service_name="Falls prevention service")


def kind():
    return next(k for k in search_kinds() if k.label == "Beacons")


def test_the_grouped_page_shows_the_count_best_few_and_a_link_to_the_beacons_search(
    stroke_beacons, client_as
):
    page = client_as("staff").get(reverse("search"), {"q": "stroke"}).text
    assert HEADING.format(5) in page
    assert page.count(">Stroke rehabilitation service ") == site_search.GROUP_SIZE
    assert "See all 5 beacons" in page
    assert f'href="{reverse("beacons:index")}?{urlencode({"q": "stroke"})}"' in page
    assert "Falls prevention service" not in page


def test_an_ended_designation_is_not_found(stroke_beacons, staff):
    group = kind().run("designation ended", staff, 10)
    assert group.total == 0 and group.hits == ()


def test_anonymous_people_find_no_beacons(stroke_beacons):
    from django.contrib.auth.models import AnonymousUser

    assert kind().run("stroke", AnonymousUser(), 10).total == 0


@pytest.mark.parametrize("query", ["stroke", "stroke -4", '"early supported"', "falls"])
def test_the_grouped_count_and_order_are_the_beacons_search(
    stroke_beacons, client_as, staff, query
):
    client = client_as("staff")
    group = kind().run(site_search.tidy(query), staff, site_search.GROUP_SIZE)
    own = client.get(reverse("beacons:index"), {"q": query}).context["page"]
    assert group.total == own.paginator.count
    titles = [beacon.service_name for beacon in own.object_list[: site_search.GROUP_SIZE]]
    assert [hit.title for hit in group.hits] == titles


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "a\x00b",
        "'; drop table beacons_beacon; --",
        "x" * 500,
        '"unclosed',
        "-",
        "!!!",
    ],
)
def test_hostile_words_get_a_page_never_an_error(stroke_beacons, client_as, query):
    client = client_as("staff")
    for url in (reverse("search"), reverse("beacons:index")):
        response = client.get(url, {"q": query})
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.text
