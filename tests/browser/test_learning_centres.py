"""A new member of staff finds their region's Learning Centre from the home page,
follows it, books its action learning set and sees it in their bookings."""

import pytest
from playwright.sync_api import expect

from learning_centres.models import EventType, Follow
from opportunities.models import Booking
from tests.browser.conftest import check_accessibility, screenshot
from tests.learning_centres.factories import event, meetings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def centre(centre_coordinator):
    from learning_centres.models import LearningCentre

    return LearningCentre.objects.get(coordinator=centre_coordinator)


def test_following_a_centre_from_the_home_page(page, live_server, sign_in_as, staff, centre):
    sign_in_as(page, staff)
    page.goto(live_server.url + "/")
    panel = page.locator(".nhsuk-card", has_text="Find your region's Learning Centre")
    panel.get_by_role("link", name=centre.organisation.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(centre.organisation.name)
    check_accessibility(page)
    screenshot(page, "learning-centre")

    page.get_by_role("button", name="Follow this centre").click()
    expect(page.get_by_text("You are following this centre")).to_be_visible()
    check_accessibility(page)
    assert Follow.objects.filter(user=staff, centre=centre).exists()

    page.get_by_role("button", name="Stop following").click()
    expect(page.get_by_role("button", name="Follow this centre")).to_be_visible()
    assert not Follow.objects.filter(user=staff).exists()


def test_booking_a_centres_action_learning_set(page, live_server, sign_in_as, staff, centre):
    session = event(
        centre,
        event_type=EventType.ACTION_LEARNING_SET,
        title="Action learning set for ward sisters",
        meetings=meetings(3),
    )
    sign_in_as(page, staff)
    page.goto(live_server.url + centre.get_absolute_url())
    page.get_by_role("link", name="Action learning set for ward sisters").click()
    expect(page.get_by_text("Meeting 3:")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("You have a place on this session.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "learning-centre-event-booked")
    assert Booking.objects.filter(user=staff, session=session).count() == 1

    page.goto(live_server.url + "/opportunities/mine/")
    expect(page.get_by_role("link", name="Action learning set for ward sisters")).to_be_visible()
    page.goto(live_server.url + "/opportunities/")
    expect(page.get_by_role("link", name="Action learning set for ward sisters")).to_be_visible()
    check_accessibility(page)


def test_regions_page_and_coordinators_pages_pass_axe(
    page, live_server, sign_in_as, centre_coordinator, centre
):
    event(centre, publish=False, title="Draft study day", event_type=EventType.STUDY_DAY)
    sign_in_as(page, centre_coordinator)
    for path in (
        "/learning-centres/",
        centre.get_absolute_url(),
        f"/learning-centres/{centre.pk}/events/new/",
        f"/learning-centres/{centre.pk}/summary/",
    ):
        page.goto(live_server.url + path)
        check_accessibility(page)
    page.goto(live_server.url + f"/learning-centres/{centre.pk}/events/new/")
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    check_accessibility(page)


def test_replacing_a_centre_asks_for_confirmation_first(
    page, live_server, sign_in_as, national_moderator, centre
):
    from tests.factories import OrganisationFactory

    successor = OrganisationFactory(region=centre.region, name="Riverside Community Trust")
    sign_in_as(page, national_moderator)
    page.goto(live_server.url + "/learning-centres/")
    page.get_by_role("link", name=f"Designate another centre for {centre.region.name}").click()
    page.get_by_label("Host organisation").select_option(label=successor.name)
    page.get_by_label("Skilled at peer-group learning").check()
    page.get_by_label("The change it made, or its peer-learning skills").fill(
        "Its district nurses review each other's caseloads every month."
    )
    page.get_by_label("What it is known for").fill("Caseload review.")
    page.get_by_label("Email address for enquiries").fill("centre@riverside.nhs.uk")
    page.get_by_label(f"Replace {centre.organisation.name}").check()
    page.get_by_role("button", name="Replace and designate").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Replace {centre.organisation.name} with {successor.name}?"
    )
    check_accessibility(page)
    screenshot(page, "learning-centre-replace-confirm")
    assert current_centre_pk(centre.region) == centre.pk

    # Going back keeps what was entered; confirming then replaces.
    page.get_by_role("button", name="Change what you entered").click()
    expect(page.get_by_label("What it is known for")).to_have_value("Caseload review.")
    page.get_by_role("button", name="Replace and designate").click()
    page.get_by_role("button", name=f"Replace {centre.organisation.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(successor.name)
    check_accessibility(page)
    assert current_centre_pk(centre.region) != centre.pk


def current_centre_pk(region) -> int:
    from learning_centres.models import LearningCentre

    return LearningCentre.objects.current().get(region=region).pk
