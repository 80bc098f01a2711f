"""An example's whole life in a browser: draft, submit, moderate, publish, read, contact."""

import re

import pytest
from playwright.sync_api import expect

from practice_db.models import PracticeExample, Status
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def topics(reference_data):
    hospital = TopicFactory(name="Hospital care", slug="hospital-care")
    return TopicFactory(name="Hospital discharge", slug="hospital-discharge", parent=hospital)


def switch_to(page, sign_in_as, user):
    page.context.clear_cookies()
    sign_in_as(page, user)


def test_an_example_from_draft_to_a_message_to_its_lead(
    page,
    sign_in_as,
    topics,
    staff,
    moderator_london,
    moderator_trent,
    editor,
    mailoutbox,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path
    # A member of staff starts an example and saves a draft with only a title.
    sign_in_as(page, staff)
    page.goto("/")
    page.get_by_role("link", name="Practice database").first.click()
    page.get_by_role("link", name="Share an example from your service").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("About the service")
    check_accessibility(page)
    screenshot(page, "practice-form-new")
    page.get_by_label("Title", exact=True).fill("Nurse-led discharge lounge on the medical wards")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    check_accessibility(page)

    # Checking the answers names each part missing; a document added is kept.
    page.get_by_role("link", name="Topics and documents").click()
    page.get_by_label("Add documents").set_input_files(
        [{"name": "Bed audit.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Hospital discharge").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Before you can submit it")).to_be_visible()
    expect(page.get_by_role("link", name="Describe the problem addressed")).to_be_visible()
    expect(page.get_by_text("Bed audit.pdf")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "practice-form-errors")

    page.get_by_role("link", name="Describe the problem addressed").click()
    page.get_by_label("The problem addressed").fill("Beds were blocked each morning.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What was done", exact=True).fill("A nurse-led lounge opened at 9am.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Results and outcomes").fill("Beds free before noon rose from 20% to 65%.")
    page.get_by_label("Before-and-after comparison").check()
    page.get_by_label("Moderate", exact=True).check()
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="About the service").click()
    page.get_by_label("Summary", exact=True).fill(
        "Medically fit patients wait in a lounge, freeing beds by noon."
    )
    page.get_by_label("Completed", exact=True).check()
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="Contact").click()
    page.get_by_label("Lead's name").fill("Pat Lead")
    page.get_by_label("Lead's email address").fill("pat.lead@trust.nhs.uk")
    page.get_by_label("the lead agrees to be contacted", exact=False).check()
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your example has been submitted")).to_be_visible()
    example = PracticeExample.objects.get()
    assert example.status == Status.SUBMITTED
    assert example.attachments.get().original_name == "Bed audit.pdf"

    # A moderator of another region neither sees it in their queue nor can open it.
    switch_to(page, sign_in_as, moderator_trent)
    page.goto("/practice/moderation/")
    expect(page.get_by_text("Nurse-led discharge lounge")).to_have_count(0)
    assert page.goto(f"/practice/examples/{example.pk}/").status == 404

    # The region's moderator asks for changes.
    switch_to(page, sign_in_as, moderator_london)
    page.goto("/practice/moderation/")
    check_accessibility(page)
    screenshot(page, "practice-queue")
    page.get_by_role("link", name="Nurse-led discharge lounge on the medical wards").click()
    page.get_by_label("Request changes", exact=True).check()
    page.get_by_label("What needs to change").fill("Please say how patients got home.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Changes requested")).to_be_visible()

    # The submitter sees the comment in their examples and resubmits.
    switch_to(page, sign_in_as, staff)
    page.goto("/practice/mine/")
    expect(page.get_by_text("Please say how patients got home.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "practice-my-examples")
    page.get_by_role("link", name="Edit “Nurse-led").click()
    expect(page.get_by_text("Please say how patients got home.")).to_be_visible()
    page.get_by_role("link", name="What was done").click()
    page.get_by_label("What was done", exact=True).fill(
        "A nurse-led lounge opened at 9am, with transport booked the day before."
    )
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_role("link", name="Check your answers").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Your example has been submitted")).to_be_visible()

    # The moderator publishes it.
    switch_to(page, sign_in_as, moderator_london)
    page.goto(f"/practice/examples/{example.pk}/")
    page.get_by_label("Publish", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Published")).to_be_visible()

    # The lead, signed out, confirms by the emailed link that staff may contact them.
    page.context.clear_cookies()
    asked = next(m for m in mailoutbox if m.to == ["pat.lead@trust.nhs.uk"])
    page.goto(re.search(r"https?://[^/\s]+(/practice/lead/\S+/)", asked.body).group(1))
    check_accessibility(page)
    page.get_by_role("button", name="Yes, staff may contact me").click()
    expect(page.get_by_role("heading", name="You have confirmed")).to_be_visible()

    # Another member of staff finds it, reads it and writes to the lead.
    switch_to(page, sign_in_as, editor)
    page.goto("/practice/topics/hospital-discharge/")
    check_accessibility(page)
    page.get_by_role("link", name="Nurse-led discharge lounge on the medical wards").click()
    expect(page.get_by_role("heading", name="What was done")).to_be_visible()
    expect(page.get_by_role("link", name="Bed audit.pdf")).to_be_visible()
    page.get_by_label("Your message").fill("How did you staff the lounge at weekends?")
    page.get_by_role("button", name="Send your message").click()
    expect(page.get_by_text("Your message has been sent to Pat Lead")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "practice-example-published")
    assert any(
        message.to == ["pat.lead@trust.nhs.uk"] and "A question about" in message.subject
        for message in mailoutbox
    )


def test_the_browse_page_reads_well(page, sign_in_as, topics, staff):
    from tests.factories import PracticeExampleFactory

    for example in PracticeExampleFactory.create_batch(
        23, status=Status.PUBLISHED, organisation=staff.organisation, submitter=staff
    ):
        example.topics.add(topics)
    sign_in_as(page, staff)
    page.goto("/practice/")
    check_accessibility(page)
    screenshot(page, "practice-browse")
    page.get_by_role("link", name="Next page").first.click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    check_accessibility(page)
    page.goto("/practice/topics/")
    check_accessibility(page)
    screenshot(page, "practice-topics")
    page.goto("/")
    check_accessibility(page)
    screenshot(page, "home-with-examples")


def test_a_printed_example_is_its_text_with_links_in_full(page, sign_in_as, topics, staff, editor):
    from tests.factories import PracticeExampleFactory

    example = PracticeExampleFactory(
        published=True,
        organisation=staff.organisation,
        submitter=staff,
        links="https://www.england.nhs.uk/discharge",
    )
    sign_in_as(page, editor)
    page.goto(example.get_absolute_url())
    printed_from = page.get_by_text("Printed from")
    expect(printed_from).to_be_hidden()
    message_form = page.locator("main form").first
    expect(message_form).to_be_visible()

    page.emulate_media(media="print")
    for part in ("header.nhsuk-header", "footer", ".nhsuk-breadcrumb", "main form"):
        expect(page.locator(part).first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(example.title)
    expect(printed_from).to_be_visible()
    expect(printed_from).to_contain_text(f"{page.url}")
    after = "link => getComputedStyle(link, '::after').content"
    outside = page.get_by_role("link", name="https://www.england.nhs.uk/discharge")
    # Its text is already its address: printed once, not twice.
    assert outside.evaluate(after) == "none"
    organisation = page.locator("main").get_by_role("link", name=str(example.organisation))
    assert (
        organisation.evaluate(after) == f'" (/practice/organisations/{example.organisation.code}/)"'
    )
    screenshot(page, "practice-example-printed")
