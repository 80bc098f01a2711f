"""The example form as a task list, and dates no browser can misread."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bulletin.models import Issue
from practice_db.models import PracticeExample, Status
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    at_both_widths,
    check_accessibility,
    screenshot,
)
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


def section(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_enter_saves_a_section_and_the_task_list_leads_to_submit(
    page, sign_in_as, staff, moderator_london
):
    TopicFactory(
        name="Hospital discharge",
        parent=TopicFactory(name="Hospital care", slug="hospital-care"),
        slug="hospital-discharge",
    )
    sign_in_as(page, staff)
    page.goto("/practice/examples/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("About the service")
    at_both_widths(page, "example-section-about-new")

    # Enter in the title saves the draft and goes on to the next section.
    page.get_by_label("Title", exact=True).fill("Nurse-led discharge lounge")
    page.locator("#id_started_on_month").fill("4")
    page.locator("#id_started_on_year").fill("2001")
    page.get_by_label("Title", exact=True).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("The problem")
    example = PracticeExample.objects.get()
    assert example.status == Status.DRAFT
    assert example.title == "Nurse-led discharge lounge"
    assert example.started_on == date(2001, 4, 1)
    at_both_widths(page, "example-section-problem")

    page.get_by_label("The problem addressed").fill("Beds were blocked each morning.")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your example's sections")
    at_both_widths(page, "example-task-list")

    # Enter in the lead's job title saves the contact section; nothing is submitted.
    section(page, "Contact")
    page.get_by_label("Lead's name").fill("Pat Lead")
    page.get_by_label("Lead's email address").fill("pat.lead@trust.nhs.uk")
    page.get_by_label("the lead agrees to be contacted", exact=False).check()
    page.get_by_label("Lead's job title").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Topics and documents")
    example.refresh_from_db()
    assert example.lead_name == "Pat Lead" and example.status == Status.DRAFT

    page.get_by_label("Hospital discharge").check()
    page.get_by_role("button", name="Save and continue").click()
    # Not all done: the last section leads to the check page, which says what is missing.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(page.get_by_role("link", name="Describe what was done")).to_be_visible()
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    at_both_widths(page, "example-check-missing")

    page.get_by_role("link", name="Back to your example's sections").click()
    section(page, "About the service")
    page.get_by_label("Summary").fill("Patients leave by noon.")
    care_setting = page.get_by_role("group", name="Care setting (optional)")
    care_setting.get_by_label("Acute hospital", exact=False).check()
    # A choice made on an optional question can be taken back.
    care_setting.get_by_label("Not sure").check()
    page.get_by_label("Completed", exact=True).check()
    at_both_widths(page, "example-section-about")
    page.get_by_role("button", name="Save and come back later").click()
    section(page, "What was done")
    page.get_by_label("What was done", exact=True).fill("A lounge opened at 9am.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results and evidence")
    page.get_by_label("Results and outcomes").fill("Beds free before noon rose to 65%.")
    page.get_by_label("Before-and-after comparison").check()
    page.get_by_label("Moderate", exact=True).check()
    at_both_widths(page, "example-section-results")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("You have completed 6 of 8 sections")).to_be_visible()
    at_both_widths(page, "example-task-list-done")

    page.get_by_role("link", name="Check your answers").click()
    expect(page.get_by_text("April 2001")).to_be_visible()
    at_both_widths(page, "example-check")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your example has been submitted")).to_be_visible()
    example.refresh_from_db()
    assert example.status == Status.SUBMITTED


def test_a_us_ordered_browser_cannot_misread_a_date(
    browser, live_server, reference_data, editor, staff
):
    """Chromium in US English reads 01/10/2024 as 10 January; the boxes cannot."""
    from django.conf import settings
    from django.test import Client

    def signed_in(context, user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.clear_cookies()
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    # A second Chromium, started in US English, beside the session's.
    us_browser = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, "--lang=en-US"]
    )
    try:
        context = us_browser.new_context(
            base_url=live_server.url, locale="en-US", timezone_id="America/New_York"
        )
        page = context.new_page()
        assert page.evaluate("navigator.language") == "en-US"

        signed_in(context, editor)
        page.goto("/impact/editor/issues/new/")
        page.get_by_label("Issue number").fill("12")
        page.get_by_label("Title", exact=True).fill("Discharge before noon")
        page.get_by_label("Day").fill("01")
        page.get_by_label("Month").fill("10")
        page.get_by_label("Year").fill("2024")
        check_accessibility(page)
        screenshot(page, "impact-issue-date-us-browser")
        page.get_by_label("Year").press("Enter")
        page.wait_for_load_state()
        assert Issue.objects.get(number=12).publication_date == date(2024, 10, 1)

        # A day that cannot be a month's is named, not swapped.
        page.goto("/impact/editor/issues/new/")
        page.get_by_label("Issue number").fill("13")
        page.get_by_label("Title", exact=True).fill("Outpatients")
        page.get_by_label("Day").fill("10")
        page.get_by_label("Month").fill("31")
        page.get_by_label("Year").fill("2024")
        page.get_by_role("button", name="Create issue").click()
        expect(
            page.get_by_role("link", name="Publication date must be a real date")
        ).to_be_visible()
        check_accessibility(page)
        screenshot(page, "impact-issue-date-error")
        assert not Issue.objects.filter(number=13).exists()

        signed_in(context, staff)
        page.goto("/practice/examples/new/")
        page.get_by_label("Title", exact=True).fill("Discharge lounge")
        page.locator("#id_started_on_month").fill("10")
        page.locator("#id_started_on_year").fill("2024")
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("The problem")
        assert PracticeExample.objects.get().started_on == date(2024, 10, 1)
        context.close()
    finally:
        us_browser.close()
