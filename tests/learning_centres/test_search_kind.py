"""Learning Centres and their events in the header's search over everything:
each group agrees with that kind's own search for the same words."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from learning_centres.models import LearningCentre
from learning_network import site_search
from learning_network.plugins import search_kinds
from opportunities.models import SessionStatus
from tests.helpers import assert_ladder, ladder
from tests.learning_centres.factories import event

pytestmark = pytest.mark.django_db


def heading(label, count):
    return f'{label} <span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">({count})</span>'


def kind(label):
    return next(k for k in search_kinds() if k.label == label)


@pytest.fixture
def world(london_centre, trent_centre):
    """Pre-assessment events of two centres, and what must not be found."""
    LearningCentre.objects.filter(pk=london_centre.pk).update(
        known_for="Nurse-led pre-assessment clinics."
    )
    for n in range(4):
        event(london_centre, title=f"Pre-assessment workshop {n}", description="Run a clinic.")
    event(trent_centre, title="Pre-assessment study day", description="The evidence.")
    event(london_centre, title="Pre-assessment draft secret", publish=False)
    cancelled = event(trent_centre, title="Pre-assessment cancelled secret")
    cancelled.status = SessionStatus.CANCELLED
    cancelled.save(update_fields=["status"])
    event(london_centre, title="Shadowing the discharge team")


def test_the_grouped_page_shows_both_kinds_with_counts_and_links(world, client_as):
    page = client_as("staff").get(reverse("search"), {"q": "pre-assessment"}).text
    assert heading("Learning Centres", 1) in page
    assert heading("Learning Centre events", 5) in page
    assert "See all 5 Learning Centre events" in page
    query = urlencode({"q": "pre-assessment"})
    assert f'href="{reverse("learning_centres:search")}?{query}"' in page
    assert f'href="{reverse("learning_centres:event_search")}?{query}"' in page
    for hidden in ("draft secret", "cancelled secret", "Shadowing the discharge team"):
        assert hidden not in page


def test_a_centre_is_found_by_its_organisation_and_region(world, london_centre, staff):
    group = kind("Learning Centres").run(london_centre.organisation.name, staff, 3)
    assert [hit.url for hit in group.hits] == [london_centre.get_absolute_url()]
    region = kind("Learning Centres").run(london_centre.region.name, staff, 3)
    assert london_centre.get_absolute_url() in [hit.url for hit in region.hits]


def test_a_renamed_host_is_found_by_its_new_name(world, london_centre, staff):
    organisation = london_centre.organisation
    organisation.name = "Zephyrwood Teaching Hospitals"
    organisation.save()
    group = kind("Learning Centres").run("zephyrwood", staff, 3)
    assert [hit.url for hit in group.hits] == [london_centre.get_absolute_url()]


def test_a_replaced_centre_is_not_found(world, london_centre, staff):
    LearningCentre.objects.filter(pk=london_centre.pk).update(replaced_at=timezone.now())
    assert kind("Learning Centres").run("pre-assessment", staff, 3).total == 0


def test_drafts_are_not_found_even_by_their_coordinator(world, centre_coordinator):
    group = kind("Learning Centre events").run("secret", centre_coordinator, 10)
    assert group.total == 0


def test_anonymous_people_find_nothing(world):
    for label in ("Learning Centres", "Learning Centre events"):
        assert kind(label).run("pre-assessment", AnonymousUser(), 10).total == 0


@pytest.mark.parametrize(
    ("label", "url_name"),
    [
        ("Learning Centres", "learning_centres:search"),
        ("Learning Centre events", "learning_centres:event_search"),
    ],
)
@pytest.mark.parametrize("query", ["pre-assessment", "workshop -2", '"study day"', "clinic"])
def test_the_grouped_count_and_order_are_the_kinds_own_search(
    world, client_as, staff, label, url_name, query
):
    group = kind(label).run(site_search.tidy(query), staff, site_search.GROUP_SIZE)
    response = client_as("staff").get(reverse(url_name), {"q": query})
    own = response.context["page"]
    assert group.total == own.paginator.count
    urls = [row.get_absolute_url() for row in own.object_list[: site_search.GROUP_SIZE]]
    assert [hit.url for hit in group.hits] == urls
    for hit in group.hits:
        assert hit.title in response.text


def test_who_may_search_centres_and_events(world, client_as):
    for url_name in ("learning_centres:search", "learning_centres:event_search"):
        assert_ladder(client_as, f"{reverse(url_name)}?q=workshop", ladder(200))


def test_the_own_searches_without_words_show_the_form_only(client_as):
    for url_name in ("learning_centres:search", "learning_centres:event_search"):
        response = client_as("staff").get(reverse(url_name))
        assert response.status_code == 200
        assert response.context["page"] is None


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "a\x00b",
        "'; drop table learning_centres_learningcentre; --",
        "x" * 500,
        '"unclosed',
        "-",
        "!!!",
    ],
)
def test_hostile_words_get_a_page_never_an_error(world, client_as, query):
    client = client_as("staff")
    for url in (
        reverse("search"),
        reverse("learning_centres:search"),
        reverse("learning_centres:event_search"),
    ):
        response = client.get(url, {"q": query, "page": "<script>"})
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.text
