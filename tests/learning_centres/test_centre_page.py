"""A centre's page: its past events with their feedback, those of the centre it
replaced labelled with that centre, and its host organisation's examples."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning_centres import services
from learning_centres.models import Basis, EventType
from opportunities.models import Booking, BookingStatus, Feedback, Session
from tests.factories import OrganisationFactory, PracticeExampleFactory, UserFactory, region
from tests.learning_centres.factories import event, meetings

pytestmark = pytest.mark.django_db


def _held(centre, title, days_ago, feedback):
    """A past event of the centre; feedback is (usefulness, will_change, may_share) per person."""
    session = event(centre, title=title)
    began = timezone.now() - timedelta(days=days_ago)
    Session.objects.filter(pk=session.pk).update(
        starts_at=began, ends_at=began + timedelta(hours=3), booking_deadline=began
    )
    for usefulness, will_change, may_share in feedback:
        booking = Booking.objects.create(
            session=session, user=UserFactory(), status=BookingStatus.ATTENDED
        )
        Feedback.objects.create(
            booking=booking, usefulness=usefulness, will_change=will_change, may_share=may_share
        )
    return session


def test_past_events_show_feedback_and_what_people_agreed_to_share(client_as, london_centre):
    _held(
        london_centre,
        "Booked admissions: what we learned",
        30,
        [(5, "A daily huddle on two wards.", True), (2, "Keep this to ourselves.", False)],
    )
    _held(london_centre, "Study day with no answers", 60, [])
    page = client_as("staff").get(london_centre.get_absolute_url()).text

    assert "Booked admissions: what we learned" in page
    assert "2 attended · usefulness 3.5 out of 5, from 2 answers" in page
    assert "A daily huddle on two wards." in page
    assert "Keep this to ourselves." not in page
    assert "no feedback yet" in page


def test_a_past_event_shows_the_first_three_answers_shared_and_counts_them_all(
    client_as, london_centre
):
    answers = [(4, f"Change number {n}.", True) for n in range(1, 6)]
    _held(london_centre, "Discharge planning workshop", 20, answers)
    page = client_as("staff").get(london_centre.get_absolute_url()).text

    assert "5 attended · usefulness 4.0 out of 5, from 5 answers" in page
    assert all(f"Change number {n}." in page for n in (1, 2, 3))
    assert "Change number 4." not in page and "Change number 5." not in page


def test_an_upcoming_action_learning_set_says_how_many_meetings_it_has(client_as, london_centre):
    event(london_centre, title="Workshop on flow")
    event(
        london_centre,
        title="Action learning on flow",
        event_type=EventType.ACTION_LEARNING_SET,
        meetings=meetings(3),
    )
    page = client_as("staff").get(london_centre.get_absolute_url()).text

    assert "Workshop on flow" in page and "Action learning on flow" in page
    assert page.count("meetings, one booking") == 1
    assert "3 meetings, one booking" in page


def test_the_new_centre_shows_the_old_centres_events_labelled_with_it(
    client_as, london_centre, national_moderator
):
    _held(london_centre, "Joint teams workshop", 40, [(4, "Joint team meetings.", True)])
    successor = OrganisationFactory(region=region("london"), name="Riverside Community Trust")
    new = services.designate_centre(
        actor=national_moderator,
        region_id=london_centre.region_id,
        organisation_id=successor.pk,
        basis=Basis.PEER_LEARNING,
        basis_detail="Caseload review.",
        known_for="Caseload review.",
        contact_email="centre@riverside.nhs.uk",
        replace=True,
    )
    old_name = london_centre.organisation.name

    page = client_as("staff").get(new.get_absolute_url()).text
    assert "Joint teams workshop" in page
    assert f"Run by {old_name}, the region's Learning Centre then" in page

    old_page = client_as("staff").get(london_centre.get_absolute_url()).text
    assert "This was the Learning Centre for London until" in old_page
    assert "Riverside Community Trust" in old_page
    assert "Joint teams workshop" in old_page
    assert "Follow this centre" not in old_page


def test_the_host_organisations_published_examples_and_no_others(client_as, london_centre):
    host = london_centre.organisation
    PracticeExampleFactory(organisation=host, published=True, title="Nurse-led pre-assessment")
    PracticeExampleFactory(organisation=host, draft=True, title="A draft of theirs")
    PracticeExampleFactory(
        organisation=OrganisationFactory(region=region("london")),
        published=True,
        title="Someone else's clinic",
    )
    page = client_as("staff").get(london_centre.get_absolute_url()).text
    assert f"Practice examples from {host.name}" in page
    assert "Nurse-led pre-assessment" in page
    assert "A draft of theirs" not in page
    assert "Someone else" not in page


def test_the_centre_page_asks_no_other_app_who_organises_what(client_as, london_centre):
    event(london_centre, title="Booked admissions: a workshop")
    with CaptureQueriesContext(connection) as captured:
        page = client_as("staff").get(london_centre.get_absolute_url())
    assert "Booked admissions: a workshop" in page.text
    asked = " ".join(q["sql"] for q in captured.captured_queries)
    assert "training_" not in asked and "beacons_" not in asked
