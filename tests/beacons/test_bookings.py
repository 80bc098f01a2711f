"""Confirmed visits on the booking engine's My bookings, for the visitor and the
host, through the engine's `other_bookings` hook (the engine imports no Beacon code)."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from icalendar import Calendar

from beacons import services
from opportunities import registry
from opportunities import services as engine
from tests.beacons.factories import VisitRequestFactory, open_day
from tests.factories import UserFactory
from tests.learning_network.test_plugins import modules_imported

pytestmark = pytest.mark.django_db

MINE = reverse("opportunities:mine")


def test_the_engine_imports_no_beacon_code():
    folder = Path(apps.get_app_config("opportunities").path)
    offenders = {
        path.name: "beacons"
        for path in folder.rglob("*.py")
        if "beacons" in modules_imported(path.read_text())
    }
    assert offenders == {}


def test_a_confirmed_visit_is_in_the_visitors_and_the_hosts_bookings(
    client_as, beacon, staff, beacon_coordinator
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    ics = reverse("beacons:visit_ics", args=[visit.pk])
    for persona, label in (
        ("staff", "Visit confirmed"),
        ("beacon_coordinator", "You are hosting this visit"),
    ):
        page = client_as(persona).get(MINE).content.decode()
        upcoming = page.split("<h2>Past</h2>")[0]
        assert f"Beacon visit: {beacon.service_name}" in upcoming
        assert visit.get_absolute_url() in upcoming
        assert label in upcoming
        assert ics in upcoming
        # And the calendar file each of them downloads is the same event.
        response = client_as(persona).get(ics)
        [event] = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["UID"]) == f"beacon-visit-{visit.calendar_uid}@learning-network.nhs.uk"


def test_visits_sit_among_bookings_in_date_order(client_as, beacon, staff):
    later = open_day(beacon, days=30)
    earlier = open_day(beacon, days=3, title="Early open day")
    engine.book(actor=staff, session_id=later.pk)
    engine.book(actor=staff, session_id=earlier.pk)
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)  # in 14 days
    page = client_as("staff").get(MINE).content.decode()
    positions = [
        page.index(earlier.get_absolute_url()),
        page.index(visit.get_absolute_url()),
        page.index(later.get_absolute_url()),
    ]
    assert positions == sorted(positions)


def test_requests_not_yet_confirmed_and_other_peoples_visits_are_not_listed(
    client_as, beacon, staff, another_beacon
):
    waiting = VisitRequestFactory(beacon=beacon, requester=staff, acknowledged=True)
    someone_elses = VisitRequestFactory(beacon=another_beacon, confirmed=True)
    page = client_as("staff").get(MINE).content.decode()
    assert waiting.get_absolute_url() not in page
    assert someone_elses.get_absolute_url() not in page
    assert "You have no upcoming bookings" in page


def test_a_visit_that_took_place_is_under_past(client_as, beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, completed=True)
    page = client_as("staff").get(MINE).content.decode()
    past = page.split("<h2>Past</h2>")[1]
    assert visit.get_absolute_url() in past
    assert "Visit took place" in past


def test_a_withdrawn_visit_leaves_the_bookings_and_its_calendar_file_cancels_it(
    client_as, beacon, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    services.withdraw_visit(actor=staff, visit_id=visit.pk)
    assert visit.get_absolute_url() not in client_as("staff").get(MINE).content.decode()
    response = client_as("staff").get(reverse("beacons:visit_ics", args=[visit.pk]))
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_an_app_declaring_other_bookings_wrongly_is_refused(monkeypatch):
    config = apps.get_app_config("beacons")
    monkeypatch.setattr(config, "other_bookings", ("beacons.calendar.visits_for",))
    with pytest.raises(ImproperlyConfigured):
        registry.other_bookings(UserFactory())
