"""Booking in a browser: book, full, the waiting list, a cancellation that
promotes the next person, and the organiser marking attendance. Every page
is checked with axe and photographed at desktop and phone widths."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from opportunities import registry
from opportunities.models import Booking, BookingStatus, Feedback, Meeting
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import TopicFactory, UserFactory
from tests.opportunities.factories import (
    ORGANISERS,
    TEST_KIND,
    SessionFactory,
    booked,
    make_organiser,
    organise_sessions_of_my_organisation,
)

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/helpers/shots/opportunities-ui")


@pytest.fixture(autouse=True)
def stand_in_owning_app():
    undo = registry.register_for_tests(TEST_KIND, organise_sessions_of_my_organisation)
    yield
    ORGANISERS.clear()
    undo()


def look(page, name: str) -> None:
    """axe on the page, then a photograph at desktop and at phone width."""
    check_accessibility(page)
    for width, suffix in ((1280, "desktop"), (375, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        path = screenshot(page, f"opportunities-{name}-{suffix}")
        if path and SHOTS.parent.exists():
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
    page.set_viewport_size({"width": 1280, "height": 900})


def switch_to(page, sign_in_as, user):
    page.context.clear_cookies()
    sign_in_as(page, user)


def test_book_full_wait_cancel_promote_and_attend(
    page, sign_in_as, staff, london_trust, mailoutbox
):
    organiser = make_organiser(
        UserFactory(
            full_name="Olive Organiser", organisation=london_trust, roles=[Role.COORDINATOR]
        )
    )
    colleague = UserFactory(full_name="Wendy Waiting", organisation=london_trust)
    topic = TopicFactory(name="Emergency admissions", slug="emergency-admissions")
    session = SessionFactory(
        title="Cutting emergency admissions: open day",
        organisation=london_trust,
        capacity=1,
    )
    session.topics.set([topic])
    SessionFactory(title="Discharge before noon: workshop", organisation=london_trust, capacity=5)

    # Staff find it in the calendar and book the last place.
    sign_in_as(page, staff)
    page.goto("/opportunities/")
    expect(page.get_by_text("1 place left")).to_be_visible()
    look(page, "calendar")
    page.get_by_text("Filter sessions").click()
    page.get_by_label("Region").select_option(label="London")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Region: London")).to_be_visible()
    look(page, "calendar-filtered")
    page.goto(
        "/opportunities/?date_from_day=5&date_from_month=5&date_from_year=2031"
        "&date_to_day=1&date_to_month=5&date_to_year=2031"
    )
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    look(page, "calendar-error")
    page.goto("/opportunities/")
    page.get_by_role("link", name="Cutting emergency admissions: open day").click()
    look(page, "session")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is booked")).to_be_visible()
    look(page, "session-booked")

    # The session is now full: a colleague joins the waiting list.
    switch_to(page, sign_in_as, colleague)
    page.goto("/opportunities/")
    expect(page.get_by_text("Full: join the waiting list").first).to_be_visible()
    page.get_by_role("link", name="Cutting emergency admissions: open day").click()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("The session is full, so you are number 1")).to_be_visible()
    look(page, "session-waiting")

    # The first person cancels, after a confirmation page.
    switch_to(page, sign_in_as, staff)
    page.goto("/opportunities/mine/")
    look(page, "my-bookings")
    page.get_by_role("link", name="Cutting emergency admissions: open day").click()
    page.get_by_role("link", name="Cancel my booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to cancel your booking?"
    )
    look(page, "cancel-booking")
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text("Your booking is cancelled")).to_be_visible()

    # The colleague is moved up and told so.
    assert Booking.objects.get(user=colleague).status == BookingStatus.CONFIRMED
    assert any(colleague.email in m.to and "place" in m.subject.lower() for m in mailoutbox)
    switch_to(page, sign_in_as, colleague)
    page.goto("/opportunities/mine/")
    expect(page.get_by_text("Booked", exact=True)).to_be_visible()

    # The organiser sees the list, and the pages that change it.
    switch_to(page, sign_in_as, organiser)
    page.goto(f"/opportunities/sessions/{session.pk}/")
    page.get_by_role("link", name="Bookings, attendance and feedback").click()
    expect(page.get_by_text("Wendy Waiting")).to_be_visible()
    look(page, "manage")
    page.get_by_role("link", name="Change the number of places").click()
    look(page, "capacity")
    page.get_by_label("Number of places").fill("0")
    page.get_by_role("button", name="Save the number of places").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    look(page, "capacity-error")
    page.goto(f"/opportunities/sessions/{session.pk}/manage/email/")
    page.get_by_label("Subject").fill("Parking on the day")
    page.get_by_label("Message").fill("Please use the multi-storey car park.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Send to 1 person")).to_be_visible()
    look(page, "email-check")
    page.get_by_role("button", name="Send to 1 person").click()
    expect(page.get_by_text("Your message is being sent to 1 person")).to_be_visible()
    page.goto(f"/opportunities/sessions/{session.pk}/edit/")
    look(page, "edit")
    page.goto(f"/opportunities/sessions/{session.pk}/manage/cancel/")
    look(page, "cancel-session")

    # After a session that meets twice, the organiser marks who came to the first meeting.
    now = timezone.now().replace(microsecond=0)
    course = SessionFactory(
        title="Action learning set: waiting lists",
        organisation=london_trust,
        starts_at=now - timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
        booking_deadline=now - timedelta(days=8),
    )
    first = Meeting.objects.create(
        session=course, starts_at=now - timedelta(days=7), ends_at=now - timedelta(days=7, hours=-2)
    )
    Meeting.objects.create(
        session=course, starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=7, hours=2)
    )
    came = booked(course, staff)
    booked(course, colleague)
    page.goto(f"/opportunities/sessions/{course.pk}/manage/")
    page.get_by_role("link", name="Mark attendance").click()
    expect(page.get_by_text("This session meets 2 times")).to_be_visible()
    look(page, "attendance")
    page.get_by_role("group", name="Sam Staff").get_by_label("Attended").check()
    page.get_by_role("group", name="Wendy Waiting").get_by_label("Did not attend").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved for 2 people")).to_be_visible()
    assert list(came.attendance.values_list("meeting_id", "attended")) == [(first.pk, True)]
    Feedback.objects.create(
        booking=booked(
            SessionFactory(organisation=london_trust, past=True),
            staff,
            status=BookingStatus.ATTENDED,
        ),
        will_change="We will open a discharge lounge by the spring.",
        usefulness=4,
    )
    feedback_session = Feedback.objects.get().booking.session
    page.goto(f"/opportunities/sessions/{feedback_session.pk}/manage/feedback/")
    expect(page.get_by_text("4.0 out of 5 on average")).to_be_visible()
    look(page, "feedback-summary")

    # Staff give feedback on what they attended, and see For you on the home page.
    switch_to(page, sign_in_as, colleague)
    page.goto("/")
    expect(page.get_by_role("heading", name="Learning opportunities for you")).to_be_visible()
    look(page, "home")
