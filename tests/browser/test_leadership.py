"""Applying to a leadership programme in a browser: a draft, check your answers,
the sponsor's endorsement by the emailed link, and the coordinator's acceptance."""

import re

import pytest
from playwright.sync_api import expect

from leadership.models import Application, Status
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import UserFactory
from tests.leadership.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db(transaction=True)


def switch_to(page, sign_in_as, user):
    page.context.clear_cookies()
    sign_in_as(page, user)


def test_an_application_from_draft_through_endorsement_to_acceptance(
    page, sign_in_as, staff, programme_coordinator, mailoutbox
):
    cohort = CohortFactory(name="Spring cohort", places=1)
    programme = cohort.programme

    # A member of staff finds the programme and starts an application.
    sign_in_as(page, staff)
    page.goto("/")
    page.get_by_role("link", name="Leadership", exact=True).first.click()
    check_accessibility(page)
    screenshot(page, "leadership-programmes")
    page.get_by_role("link", name=programme.title).click()
    check_accessibility(page)
    screenshot(page, "leadership-programme")
    page.get_by_role("button", name="Apply to Spring cohort").click()
    check_accessibility(page)
    screenshot(page, "leadership-application-form")
    page.get_by_label("Your current role").fill("Ward sister, acute medicine")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()

    # Later, from their applications, they finish it.
    page.goto("/leadership/applications/")
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Finish it").click()
    page.get_by_label("Your experience of leading or managing").fill("Three years leading a ward.")
    page.get_by_label("What you want to develop").fill("Leading change across the hospital.")
    page.get_by_label("Your statement").fill("I want to lead change that lasts.")
    page.get_by_label("Your sponsor's name").fill("Helen Carter")
    page.get_by_label("Your sponsor's email address").fill(staff.email)
    page.get_by_role("button", name="Continue").click()
    # Naming themselves as sponsor is refused beside the field.
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "leadership-application-errors")
    page.get_by_label("Your sponsor's email address").fill("helen.carter@example.org")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    check_accessibility(page)
    screenshot(page, "leadership-check-answers")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application is submitted")).to_be_visible()
    check_accessibility(page)
    application = Application.objects.get()
    assert application.status == Status.AWAITING_SPONSOR

    # The sponsor, who has no account, endorses by the emailed link.
    page.context.clear_cookies()
    asked = next(m for m in mailoutbox if m.to == ["helen.carter@example.org"])
    link = re.search(r"https?://[^/\s]+(/leadership/sponsor/\S+/)", asked.body).group(1)
    page.goto(link)
    check_accessibility(page)
    screenshot(page, "leadership-sponsor")
    page.get_by_label("Yes, I endorse it").check()
    page.get_by_label("Comment for the applicant").fill("Ruth leads our best ward.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    check_accessibility(page)
    # The link works once.
    assert page.goto(link).status == 410
    check_accessibility(page)
    screenshot(page, "leadership-sponsor-used")

    # The coordinator shortlists and accepts; the only place is then taken.
    switch_to(page, sign_in_as, programme_coordinator)
    page.goto("/")
    page.get_by_role("link", name="Leadership programmes you coordinate").click()
    check_accessibility(page)
    screenshot(page, "leadership-coordinating")
    page.get_by_role("link", name="Spring cohort").click()
    check_accessibility(page)
    page.get_by_role("link", name=staff.full_name).click()
    page.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_text("shortlisted. They have been emailed")).to_be_visible()
    page.get_by_role("link", name=staff.full_name).click()
    check_accessibility(page)
    screenshot(page, "leadership-application-coordinator")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("1 of 1")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "leadership-cohort")

    # The applicant sees where it stands.
    switch_to(page, sign_in_as, staff)
    page.goto("/leadership/applications/")
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "leadership-my-applications")
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    subjects = [m.subject for m in mailoutbox if m.to == [staff.email]]
    assert subjects[-1].endswith(f"Accepted: your application to {programme.title}")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_confirmation_pages_read_well(page, sign_in_as, staff, programme_coordinator, width):
    page.set_viewport_size({"width": width, "height": 900})
    cohort = CohortFactory(name="Spring cohort")
    mine = ApplicationFactory(cohort=cohort, applicant=staff, status=Status.ACCEPTED)
    theirs = ApplicationFactory(cohort=cohort, status=Status.SHORTLISTED)
    reserve = ApplicationFactory(
        cohort=cohort, applicant=UserFactory(full_name="Rhys Reserve"), status=Status.RESERVE
    )
    suffix = "" if width == 1280 else "-phone"

    sign_in_as(page, staff)
    page.goto(f"/leadership/applications/{mine.pk}/")
    check_accessibility(page)
    screenshot(page, f"leadership-application-applicant{suffix}")
    page.get_by_role("link", name="Withdraw this application").click()
    check_accessibility(page)
    screenshot(page, f"leadership-withdraw{suffix}")
    page.get_by_role("button", name="Withdraw application").click()
    expect(page.get_by_text("is withdrawn")).to_be_visible()
    screenshot(page, f"leadership-my-applications-after-withdrawing{suffix}")
    page.goto("/leadership/")
    check_accessibility(page)
    screenshot(page, f"leadership-programmes{suffix}")
    page.goto(cohort.programme.get_absolute_url())
    check_accessibility(page)
    screenshot(page, f"leadership-programme{suffix}")

    switch_to(page, sign_in_as, programme_coordinator)
    page.goto(cohort.get_absolute_url())
    expect(page.get_by_text("Rhys Reserve is first on the reserve list")).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"leadership-cohort-place-free{suffix}")
    page.get_by_role("link", name="Offer them the place").click()
    check_accessibility(page)
    screenshot(page, f"leadership-move-up{suffix}")
    page.get_by_role("button", name="Yes, accept Rhys Reserve").click()
    expect(page.get_by_text("Rhys Reserve: accepted")).to_be_visible()
    reserve.refresh_from_db()
    assert reserve.status == Status.ACCEPTED

    page.goto(f"/leadership/applications/{theirs.pk}/decline/")
    page.get_by_role("button", name="Decline application").click()
    expect(page.get_by_text("Give the reason for declining").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"leadership-decline{suffix}")
    page.get_by_label("Reason for declining").fill("Your project needs a board sponsor first.")
    page.get_by_role("button", name="Decline application").click()
    expect(page.get_by_text("is declined")).to_be_visible()

    page.goto(f"/leadership/cohorts/{cohort.pk}/edit/")
    check_accessibility(page)
    screenshot(page, f"leadership-cohort-form{suffix}")
