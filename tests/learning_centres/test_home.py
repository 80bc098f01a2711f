"""Finding your region's Learning Centre from the home page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning_centres.home import your_centre
from learning_centres.models import RegionalOffice
from tests.factories import region
from tests.learning_centres.factories import event

pytestmark = pytest.mark.django_db


def test_home_shows_your_regions_centre_and_its_next_events(client_as, london_centre):
    draft = event(london_centre, publish=False, title="Draft: not for staff")
    published = event(london_centre, title="Booked admissions: a workshop")
    page = client_as("staff").get(reverse("home")).text
    assert "Find your region's Learning Centre" in page
    assert london_centre.get_absolute_url() in page
    assert published.get_absolute_url() in page
    assert draft.title not in page


def test_home_says_who_to_ask_when_your_region_has_no_centre(client_as, trent_centre):
    RegionalOffice.objects.create(
        region=region("london"), contact_name="Funmi Adebayo", email="lc@london.ro.nhs.uk"
    )
    page = client_as("staff").get(reverse("home")).text
    assert "London has no Learning Centre at the moment" in page
    assert "Funmi Adebayo" in page


def test_coordinators_get_a_link_to_their_centre(client_as, london_centre):
    assert reverse("learning_centres:mine") in client_as("centre_coordinator").get("/").text
    assert reverse("learning_centres:mine") not in client_as("staff").get("/").text
    response = client_as("centre_coordinator").get(reverse("learning_centres:mine"))
    assert response["Location"] == london_centre.get_absolute_url()


def test_other_coordinators_do_not_see_a_centres_draft_events(client_as, london_centre):
    draft = event(london_centre, publish=False, title="Draft: the coordinator's own")
    for page_of in (reverse("home"), london_centre.get_absolute_url()):
        assert draft.title not in client_as("another_centre_coordinator").get(page_of).text
        assert draft.title not in client_as("staff").get(page_of).text


def test_the_panel_asks_no_other_app_who_organises_what(staff, london_centre):
    event(london_centre, title="Booked admissions: a workshop")
    with CaptureQueriesContext(connection) as captured:
        panel = your_centre(staff)
    assert [session.title for session in panel["events"]] == ["Booked admissions: a workshop"]
    asked = " ".join(q["sql"] for q in captured.captured_queries)
    assert "training_" not in asked and "beacons_" not in asked
