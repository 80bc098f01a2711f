"""Signing up: NHS domains only, and no sign-in before the email is verified."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_up_data(london_trust):
    return {
        "full_name": "Priya Shah",
        "email": "Priya.Shah@Leeds.NHS.uk",
        "job_title": "Discharge coordinator",
        "organisation": london_trust.pk,
        "password1": "discharge-before-noon-2001",
        "password2": "discharge-before-noon-2001",
    }


def verification_link(message) -> str:
    return re.search(r"http://\S+/accounts/verify/\S+/", message.body).group(0)


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


def test_sign_up_creates_an_unverified_account_and_emails_the_link(
    client, sign_up_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_up"), sign_up_data)

    assert response.status_code == 302
    assert response.url == reverse("accounts:sign_up_done")
    user = User.objects.get(email="priya.shah@leeds.nhs.uk")
    assert user.email_verified_at is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["priya.shah@leeds.nhs.uk"]
    assert "Confirm your email address" in mailoutbox[0].subject


def test_sign_up_with_another_domain_is_refused_and_keeps_what_was_typed(
    client, sign_up_data, mailoutbox
):
    sign_up_data["email"] = "priya@example.com"
    response = client.post(reverse("accounts:sign_up"), sign_up_data)

    assert response.status_code == 200
    assert "Enter an NHS email address" in response.text
    assert 'value="Priya Shah"' in response.text
    assert 'value="Discharge coordinator"' in response.text
    assert not User.objects.filter(email="priya@example.com").exists()
    assert mailoutbox == []


def test_sign_up_with_mismatched_passwords_is_refused(client, sign_up_data):
    sign_up_data["password2"] = "something-else-entirely"
    response = client.post(reverse("accounts:sign_up"), sign_up_data)
    assert response.status_code == 200
    assert "The two passwords do not match" in response.text
    assert not User.objects.exists()


def test_sign_up_with_a_weak_password_is_refused(client, sign_up_data):
    sign_up_data["password1"] = sign_up_data["password2"] = "password"
    response = client.post(reverse("accounts:sign_up"), sign_up_data)
    assert response.status_code == 200
    assert "This password is too short" in response.text


def test_unverified_account_cannot_sign_in(client, sign_up_data):
    client.post(reverse("accounts:sign_up"), sign_up_data)
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": sign_up_data["email"], "password": sign_up_data["password1"]},
    )
    assert response.status_code == 200
    assert "Your email address is not verified yet" in response.text
    assert "_auth_user_id" not in client.session


def test_following_the_link_verifies_and_allows_sign_in(
    client, sign_up_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:sign_up"), sign_up_data)
    link = verification_link(mailoutbox[0])

    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302
    assert User.objects.get(email="priya.shah@leeds.nhs.uk").is_email_verified

    response = client.post(
        reverse("accounts:sign_in"),
        {"username": "priya.shah@leeds.nhs.uk", "password": sign_up_data["password1"]},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_tampered_link_is_refused_with_a_way_forward(
    client, sign_up_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:sign_up"), sign_up_data)
    path = verification_link(mailoutbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.get(path[:-5] + "xxxx/")
    assert response.status_code == 400
    assert "Send a new link" in response.text
    assert not User.objects.get(email="priya.shah@leeds.nhs.uk").is_email_verified


def test_an_expired_link_is_refused(client, staff, settings):
    staff.email_verified_at = None
    staff.save()
    token = services.make_verification_token(staff)
    settings.EMAIL_VERIFICATION_TIMEOUT = -1
    response = client.get(reverse("accounts:verify_email", kwargs={"token": token}))
    assert response.status_code == 400
    assert "This link has expired" in response.text


def test_signing_up_again_with_a_taken_address_reveals_nothing_on_screen(
    client, sign_up_data, staff, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up_data["email"] = staff.email.upper()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:sign_up"), sign_up_data)

    assert response.status_code == 302
    assert User.objects.filter(email=staff.email).count() == 1
    assert [m.subject for m in mailoutbox] == ["[NHS Learning Network] You already have an account"]


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


def test_signed_in_people_are_sent_home_from_sign_up(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:sign_up")).url == reverse("home")
