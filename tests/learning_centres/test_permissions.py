"""Every Learning Centre page, asked as every persona."""

import pytest
from django.urls import reverse

from learning_centres.models import EventType
from opportunities import permissions as engine_rules
from tests.helpers import assert_ladder, ladder
from tests.learning_centres.factories import event

pytestmark = pytest.mark.django_db

COORDINATES_LONDON = {"centre_coordinator"}


def test_regions_page_is_for_every_signed_in_person(client_as):
    assert_ladder(client_as, reverse("learning_centres:regions"), ladder(200))


def test_centre_page_is_for_every_signed_in_person(client_as, london_centre, trent_centre):
    urls = [london_centre.get_absolute_url(), trent_centre.get_absolute_url()]
    assert_ladder(client_as, urls, ladder(200), contains="Upcoming events")


def test_anyone_signed_in_may_follow(client_as, london_centre):
    url = reverse("learning_centres:follow", args=[london_centre.pk])
    assert_ladder(client_as, url, ladder(302), method="post", data={"action": "follow"})


def test_only_site_admins_and_national_moderators_designate(client_as, london_centre):
    url = reverse("learning_centres:designate", args=["london"])
    assert_ladder(client_as, url, ladder(403, national_moderator=200, site_admin=200))
    # A POST with nothing in it is a form with errors for them, refused for the rest.
    assert_ladder(
        client_as, url, ladder(403, national_moderator=400, site_admin=400), method="post"
    )


def test_only_this_centres_coordinator_adds_events(client_as, london_centre, trent_centre):
    url = reverse("learning_centres:create_event", args=[london_centre.pk])
    assert_ladder(client_as, url, ladder(403, centre_coordinator=200))
    assert_ladder(client_as, url, ladder(403, centre_coordinator=400), method="post")


def test_only_this_centres_coordinator_publishes_its_drafts(client_as, london_centre, trent_centre):
    draft = event(london_centre, publish=False)
    url = reverse("learning_centres:publish_event", args=[london_centre.pk, draft.pk])
    assert_ladder(client_as, url, ladder(403, centre_coordinator=302), method="post")
    draft.refresh_from_db()
    assert draft.status == "open"


def test_summary_is_for_the_coordinator_and_those_who_designate(
    client_as, london_centre, trent_centre
):
    url = reverse("learning_centres:summary", args=[london_centre.pk])
    expected = ladder(403, centre_coordinator=200, national_moderator=200, site_admin=200)
    assert_ladder(client_as, url, expected, contains="Events held")


def test_your_centre_link_is_for_coordinators_of_a_centre(client_as, london_centre, trent_centre):
    url = reverse("learning_centres:mine")
    assert_ladder(
        client_as, url, ladder(403, centre_coordinator=302, another_centre_coordinator=302)
    )


def test_a_missing_centre_is_a_404(client_as):
    assert (
        client_as("staff").get(reverse("learning_centres:centre", args=[999999])).status_code == 404
    )


def test_engine_asks_this_app_who_organises_a_centre_event(
    london_centre,
    trent_centre,
    centre_coordinator,
    another_centre_coordinator,
    coordinator,
    national_moderator,
):
    session = event(london_centre, event_type=EventType.STUDY_DAY)
    assert engine_rules.can_organise(centre_coordinator, session)
    assert not engine_rules.can_organise(another_centre_coordinator, session)
    assert not engine_rules.can_organise(coordinator, session)
    assert not engine_rules.can_organise(national_moderator, session)


def test_engine_session_page_of_a_draft_is_for_its_coordinator_only(
    client_as, london_centre, trent_centre
):
    draft = event(london_centre, publish=False)
    assert_ladder(client_as, draft.get_absolute_url(), ladder(404, centre_coordinator=200))
