"""A new member of staff signs up, verifies, signs in, and finds their way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import at_both_widths, check_accessibility, screenshot
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trust(reference_data):
    from directory.models import Region

    return OrganisationFactory(
        name="Tyneside Riverside Hospitals NHS Trust",
        region=Region.objects.get(slug="northern-and-yorkshire"),
    )


@pytest.fixture
def member(trust):
    return UserFactory(email="jo.bloggs@nhs.net", full_name="Jo Bloggs", organisation=trust)


def fill_sign_in(page, email, password):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_sign_up(page, *, name, email, organisation, job_title=""):
    page.get_by_label("Full name").fill(name)
    page.get_by_label("NHS email address").fill(email)
    if job_title:
        page.get_by_label("Job title").fill(job_title)
    page.get_by_label("Organisation").select_option(label=organisation)
    page.get_by_role("button", name="Create account").click()


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def test_front_page_for_visitors(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Learn how other NHS teams")
    check_accessibility(page)
    screenshot(page, "front-page")


def test_sign_up_choose_a_password_from_the_link_and_sign_in(page, trust):
    page.goto("/accounts/sign-up/")
    expect(page.get_by_label("Password")).to_have_count(0)  # chosen from the email's link
    check_accessibility(page)
    screenshot(page, "sign-up")
    fill_sign_up(
        page,
        name="Priya Shah",
        email="priya.shah@nhs.net",
        organisation=trust.name,
        job_title="Discharge coordinator",
    )

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_accessibility(page)
    screenshot(page, "sign-up-check-email")

    # The link opens a page that changes nothing until a password is chosen.
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(path_of(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a password")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Discharge coordinator")
    assert not User.objects.get(email="priya.shah@nhs.net").is_email_verified
    check_accessibility(page)
    screenshot(page, "sign-up-choose-password")

    # A mistake is shown in the error summary, which leads to the field.
    page.get_by_label("Password", exact=True).fill("discharge-before-noon-2001")
    page.get_by_label("Confirm password").fill("discharge-before-noon-2011")
    page.get_by_role("button", name="Save password and confirm").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("The two passwords do not match")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page)
    screenshot(page, "sign-up-choose-password-error")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Confirm password")).to_be_focused()

    page.get_by_label("Password", exact=True).fill("discharge-before-noon-2001")
    page.get_by_label("Confirm password").fill("discharge-before-noon-2001")
    page.get_by_role("button", name="Save password and confirm").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("email address is confirmed")
    check_accessibility(page)
    fill_sign_in(page, "priya.shah@nhs.net", "discharge-before-noon-2001")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")
    assert User.objects.get(email="priya.shah@nhs.net").is_email_verified

    # The link has done its work: opened again, it says so.
    page.get_by_role("button", name="Sign out").click()
    page.goto(path_of(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(page.locator("main")).to_contain_text("already been used")
    check_accessibility(page)


def test_sign_up_with_a_refused_domain(page, trust):
    page.goto("/accounts/sign-up/")
    fill_sign_up(page, name="Pat Private", email="pat@example.com", organisation=trust.name)

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter an NHS email address")
    # The summary links to the field, and what was typed is still there.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("NHS email address")).to_be_focused()
    expect(page.get_by_label("Full name")).to_have_value("Pat Private")
    check_accessibility(page)
    screenshot(page, "sign-up-refused-domain")
    assert not User.objects.filter(email="pat@example.com").exists()


def test_sign_in_wrong_password_then_right(page, member):
    page.goto("/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/accounts/profile/"))
    fill_sign_in(page, member.email, "not-my-password")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "The email address or password is not right"
    )
    check_accessibility(page)
    at_both_widths(page, "sign-in-wrong-password")

    fill_sign_in(page, member.email, TEST_PASSWORD)
    # Back where they were going.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")


def test_sign_in_errors_follow_the_gov_uk_pattern(page, member):
    page.goto("/accounts/sign-in/")
    # Nothing is focused for the reader: the page starts at its top.
    assert page.evaluate("document.activeElement === document.body")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your password")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "sign-in-empty")

    # A wrong password: the summary links to the email field, and both are marked.
    page.get_by_label("Email address").fill(member.email)
    page.get_by_label("Password", exact=True).fill("not-my-password")
    # "Show" reveals what was typed (NHS.UK password input, started by a module script).
    page.get_by_role("button", name="Show password").click()
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("type", "text")
    page.get_by_role("button", name="Sign in").click()
    summary.get_by_role("link", name="The email address or password is not right").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    check_accessibility(page)
    screenshot(page, "sign-in-wrong-password-marked")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "sign-in-wrong-password-phone")


def test_lockout_after_ten_wrong_passwords(page, member):
    page.goto("/accounts/sign-in/")
    for _ in range(10):
        fill_sign_in(page, member.email, "guessing-wrong")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    check_accessibility(page)
    screenshot(page, "sign-in-locked-out")

    page.goto("/accounts/sign-in/")
    fill_sign_in(page, member.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")


def test_password_reset(page, member):
    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    check_accessibility(page)
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_accessibility(page)

    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(path_of(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_accessibility(page)
    screenshot(page, "password-reset-choose")
    page.get_by_label("New password", exact=True).fill("a-fresh-start-for-2001")
    page.get_by_label("New password confirmation").fill("a-fresh-start-for-2001")
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    page.get_by_role("button", name="Sign in").click()
    fill_sign_in(page, member.email, "a-fresh-start-for-2001")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Jo")


def test_asking_for_too_many_emails_is_refused_with_the_address_kept(page, monkeypatch):
    from accounts import views

    monkeypatch.setattr(views, "EMAILS_PER_ADDRESS_PER_HOUR", 1)
    for _ in range(2):
        page.goto("/accounts/password/reset/")
        page.get_by_label("Email").fill("often.forgets@nhs.net")
        page.get_by_role("button", name="Send reset link").click()

    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Try again in an hour")
    expect(page.get_by_label("Email")).to_have_value("often.forgets@nhs.net")
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page)
    screenshot(page, "password-reset-too-many")


def test_profile_shows_roles_and_saves_details(page, sign_in_as, trust):
    moderator = UserFactory(
        email="moderator@nhs.net",
        full_name="Morag Moderator",
        organisation=trust,
        job_title="",
        regions=["northern-and-yorkshire", "trent"],
    )
    sign_in_as(page, moderator)
    page.goto("/accounts/profile/")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(
        "Regional moderator (Northern & Yorkshire, Trent)"
    )
    check_accessibility(page)
    screenshot(page, "profile")
    page.get_by_label("Job title").fill("Head of service improvement")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your profile is saved")
    expect(page.get_by_label("Job title")).to_have_value("Head of service improvement")
    check_accessibility(page)


def test_home_page_and_sign_out(page, sign_in_as, member):
    sign_in_as(page, member)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Jo")
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Home")
    check_accessibility(page)
    screenshot(page, "home")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/$"))


def test_search_and_error_pages(page, sign_in_as, member):
    sign_in_as(page, member)
    page.goto("/")
    page.locator("#search-field").fill("tyneside")
    page.get_by_role("button", name="Search").first.click()
    # The header searches everything; organisations of the directory come after the kinds.
    expect(page.get_by_role("link", name="Tyneside Riverside Hospitals NHS Trust")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "search")
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility(page)
    screenshot(page, "not-found")
