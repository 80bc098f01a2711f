"""What a centre's page keeps in the pages cache: its host organisation's
examples as HTML, until what is published changes. Its events, their places
and the reader's own state are read on every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opportunities import services as engine
from tests.factories import PracticeExampleFactory
from tests.helpers import publish_as_moderator
from tests.learning_centres.factories import event

pytestmark = [pytest.mark.django_db, pytest.mark.pages_cache]


def test_the_next_reader_reads_no_examples(client_as, london_centre):
    PracticeExampleFactory(
        organisation=london_centre.organisation, published=True, title="Nurse-led pre-assessment"
    )
    url = london_centre.get_absolute_url()
    assert "Nurse-led pre-assessment" in client_as("staff").get(url).text
    with CaptureQueriesContext(connection) as captured:
        page = client_as("centre_coordinator").get(url).text
    assert "Nurse-led pre-assessment" in page
    assert not [q for q in captured.captured_queries if "practice_db_practiceexample" in q["sql"]]


def test_the_hosts_newly_published_example_is_listed_at_once(
    client_as, london_centre, staff, moderator_london, django_capture_on_commit_callbacks
):
    client = client_as("staff")
    url = london_centre.get_absolute_url()
    assert "has not published an example in the practice database yet" in client.get(url).text
    publish_as_moderator(
        moderator_london,
        django_capture_on_commit_callbacks,
        title="Nurse-led pre-assessment",
        submitter=staff,
        organisation=london_centre.organisation,
    )
    page = client.get(url).text
    assert "Nurse-led pre-assessment" in page
    assert "has not published an example" not in page


def test_places_left_change_at_once(client_as, london_centre, staff):
    event(london_centre, title="Booked admissions: a workshop", capacity=10)
    url = london_centre.get_absolute_url()
    client = client_as("staff")
    assert "10 places left" in client.get(url).text
    session = london_centre.events.get().session
    engine.book(actor=staff, session_id=session.pk)
    assert "9 places left" in client.get(url).text
