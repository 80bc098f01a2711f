"""Signing up: NHS domains only, and the mailbox owner chooses the password.

Sign-up asks for no password. The emailed link opens a page where whoever
reads that mailbox chooses one; only posting that page verifies the address,
so an account made with someone else's address is theirs, not the maker's.
"""

import re

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from accounts import services
from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER_PASSWORD = "owner-chose-this-in-2001"
ATTACKER_PASSWORD = "attacker-chose-this-1999"


@pytest.fixture
def sign_up_data(london_trust):
    return {
        "full_name": "Priya Shah",
        "email": "Priya.Shah@Leeds.NHS.uk",
        "job_title": "Discharge coordinator",
        "organisation": london_trust.pk,
    }


@pytest.fixture
def sign_up(client, sign_up_data, mailoutbox, django_capture_on_commit_callbacks):
    """Post the sign-up form (with any changes) and return the emailed link's path."""

    def post(**changes) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:sign_up"), sign_up_data | changes)
        assert response.status_code == 302, response.text
        return link_path(mailoutbox[-1])

    return post


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)


def choose_password(client, path, password=OWNER_PASSWORD, confirm=None):
    return client.post(path, {"new_password1": password, "new_password2": confirm or password})


def can_sign_in(email, password) -> bool:
    from django.test import RequestFactory

    return authenticate(RequestFactory().post("/"), username=email, password=password) is not None


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("a.person@nhs.net", True),
        ("a.person@nhs.uk", True),
        ("a.person@leedsth.nhs.uk", True),
        ("a.person@NHS.NET", True),
        ("a.person@gmail.com", False),
        ("a.person@notnhs.uk", False),
        ("a.person@nhs.uk.example.com", False),
        ("a.person@nhs.net.evil.org", False),
    ],
)
def test_only_nhs_domains_may_sign_up(email, allowed):
    assert services.is_allowed_signup_email(email) is allowed


def test_the_sign_up_form_asks_for_no_password(client):
    page = client.get(reverse("accounts:sign_up")).text
    assert 'type="password"' not in page
    assert "choose a password" in page.lower()


def test_sign_up_creates_an_account_with_no_password_and_emails_the_link(
    client, sign_up_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_up"), sign_up_data)

    assert response.status_code == 302
    assert response.url == reverse("accounts:sign_up_done")
    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert user.email_verified_at is None
    assert not user.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["priya.shah@leeds.nhs.uk"]
    assert "Confirm your email address" in mailoutbox[0].subject
    assert "choose a password" in mailoutbox[0].body


def test_a_password_sent_with_the_sign_up_form_is_ignored(sign_up):
    sign_up(new_password1=ATTACKER_PASSWORD, password1=ATTACKER_PASSWORD)
    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert not user.has_usable_password()


def test_opening_the_link_changes_nothing(client, sign_up):
    path = sign_up()

    response = client.get(path)
    assert response.status_code == 200
    assert "Choose a password" in response.text
    assert "Priya Shah" in response.text  # the details the account was made with
    response = client.head(path)

    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert user.email_verified_at is None
    assert not user.has_usable_password()
    # Opened any number of times (a mail scanner, then the owner), it still works.
    assert choose_password(client, path).status_code == 302


def test_choosing_a_password_from_the_link_verifies_and_allows_sign_in(client, sign_up):
    path = sign_up()

    response = choose_password(client, path)

    assert response.status_code == 302
    assert response.url == reverse("accounts:sign_in")
    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert user.is_email_verified
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": "priya.shah@leeds.nhs.uk", "password": OWNER_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signing_up_with_someone_elses_address_does_not_give_the_account_away(
    client, sign_up, mailoutbox
):
    """The attack: sign up as a colleague, and wait for their mail program to open the link."""
    path = sign_up(password1=ATTACKER_PASSWORD, password2=ATTACKER_PASSWORD)
    client.get(path)  # a mail gateway, or the owner, opens the link

    assert not can_sign_in("priya.shah@leeds.nhs.uk", ATTACKER_PASSWORD)
    choose_password(client, path)  # the owner chooses their own password
    assert not can_sign_in("priya.shah@leeds.nhs.uk", ATTACKER_PASSWORD)
    assert can_sign_in("priya.shah@leeds.nhs.uk", OWNER_PASSWORD)


def test_signing_up_again_before_verifying_sends_a_new_link_and_keeps_the_latest_details(
    client, sign_up
):
    first = sign_up(full_name="Not Priya", job_title="Impostor")
    second = sign_up()

    assert User.objects.filter(email="priya.shah@leeds.nhs.uk").count() == 1
    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert (user.full_name, user.job_title) == ("Priya Shah", "Discharge coordinator")

    # The owner uses the newest link; after that no earlier link works.
    assert choose_password(client, second).status_code == 302
    response = client.get(first)
    assert response.status_code == 400
    assert "already been used" in response.text
    assert choose_password(client, first, password=ATTACKER_PASSWORD).status_code == 400
    assert can_sign_in("priya.shah@leeds.nhs.uk", OWNER_PASSWORD)


def test_a_used_link_does_not_work_again(client, sign_up):
    path = sign_up()
    choose_password(client, path)

    response = choose_password(client, path, password="another-choice-entirely-7")

    assert response.status_code == 400
    assert "already been used" in response.text
    assert can_sign_in("priya.shah@leeds.nhs.uk", OWNER_PASSWORD)


def test_mismatched_passwords_are_refused_and_nothing_is_verified(client, sign_up):
    path = sign_up()
    response = choose_password(client, path, confirm="something-else-entirely")

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text
    assert "Error: " in response.text  # in the page title
    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert not user.is_email_verified
    assert not user.has_usable_password()


def test_a_weak_password_is_refused(client, sign_up):
    path = sign_up()
    response = choose_password(client, path, password="password")
    assert response.status_code == 200
    assert "This password is too short" in response.text
    assert not User.objects.get(email="priya.shah@leeds.nhs.uk").is_email_verified


def test_a_password_like_the_persons_name_or_job_is_refused(client, sign_up):
    path = sign_up(full_name="Bartholomew Featherstonehaugh", job_title="Clinical governance lead")

    for password in ["Bartholomew Featherstonehaugh", "clinical governance lead"]:
        response = choose_password(client, path, password=password)
        assert response.status_code == 200
        assert "The password is too similar" in response.text, password
    assert not User.objects.get(email="priya.shah@leeds.nhs.uk").is_email_verified


def test_a_tampered_link_is_refused_with_a_way_forward(client, sign_up):
    path = sign_up()
    for method in (client.get, client.post):
        response = method(path[:-5] + "xxxx/")
        assert response.status_code == 400
        assert "Send a new link" in response.text
    assert not User.objects.get(email="priya.shah@leeds.nhs.uk").is_email_verified


def test_an_expired_link_is_refused(client, settings):
    pending = UserFactory(email_verified_at=None, password=None)
    token = services.make_verification_token(pending)
    settings.EMAIL_VERIFICATION_TIMEOUT = -1
    path = reverse("accounts:verify_email", kwargs={"token": token})
    assert "This link has expired" in client.get(path).text
    response = choose_password(client, path)
    assert response.status_code == 400
    pending.refresh_from_db()
    assert not pending.is_email_verified


def test_signing_up_again_with_a_taken_address_reveals_nothing_on_screen(
    client, sign_up_data, staff, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up_data["email"] = staff.email.upper()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_up"), sign_up_data)

    assert response.status_code == 302
    assert User.objects.filter(email=staff.email).count() == 1
    assert [m.subject for m in mailoutbox] == ["[NHS Learning Network] You already have an account"]
    staff.refresh_from_db()
    assert staff.full_name == "Sam Staff"  # an existing account's details are not touched
    assert can_sign_in(staff.email, TEST_PASSWORD)


def test_sign_up_with_another_domain_is_refused_and_keeps_what_was_typed(
    client, sign_up_data, mailoutbox
):
    sign_up_data["email"] = "priya@example.com"
    response = client.post(reverse("accounts:sign_up"), sign_up_data)

    assert response.status_code == 400
    assert "Enter an NHS email address" in response.text
    assert 'value="Priya Shah"' in response.text
    assert 'value="Discharge coordinator"' in response.text
    assert not User.objects.filter(email="priya@example.com").exists()
    assert mailoutbox == []


def test_an_unverified_account_cannot_sign_in_even_with_a_password(client):
    # Accounts made before sign-up stopped taking a password still have one.
    pending = UserFactory(email_verified_at=None)
    response = client.post(
        reverse("accounts:sign_in"), {"username": pending.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_resending_verification_sends_a_new_link_only_to_unverified_accounts(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:resend_verification"), {"email": staff.email})
    assert mailoutbox == []

    staff.email_verified_at = None
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert choose_password(client, link_path(mailoutbox[0])).status_code == 302
    assert can_sign_in(staff.email, OWNER_PASSWORD)


def test_signed_in_people_are_sent_home_from_sign_up(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:sign_up")).url == reverse("home")


def test_an_empty_sign_up_says_which_answers_are_missing(client):
    response = client.post(reverse("accounts:sign_up"), {})
    for message in (
        "Enter your full name",
        "Enter your NHS email address",
        "Choose the organisation you work for",
    ):
        assert message in response.text
    assert "This field is required" not in response.text
