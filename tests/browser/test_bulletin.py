"""ImpAct in the browser: an editor builds and publishes an issue; a reader moves through it.

`page` comes first in each test's arguments: it puts back the regions that
the shared personas (`editor`, `staff`) are made in.
"""

import re

import pytest
from playwright.sync_api import expect

from bulletin.models import Issue
from directory.models import Topic
from tests.browser.conftest import at_both_widths, check_accessibility, screenshot
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def topics(reference_data):
    access = Topic.objects.create(name="Access and waiting", slug="access-and-waiting")
    return {
        "discharge": Topic.objects.create(
            name="Discharge and bed management", slug="discharge", parent=access
        ),
        "outpatients": Topic.objects.create(name="Outpatients", slug="outpatients", parent=access),
    }


def add_story(page, title, standfirst, body, topic_label):
    page.get_by_role("link", name="Add a story").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Standfirst").fill(standfirst)
    page.get_by_label("Author line").fill("By Eddie Editor, ImpAct editor")
    page.get_by_label("Body").fill(body)
    page.get_by_label(topic_label).check()
    page.get_by_role("button", name="Add story").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"“{title}” is added")


def story_titles(page) -> list[str]:
    return [
        re.sub(r"^\d+\.\s*", "", text)
        for text in page.locator(".app-story-order__item h3").all_inner_texts()
    ]


def test_editor_builds_previews_and_publishes_an_issue(page, sign_in_as, editor, topics):
    PracticeExampleFactory(
        title="Nurse-led discharge lounge",
        published=True,
        topics=[topics["discharge"]],
        organisation=editor.organisation,
    )
    sign_in_as(page, editor)
    page.goto("/impact/editor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ImpAct editor's dashboard")
    check_accessibility(page)
    screenshot(page, "impact-dashboard-empty")

    page.get_by_role("link", name="Create an issue").click()
    page.get_by_role("button", name="Create issue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the issue's title")
    check_accessibility(page)
    screenshot(page, "impact-issue-form-errors")
    page.get_by_label("Title").fill("Beating the winter pressures")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2001")
    page.get_by_role("button", name="Create issue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beating the winter pressures")

    add_story(
        page,
        "A discharge lounge that freed beds by noon",
        "Medically fit patients left the wards early in the day.",
        "Discharges before noon rose from **a fifth** to nearly two thirds.",
        "Access and waiting: Discharge and bed management",
    )
    check_accessibility(page)
    add_story(
        page,
        "Booked appointments end the waiting list lottery",
        "Patients choose a date before they leave the surgery.",
        "Did-not-attend rates fell by half.",
        "Access and waiting: Outpatients",
    )
    page.get_by_role("link", name="Add a story").click()
    check_accessibility(page)
    screenshot(page, "impact-story-form")
    page.get_by_role("link", name="Back to issue").click()
    add_story(
        page,
        "Winter planning that started in June",
        "Joint plans with social services cut trolley waits.",
        "Extra home-care packages were bought in advance.",
        "Access and waiting: Discharge and bed management",
    )

    # Put the winter story first, without JavaScript's help: Move up twice.
    page.get_by_role("button", name="Move up “Winter planning that started in June”").click()
    page.get_by_role("button", name="Move up “Winter planning that started in June”").click()
    assert story_titles(page) == [
        "Winter planning that started in June",
        "A discharge lounge that freed beds by noon",
        "Booked appointments end the waiting list lottery",
    ]
    check_accessibility(page)
    screenshot(page, "impact-issue-manage")
    page.get_by_role(
        "link", name="Remove “Booked appointments end the waiting list lottery”"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove “Booked appointments")
    check_accessibility(page)
    page.get_by_role("link", name="No, keep it").click()
    assert len(story_titles(page)) == 3

    # Related examples: found by search, added with a button.
    page.get_by_role(
        "link", name="Related examples for “A discharge lounge that freed beds"
    ).click()
    page.locator("main").get_by_label("Search published practice examples").fill("discharge")
    page.get_by_role("button", name="Search").last.click()
    page.get_by_role("button", name="Add “Nurse-led discharge lounge”").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("is linked to this story")
    check_accessibility(page)
    screenshot(page, "impact-related-examples")
    page.get_by_role("link", name="Back to issue").click()

    # Preview, exactly as readers will see it.
    page.get_by_role("link", name="Preview the issue as readers will see it").click()
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("Readers cannot see this yet")
    expect(page.locator(".app-story-card").first).to_contain_text("Winter planning")
    check_accessibility(page)
    screenshot(page, "impact-issue-preview")
    page.get_by_role("link", name="A discharge lounge that freed beds by noon").click()
    expect(page.get_by_role("list").filter(has_text="Nurse-led discharge lounge")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Back to putting issue 1 together").click()

    # The time fields show only once "Schedule" is chosen.
    expect(page.get_by_label("Time", exact=True)).to_be_hidden()
    page.get_by_label("Schedule for a date and time").check()
    expect(page.get_by_label("Time", exact=True)).to_be_visible()
    screenshot(page, "impact-publish-choice")
    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Continue").click()
    # Check before everyone is emailed: nothing has happened yet.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check before you publish it")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("will be emailed")
    check_accessibility(page)
    at_both_widths(page, "impact-publish-check")
    assert not Issue.objects.get(number=1).is_published()
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Issue 1 is published")
    check_accessibility(page)
    screenshot(page, "impact-issue-published")
    assert Issue.objects.get(number=1).is_published()


def test_editor_schedule_errors_are_summarised(page, sign_in_as, editor):
    issue = IssueFactory(number=4, title="Primary care groups", draft=True)
    StoryFactory(issue=issue, position=1)
    sign_in_as(page, editor)
    page.goto(f"/impact/editor/issues/{issue.pk}/")
    page.get_by_label("Schedule for a date and time").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2000")
    page.get_by_label("Time", exact=True).fill("9:00")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose a time in the future")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Day")).to_be_focused()
    check_accessibility(page)
    screenshot(page, "impact-schedule-error")


def test_reader_moves_through_an_issue_and_by_subject(page, sign_in_as, staff, topics):
    older = IssueFactory(number=5, title="Faster for cancer and the heart")
    StoryFactory(
        issue=older,
        position=1,
        title="Bed managers who talk to each other",
        topics=[topics["discharge"]],
    )
    issue = IssueFactory(number=6, title="Leading the change")
    first = StoryFactory(
        issue=issue, position=1, title="A lounge for the ready to go", topics=[topics["discharge"]]
    )
    StoryFactory(
        issue=issue,
        position=2,
        title="Booked appointments",
        topics=[topics["outpatients"]],
        body="## What changed\n\nPatients chose a date.\n\n- fewer missed appointments\n"
        "- clinics planned ahead",
    )
    StoryFactory(issue=issue, position=3, title="Keeping nurses in the NHS")
    first.related_examples.add(
        PracticeExampleFactory(title="Nurse-led discharge lounge", published=True)
    )

    sign_in_as(page, staff)
    page.goto("/")
    expect(page.locator(".app-latest-issue")).to_contain_text("ImpAct issue 6: Leading the change")
    check_accessibility(page)
    screenshot(page, "impact-home-panel")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="ImpAct").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leading the change")
    check_accessibility(page)
    screenshot(page, "impact-current-issue")

    page.get_by_role("link", name="A lounge for the ready to go").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A lounge for the ready to go")
    expect(page.get_by_role("link", name="Nurse-led discharge lounge")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "impact-story-first")

    page.get_by_role("link", name=re.compile("Next story")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Booked appointments")
    check_accessibility(page)
    screenshot(page, "impact-story-middle")
    page.get_by_role("link", name=re.compile("Next story")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Keeping nurses in the NHS")
    expect(page.get_by_role("link", name=re.compile("Next story"))).to_have_count(0)
    page.get_by_role("link", name=re.compile("Previous story")).click()
    page.get_by_role("link", name=re.compile("Previous story")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A lounge for the ready to go")

    # By subject: this story's subject lists stories across issues, newest first.
    page.get_by_role("link", name="Discharge and bed management").click()
    stories = page.locator(".app-story-listing a")
    expect(stories).to_have_text(
        ["A lounge for the ready to go", "Bed managers who talk to each other"]
    )
    check_accessibility(page)
    screenshot(page, "impact-subject")
    page.get_by_role("link", name="Every subject").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ImpAct stories by subject")
    check_accessibility(page)
    screenshot(page, "impact-subject-index")
    page.get_by_role("link", name="Bed managers who talk to each other").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bed managers")

    page.goto("/impact/issues/")
    expect(
        page.get_by_role("heading", level=2, name="2026").or_(page.locator("h2")).first
    ).to_be_visible()
    check_accessibility(page)
    screenshot(page, "impact-back-issues")

    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Subscribe to ImpAct").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("by email")
    check_accessibility(page)
    screenshot(page, "impact-profile-subscribed")


def test_the_demo_issues_read_well(page, sign_in_as, settings):
    from django.core.management import call_command

    from accounts.models import User

    settings.DEBUG = True
    call_command("load_demo_data")
    sign_in_as(page, User.objects.get(email="staff@demo.nhs.uk"))
    for path, name in [
        ("/impact/", "impact-demo-current"),
        ("/impact/issues/", "impact-demo-back-issues"),
        ("/impact/subjects/", "impact-demo-subjects"),
        ("/", "impact-demo-home"),
    ]:
        page.goto(path)
        check_accessibility(page)
        screenshot(page, name)
    page.goto("/impact/issues/1/")
    page.get_by_role("link", name="Eight Learning Centres, one in every region").click()
    expect(
        page.get_by_role("listitem").filter(has_text="a day on booked admissions")
    ).to_be_visible()
    check_accessibility(page)
    screenshot(page, "impact-demo-story")


def test_a_printed_story_is_its_text_without_navigation(page, sign_in_as, staff):
    issue = IssueFactory(number=7, title="Winter")
    story = StoryFactory(issue=issue, position=1, title="A lounge for the ready to go")
    StoryFactory(issue=issue, position=2, title="Booked appointments")
    sign_in_as(page, staff)
    page.goto(f"/impact/stories/{story.pk}/")
    issue_card = page.get_by_role("navigation", name=f"Issue {issue.number}")
    next_story = page.get_by_role("link", name="Next story")
    expect(issue_card).to_be_visible()
    expect(next_story).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_contain_text("A lounge for the ready to go")
    expect(page.get_by_text("The lounge opened at")).to_be_visible()
    for hidden in (
        issue_card,
        next_story,
        page.locator("header.nhsuk-header"),
        page.locator("footer"),
    ):
        expect(hidden).to_be_hidden()
    screenshot(page, "impact-story-printed")
