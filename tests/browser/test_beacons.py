"""Beacons in the browser: find one by theme and region, ask to visit, the
coordinator acknowledges and confirms, the visit is in the visitor's list and
in their bookings;
and an open day that fills, takes a waiting list and promotes."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from beacons.models import Beacon, Theme, VisitRequest, VisitStatus
from opportunities.models import Booking, BookingStatus, Kind, Session, SessionStatus
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import OrganisationFactory, UserFactory, region

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def beacons(reference_data):
    coordinator = UserFactory(email="cath.coordinator@nhs.net", full_name="Cath Coordinator")
    trent = region("trent")
    sherwood = OrganisationFactory(name="Sherwood Vale Hospitals NHS Trust", region=trent)
    thames = OrganisationFactory(
        name="Thames Riverside Hospitals NHS Trust", region=region("london")
    )
    made = {}
    for name, theme, organisation in [
        ("Stroke unit and early supported discharge", Theme.STROKE, sherwood),
        ("Stroke rehabilitation at home", Theme.STROKE, thames),
        ("Two-week rapid access breast clinic", Theme.CANCER, sherwood),
    ]:
        made[name] = Beacon.objects.create(
            organisation=organisation,
            service_name=name,
            theme=theme,
            year=2000,
            coordinator=coordinator,
            what_it_does="A dedicated unit with a community team that continues care at home.",
            what_others_can_learn="The discharge criteria and the community team's daily work.",
            offers=["visits", "open_days"],
        )
    return coordinator, made


def test_find_request_acknowledge_confirm(page, sign_in_as, beacons, browser, live_server):
    coordinator, made = beacons
    visitor = UserFactory(email="vic.visitor@nhs.net", full_name="Vic Visitor")
    sign_in_as(page, visitor)
    page.goto("/")
    page.get_by_role("link", name="Beacons", exact=True).first.click()
    expect(page.get_by_role("heading", name="Find a Beacon")).to_be_visible()
    filters = page.get_by_role("form", name="Filters")
    filters.get_by_label(re.compile(r"^Stroke")).check()
    filters.get_by_label(re.compile(r"^Trent")).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"theme=stroke.*region=\d+"))
    expect(page.get_by_role("heading", level=2, name="1 Beacon")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "beacons-found")

    page.get_by_role("link", name="Stroke unit and early supported discharge").click()
    check_accessibility(page)
    screenshot(page, "beacon-page")
    page.get_by_role("link", name="Ask to visit").click()
    page.get_by_label("How many people are coming?").fill("0")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("from 1 to 30")
    check_accessibility(page)
    page.get_by_label("How many people are coming?").fill("3")
    page.get_by_label("Their roles").fill("Two stroke nurses and a physiotherapist")
    page.get_by_label("What do you want to learn?").fill("How the community team works")
    for n, days in ((1, 20), (2, 27)):
        day = timezone.localdate() + timedelta(days=days)
        group = page.get_by_role("group", name=re.compile(["First", "Second"][n - 1]))
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is sent")).to_be_visible()
    check_accessibility(page)
    visit = VisitRequest.objects.get()
    assert visit.status == VisitStatus.REQUESTED

    # The coordinator, in a browser of their own.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    theirs = context.new_page()
    sign_in_as(theirs, coordinator)
    theirs.goto(f"/beacons/{made['Stroke unit and early supported discharge'].pk}/manage/")
    theirs.get_by_role("link", name="Vic Visitor").click()
    theirs.get_by_role("button", name="Acknowledge").click()
    expect(theirs.get_by_text("Acknowledged. We have emailed")).to_be_visible()
    check_accessibility(theirs)
    theirs.get_by_role("link", name="Confirm a date").click()
    day = timezone.localdate() + timedelta(days=20)
    theirs.get_by_label("Day").fill(str(day.day))
    theirs.get_by_label("Month").fill(str(day.month))
    theirs.get_by_label("Year").fill(str(day.year))
    theirs.get_by_label("Time", exact=True).fill("10:00")
    theirs.get_by_label("Finishing time").fill("15:00")
    check_accessibility(theirs)
    theirs.get_by_role("button", name="Confirm the visit").click()
    expect(theirs.get_by_text("The visit is confirmed")).to_be_visible()
    screenshot(theirs, "beacon-visit-confirmed")
    context.close()

    page.goto("/beacons/visits/mine/")
    expect(page.get_by_role("heading", name="My visit requests")).to_be_visible()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "beacon-my-requests")
    page.get_by_role("link", name="Stroke unit and early supported discharge").click()
    expect(page.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()
    assert VisitRequest.objects.get().status == VisitStatus.CONFIRMED

    # The confirmed visit is in the visitor's bookings, beside the engine's own.
    page.go_back()
    page.get_by_role("link", name="My bookings").click()
    expect(page.get_by_role("heading", name="My bookings", level=1)).to_be_visible()
    entry = page.get_by_role("listitem").filter(
        has_text="Beacon visit: Stroke unit and early supported discharge"
    )
    expect(entry).to_contain_text("Visit confirmed")
    expect(entry.get_by_role("link", name=re.compile(r"^Add to your calendar"))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "beacon-visit-in-my-bookings")


def test_open_day_fills_waits_and_promotes(page, sign_in_as, beacons, browser, live_server):
    coordinator, made = beacons
    beacon = made["Stroke unit and early supported discharge"]
    starts = (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    session = Session.objects.create(
        kind=Kind.BEACON_OPEN_DAY,
        title="Stroke unit open day",
        venue="Education centre",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        booking_deadline=starts - timedelta(days=1),
        region_id=beacon.organisation.region_id,
        organisation_id=beacon.organisation_id,
        capacity=1,
        status=SessionStatus.OPEN,
        owner_type=ContentType.objects.get_for_model(Beacon),
        owner_id=beacon.pk,
    )
    first = UserFactory(email="first.booker@nhs.net", full_name="First Booker")
    second = UserFactory(email="second.booker@nhs.net", full_name="Second Booker")

    sign_in_as(page, first)
    page.goto(f"/beacons/{beacon.pk}/")
    page.get_by_role("link", name="Stroke unit open day").click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is booked")).to_be_visible()
    check_accessibility(page)

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    sign_in_as(other, second)
    other.goto(f"/beacons/{beacon.pk}/")
    other.get_by_role("link", name="Stroke unit open day").click()
    other.get_by_role("button", name="Join the waiting list").click()
    expect(other.get_by_text("number 1 on the waiting list").first).to_be_visible()
    check_accessibility(other)

    page.get_by_role("link", name="Cancel my booking").click()
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text("Your booking is cancelled")).to_be_visible()

    other.reload()
    expect(other.get_by_text("You have a place on this session")).to_be_visible()
    check_accessibility(other)
    context.close()
    promoted = Booking.objects.get(session=session, user=second)
    assert promoted.status == BookingStatus.CONFIRMED

    # The coordinator sees the open day and its bookings on their page.
    sign_in_as(page, coordinator)
    page.goto(f"/beacons/{beacon.pk}/manage/")
    row = page.get_by_role("row").filter(has_text="Stroke unit open day")
    expect(row).to_contain_text("1 of 1")
    check_accessibility(page)
    screenshot(page, "beacon-coordinator-page")
