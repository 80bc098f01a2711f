"""Two moderators act on the same example: the later one is told, not given a 500,
and keeps what they typed."""

import pytest
from playwright.sync_api import expect

from practice_db.models import PracticeExample, Status
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_acting_after_another_sees_a_conflict_page_and_the_way_back(
    page, browser, live_server, sign_in_as, staff, moderator_london, national_moderator
):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    # The regional moderator opens the example and starts writing a rejection.
    sign_in_as(page, moderator_london)
    page.goto(example.get_absolute_url())
    page.get_by_label("Reject", exact=True).check()
    page.get_by_label("Why it cannot be published").fill(
        "This describes a product, not a service change."
    )

    # Meanwhile the national moderator publishes it from another browser.
    other = browser.new_context(base_url=live_server.url)
    other_page = other.new_page()
    sign_in_as(other_page, national_moderator)
    other_page.goto(example.get_absolute_url())
    other_page.get_by_label("Publish", exact=True).check()
    other_page.get_by_role("button", name="Continue").click()
    expect(other_page.get_by_role("heading", name="Published")).to_be_visible()
    other.close()

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("This example is published, so it cannot be rejected now.")
    # The example as it is now, with what the moderator typed still shown.
    expect(page.get_by_text("Your comment was not sent:")).to_be_visible()
    expect(page.get_by_text("This describes a product, not a service change.")).to_be_visible()
    expect(page.get_by_label("Reject", exact=True)).to_have_count(0)
    expect(page.get_by_label("Archive", exact=True)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "practice-conflict")
    assert PracticeExample.objects.get(pk=example.pk).status == Status.PUBLISHED


def test_a_refusal_no_form_can_show_is_a_page_with_the_way_back(
    page, sign_in_as, staff, moderator_london
):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    sign_in_as(page, moderator_london)
    page.goto("/practice/moderation/")
    # Someone else rejects it while this moderator looks at the queue.
    PracticeExample.objects.filter(pk=example.pk).update(status=Status.REJECTED)
    page.get_by_role("button", name="Take").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Someone else has changed this")
    check_accessibility(page)
    screenshot(page, "practice-refused-page")
    page.get_by_role("link", name="Go back to the page you were on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
