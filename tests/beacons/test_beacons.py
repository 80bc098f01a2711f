"""Designation, the practice link, open days on the engine, what visitors took away."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from beacons import calendar, services
from beacons.models import Beacon, BeaconExample, SpreadExample, VisitOutcome
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import permissions as engine_rules
from opportunities import services as engine
from opportunities.models import Booking, BookingStatus, Feedback, Kind, Session, SessionStatus
from practice_db.models import PracticeExample, Status
from tests.beacons.factories import VisitRequestFactory, open_day
from tests.factories import PracticeExampleFactory, UserFactory

pytestmark = pytest.mark.django_db


def designate(actor, coordinator, organisation, **changes):
    values = {
        "organisation_id": organisation.pk,
        "service_name": "Stroke unit",
        "theme": "stroke",
        "year": 2000,
        "coordinator": coordinator,
        "what_it_does": "A stroke unit.",
        "what_others_can_learn": "The daily routine.",
    } | changes
    return services.designate_beacon(actor=actor, **values)


def test_national_moderators_designate_and_the_coordinator_gets_the_role(
    national_moderator, london_trust
):
    person = UserFactory()
    beacon = designate(national_moderator, person, london_trust)
    assert (beacon.coordinator, beacon.designated_by, beacon.is_designated) == (
        person,
        national_moderator,
        True,
    )
    assert person.groups.filter(name="Coordinator").exists()


@pytest.mark.parametrize("persona", ["staff", "moderator_london", "beacon_coordinator"])
def test_others_cannot_designate(request, persona, london_trust):
    with pytest.raises(NotAllowed):
        designate(request.getfixturevalue(persona), UserFactory(), london_trust)
    assert not Beacon.objects.filter(service_name="Stroke unit").exists()


def test_a_2000_theme_cannot_be_designated_in_1999(national_moderator, london_trust):
    with pytest.raises(Invalid, match="2000/01"):
        designate(national_moderator, UserFactory(), london_trust, year=1999)


def test_ending_a_designation_keeps_the_page_and_marks_it(client_as, national_moderator, beacon):
    services.end_designation(actor=national_moderator, beacon_id=beacon.pk, reason="Term ended.")
    page = client_as("staff").get(beacon.get_absolute_url())
    assert page.status_code == 200
    assert "Designation ended" in page.content.decode()
    assert "Ask to visit" not in page.content.decode()
    with pytest.raises(Conflict):
        services.end_designation(actor=national_moderator, beacon_id=beacon.pk, reason="Again")


def test_linking_an_example_keeps_the_practice_beacon_flag_in_step(
    beacon, beacon_coordinator, national_moderator
):
    example = PracticeExampleFactory(published=True, is_beacon=False)
    services.link_example(actor=beacon_coordinator, beacon_id=beacon.pk, example_id=example.pk)
    assert PracticeExample.objects.get(pk=example.pk).is_beacon is True
    with pytest.raises(Conflict):
        services.link_example(actor=beacon_coordinator, beacon_id=beacon.pk, example_id=example.pk)
    services.end_designation(actor=national_moderator, beacon_id=beacon.pk, reason="Ended")
    assert PracticeExample.objects.get(pk=example.pk).is_beacon is False
    services.unlink_example(actor=national_moderator, beacon_id=beacon.pk, example_id=example.pk)
    assert not BeaconExample.objects.exists()


def test_the_practice_beacon_facet_counts_only_linked_examples(
    client_as, beacon, beacon_coordinator
):
    linked = PracticeExampleFactory(published=True, title="Chest pain clinic")
    PracticeExampleFactory(published=True, title="Chest pain service", is_beacon=False)
    services.link_example(actor=beacon_coordinator, beacon_id=beacon.pk, example_id=linked.pk)
    response = client_as("staff").get(
        reverse("practice_db:search"), {"q": "chest", "beacon": "yes"}
    )
    assert [r.pk for r in response.context["result"].results] == [linked.pk]
    page = client_as("staff").get(linked.get_absolute_url()).content.decode()
    assert reverse("beacons:for_example", args=[linked.pk]) in page


def test_a_coordinator_cannot_link_to_another_beacon(beacon, another_beacon_coordinator):
    example = PracticeExampleFactory(published=True)
    with pytest.raises(NotAllowed):
        services.link_example(
            actor=another_beacon_coordinator, beacon_id=beacon.pk, example_id=example.pk
        )


def test_an_open_day_is_an_engine_session_the_coordinator_organises(
    beacon, beacon_coordinator, another_beacon_coordinator
):
    starts = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    session = services.create_open_day(
        actor=beacon_coordinator,
        beacon_id=beacon.pk,
        title="Open day",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        capacity=2,
        venue="Education centre",
        publish=True,
    )
    assert (session.kind, session.owner, session.status) == (
        Kind.BEACON_OPEN_DAY,
        beacon,
        SessionStatus.OPEN,
    )
    assert engine_rules.can_organise(beacon_coordinator, session)
    assert not engine_rules.can_organise(another_beacon_coordinator, session)
    with pytest.raises(NotAllowed):
        services.create_open_day(
            actor=another_beacon_coordinator,
            beacon_id=beacon.pk,
            title="Not mine",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=2,
            venue="x",
        )


def test_the_beacon_page_shows_open_days_and_what_visitors_shared(client_as, beacon, staff):
    upcoming = open_day(beacon, title="Spring open day")
    past = open_day(beacon, days=-10, title="Winter open day")
    shared = Booking.objects.create(session=past, user=UserFactory(), status=BookingStatus.ATTENDED)
    private = Booking.objects.create(
        session=past, user=UserFactory(), status=BookingStatus.ATTENDED
    )
    Feedback.objects.create(
        booking=shared, will_change="Book clinics by phone.", usefulness=5, may_share=True
    )
    Feedback.objects.create(booking=private, will_change="Keep this quiet.", usefulness=4)
    visit = VisitRequestFactory(beacon=beacon, requester=staff, completed=True)
    VisitOutcome.objects.create(
        visit=visit, will_change="Start a nurse-led clinic.", may_share=True
    )
    page = client_as("staff").get(beacon.get_absolute_url()).content.decode()
    assert upcoming.title in page and past.title not in page
    assert "Book clinics by phone." in page and "Start a nurse-led clinic." in page
    assert "Keep this quiet." not in page


def test_a_visitor_turns_what_they_took_away_into_a_draft_example(client_as, beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, completed=True)
    client = client_as("staff")
    response = client.post(
        reverse("beacons:visit_outcome", args=[visit.pk]),
        {"will_change": "A one-stop clinic for chest pain.", "may_share": "on"},
    )
    assert response.status_code == 302
    response = client.post(reverse("beacons:draft_from_visit", args=[visit.pk]))
    spread = SpreadExample.objects.get(visit=visit)
    assert response["Location"] == reverse("practice_db:edit", args=[spread.example_id])
    assert (spread.example.status, spread.example.submitter, spread.beacon) == (
        Status.DRAFT,
        staff,
        beacon,
    )
    assert "chest pain" in spread.example.summary
    assert client.post(reverse("beacons:draft_from_visit", args=[visit.pk])).status_code == 409


def test_an_open_day_attendee_turns_feedback_into_a_draft_example(client_as, beacon, staff):
    past = open_day(beacon, days=-5)
    booking = Booking.objects.create(session=past, user=staff, status=BookingStatus.ATTENDED)
    feedback = Feedback.objects.create(booking=booking, will_change="Self-rostering.", usefulness=5)
    response = client_as("staff").post(reverse("beacons:draft_from_feedback", args=[feedback.pk]))
    assert response.status_code == 302
    assert SpreadExample.objects.get(feedback=feedback).beacon == beacon
    other = client_as("moderator_london").post(
        reverse("beacons:draft_from_feedback", args=[feedback.pk])
    )
    assert other.status_code == 403


def test_a_confirmed_visit_is_in_both_calendars(client_as, beacon, staff, beacon_coordinator):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    assert [v.url for v in calendar.visits_for(staff)] == [visit.get_absolute_url()]
    assert [v.label for v in calendar.visits_for(staff)] == ["Visit confirmed"]
    assert [v.label for v in calendar.visits_for(beacon_coordinator)] == [
        "You are hosting this visit"
    ]
    for persona in ("staff", "beacon_coordinator"):
        response = client_as(persona).get(reverse("beacons:visit_ics", args=[visit.pk]))
        assert response["Content-Type"].startswith("text/calendar")
        [event] = Calendar.from_ical(response.content).walk("VEVENT")
        assert event["SUMMARY"] == f"Beacon visit: {beacon.service_name}"
        assert event.decoded("DTSTART") == visit.visit_starts_at.replace(microsecond=0)


def test_designate_page_creates_a_beacon(client_as, national_moderator, london_trust):
    coordinator = UserFactory(email="new.coordinator@nhs.net")
    response = client_as("national_moderator").post(
        reverse("beacons:designate"),
        {
            "organisation": london_trust.pk,
            "service_name": "Palliative care at home",
            "theme": "palliative_care",
            "year": "2001",
            "coordinator_email": coordinator.email,
            "what_it_does": "Care at home.",
            "what_others_can_learn": "The rota.",
            "offers": ["visits"],
        },
    )
    beacon = Beacon.objects.get(service_name="Palliative care at home")
    assert response["Location"] == beacon.get_absolute_url()


def test_open_day_page_publishes_a_session(client_as, beacon):
    starts = timezone.localtime() + timedelta(days=30)
    response = client_as("beacon_coordinator").post(
        reverse("beacons:open_day_new", args=[beacon.pk]),
        {
            "title": "Summer open day",
            "attend": "in_person",
            "starts_at_day": starts.day,
            "starts_at_month": starts.month,
            "starts_at_year": starts.year,
            "starts_at_time": "10:00",
            "ends_at_day": starts.day,
            "ends_at_month": starts.month,
            "ends_at_year": starts.year,
            "ends_at_time": "16:00",
            "venue": "Education centre",
            "capacity": "2",
            "audience": "everyone",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Summer open day")
    assert (session.owner, session.capacity, session.status) == (beacon, 2, "open")
    engine.book(actor=UserFactory(), session_id=session.pk)


def test_an_approved_revision_leaves_the_beacon_flag_to_the_link(
    beacon, beacon_coordinator, national_moderator
):
    """The Beacon facet means "linked to a designated Beacon": changes proposed
    before the example was linked (with the flag as it was then, as the edit
    form's other sections carry it) do not unset it when approved."""
    from practice_db import services as practice
    from practice_db.tasks import draft_of

    example = PracticeExampleFactory(published=True, organisation=beacon.organisation)
    submitter = example.submitter
    values = dict(draft_of(example, submitter).values) | {"summary": "Now every weekday."}
    _, revision = practice.save_example(
        actor=submitter, example=example, values=values, topics=[], expected_version=None
    )
    assert "is_beacon" not in revision.content
    services.link_example(actor=beacon_coordinator, beacon_id=beacon.pk, example_id=example.pk)
    practice.decide_revision(actor=national_moderator, revision_id=revision.pk, approve=True)
    example.refresh_from_db()
    assert (example.summary, example.is_beacon) == ("Now every weekday.", True)


def test_a_revision_stored_with_the_old_flag_does_not_put_it_back(
    beacon, beacon_coordinator, national_moderator
):
    from practice_db import services as practice
    from practice_db.models import Revision

    example = PracticeExampleFactory(published=True, organisation=beacon.organisation)
    services.link_example(actor=beacon_coordinator, beacon_id=beacon.pk, example_id=example.pk)
    revision = Revision.objects.create(
        example=example,
        author=example.submitter,
        content={"summary": "Weekends too.", "is_beacon": False},
        topic_ids=[],
    )
    practice.decide_revision(actor=national_moderator, revision_id=revision.pk, approve=True)
    example.refresh_from_db()
    assert (example.summary, example.is_beacon) == ("Weekends too.", True)
    services.end_designation(actor=national_moderator, beacon_id=beacon.pk, reason="Ended.")
    example.refresh_from_db()
    assert example.is_beacon is False


def test_a_draft_open_day_is_on_the_beacon_page_for_its_coordinator_only(
    client_as, beacon, another_beacon
):
    published = open_day(beacon, title="Spring open day")
    draft = open_day(beacon, days=30, title="Summer open day", status=SessionStatus.DRAFT)
    open_day(another_beacon, days=20, title="Another Beacon's draft", status=SessionStatus.DRAFT)
    mine = client_as("beacon_coordinator").get(beacon.get_absolute_url()).text
    assert published.title in mine and draft.title in mine
    for reader in ("staff", "another_beacon_coordinator", "moderator_london"):
        page = client_as(reader).get(beacon.get_absolute_url()).text
        assert published.title in page and draft.title not in page
