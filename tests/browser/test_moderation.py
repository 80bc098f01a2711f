"""A moderator's decisions in a browser: a rejection needs confirming, and a
rejected example can be reopened."""

import pytest
from playwright.sync_api import expect

from practice_db import services
from practice_db.models import EventKind, PracticeExample, Status
from tests.browser.conftest import at_both_widths, check_accessibility, screenshot
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_rejection_needs_confirming_and_can_be_reopened(
    page, sign_in_as, staff, moderator_london
):
    example = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        title="Telephone follow-up after day surgery",
    )
    PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        title="Pharmacist on the admissions ward",
    )
    sign_in_as(page, moderator_london)
    page.goto(example.get_absolute_url())
    # Each decision's comment box appears only once that decision is chosen.
    reason = page.get_by_label("Why it cannot be published")
    expect(reason).to_be_hidden()
    page.get_by_label("Reject", exact=True).check()
    expect(reason).to_be_visible()
    check_accessibility(page)
    at_both_widths(page, "moderation-decision")
    reason.fill("This describes a product, not a change to a service.")
    page.get_by_role("button", name="Continue").click()

    # Nothing has happened yet: the page asks to confirm.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Are you sure you want to reject")
    check_accessibility(page)
    at_both_widths(page, "moderation-confirm-reject")
    assert PracticeExample.objects.get(pk=example.pk).status == Status.SUBMITTED
    page.get_by_role("button", name="Yes, reject it").click()

    # What happens next, and the way on through the queue.
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejected")
    expect(page.get_by_text("has been emailed your reason")).to_be_visible()
    expect(page.get_by_role("link", name="Back to queue (1 waiting)")).to_be_visible()
    expect(page.get_by_role("link", name="Next in queue")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "moderation-decided")
    assert PracticeExample.objects.get(pk=example.pk).status == Status.REJECTED

    # The moderator thinks again and reopens it; the history says so.
    page.get_by_role("link", name="Go back to “Telephone follow-up").click()
    page.get_by_label("Reopen for review", exact=True).check()
    page.get_by_label("Why it is being reopened").fill("Rejected in error.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reopened for review")
    check_accessibility(page)
    example.refresh_from_db()
    assert example.status == Status.SUBMITTED
    assert list(example.events.values_list("kind", flat=True)) == [
        EventKind.REJECTED,
        EventKind.REOPENED,
    ]
    page.get_by_role("link", name="Go back to “Telephone follow-up").click()
    expect(page.get_by_role("cell", name="Rejected in error.")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "moderation-reopened-phone")


def test_the_home_page_starts_with_a_moderators_work_and_counts(
    page, sign_in_as, staff, moderator_london
):
    from datetime import timedelta

    from django.utils import timezone

    for days in (0, 30):
        PracticeExampleFactory(
            submitter=staff,
            organisation=staff.organisation,
            status=Status.SUBMITTED,
            submitted_at=timezone.now() - timedelta(days=days),
        )
    sign_in_as(page, moderator_london)
    page.goto("/")
    work = page.locator("main h2").first
    expect(work).to_have_text("Your work")
    expect(page.get_by_text("2 waiting in London, 1 overdue")).to_be_visible()
    # The queue is in the header for a moderator.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Moderation queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    page.goto("/")
    check_accessibility(page)
    screenshot(page, "home-moderator")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "home-moderator-phone")


def test_tables_of_many_columns_reflow_on_a_small_phone(
    page, sign_in_as, staff, editor, moderator_london
):
    from tests.bulletin.factories import IssueFactory

    for title in ("Telephone follow-up after day surgery", "Pharmacist on the admissions ward"):
        PracticeExampleFactory(
            submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED, title=title
        )
    IssueFactory(draft=True, title="Winter pressures")
    live = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    services.save_example(
        actor=staff,
        example=live,
        values={"title": "Telephone follow-up after day surgery, now at weekends too"},
        topics=list(live.topics.all()),
        expected_version=live.version,
    )
    page.set_viewport_size({"width": 320, "height": 640})
    for user, url, name, heading in [
        (moderator_london, "/practice/moderation/", "queue", "Organisation"),
        (moderator_london, f"/practice/examples/{live.pk}/changes/", "changes", "Proposed"),
        (staff, "/practice/mine/", "your-examples", "Status"),
        (editor, "/impact/editor/", "editor-dashboard", "Publication date"),
    ]:
        page.context.clear_cookies()
        sign_in_as(page, user)
        page.goto(url)
        # Each row stands alone, its cells labelled, and nothing runs off the side.
        expect(page.locator("tbody .nhsuk-table__heading", has_text=heading).first).to_be_visible()
        assert page.evaluate("document.querySelector('thead').getBoundingClientRect().height") <= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        check_accessibility(page)
        screenshot(page, f"table-{name}-320")
