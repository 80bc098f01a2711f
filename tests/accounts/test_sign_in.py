"""Signing in and out, the lockout, and password reset."""

import re

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password, **extra):
    return client.post(
        reverse("accounts:sign_in"), {"username": email, "password": password, **extra}
    )


def test_staff_sign_in_with_email_and_password(client, staff):
    response = sign_in(client, "STAFF.member@trust.nhs.uk", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_wrong_password_is_refused_with_a_clear_message(client, staff):
    response = sign_in(client, staff.email, "not-the-password")
    assert response.status_code == 200
    assert "The email address or password is not right" in response.text
    # The summary links to the email field; both fields are marked.
    assert 'href="#id_username"' in response.text
    assert response.text.count('aria-invalid="true"') == 2
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({}, ["Enter your email address", "Enter your password"]),
        ({"username": "pat@nhs.net"}, ["Enter your password"]),
        ({"password": "something"}, ["Enter your email address"]),
        ({"username": "pat", "password": "x"}, ["Enter an email address in the correct format"]),
    ],
)
def test_each_empty_field_has_its_own_message(client, db, data, messages):
    response = client.post(reverse("accounts:sign_in"), data)
    for message in messages:
        assert message in response.text
    assert "autofocus" not in response.text


def test_the_password_field_has_a_show_button_started_by_a_script(client, db):
    html = client.get(reverse("accounts:sign_in")).text
    assert 'data-module="nhsuk-password-input"' in html
    assert 'aria-label="Show password"' in html
    assert "onclick" not in html
    assert "autofocus" not in html


def test_a_closed_account_cannot_sign_in(client, staff):
    staff.is_active = False
    staff.save()
    response = sign_in(client, staff.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_returns_to_the_page_asked_for(client, staff):
    response = sign_in(client, staff.email, TEST_PASSWORD, next=reverse("accounts:profile"))
    assert response.url == reverse("accounts:profile")


def test_sign_in_never_returns_to_another_site(client, staff):
    response = sign_in(client, staff.email, TEST_PASSWORD, next="https://evil.example.com/")
    assert response.url == reverse("home")


def test_ten_failed_sign_ins_lock_the_account_out(client, staff):
    for _ in range(9):
        assert sign_in(client, staff.email, "wrong-password").status_code == 200
    response = sign_in(client, staff.email, "wrong-password")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert "Try again in 30 minutes." in response.text

    # Locked: even the right password is refused for now.
    response = sign_in(client, staff.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_lifted_after_the_cool_off(client, staff, settings):
    from axes.models import AccessAttempt

    for _ in range(10):
        sign_in(client, staff.email, "wrong-password")
    AccessAttempt.objects.all().delete()  # what the cool-off's expiry does
    assert sign_in(client, staff.email, TEST_PASSWORD).status_code == 302


def test_sign_out_needs_a_post(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def reset_link_path(message, settings) -> str:
    """The path of the reset link, which must be on the portal's own address."""
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)
    assert link.startswith(f"{settings.SITE_URL}/"), link
    return link.removeprefix(settings.SITE_URL)


NEW_PASSWORD = "a-fresh-start-for-2001"


def choose_new_password(client, path, password=NEW_PASSWORD):
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.text
    return client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_password_reset_emails_a_link_that_sets_a_new_password(
    client, staff, mailoutbox, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff.email]

    response = choose_new_password(client, reset_link_path(mailoutbox[0], settings))
    assert response.status_code == 302
    assert sign_in(client, staff.email, "a-fresh-start-for-2001").status_code == 302


def test_the_reset_link_is_on_the_portals_address_whatever_host_was_asked(
    client, staff, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://learning-network.nhs.uk"
    settings.ALLOWED_HOSTS = ["learning-network.nhs.uk", "attacker.example"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": staff.email},
            HTTP_HOST="attacker.example",
        )
    assert response.status_code == 302
    assert "attacker.example" not in mailoutbox[0].body
    assert "https://learning-network.nhs.uk/accounts/password/reset/" in mailoutbox[0].body


def test_password_reset_for_an_unknown_address_says_the_same(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@nhs.net"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_resetting_the_password_also_verifies_the_email(
    client, staff, mailoutbox, settings, django_capture_on_commit_callbacks
):
    staff.email_verified_at = None
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": staff.email})
    choose_new_password(client, reset_link_path(mailoutbox[0], settings))
    staff.refresh_from_db()
    assert staff.is_email_verified


def test_an_account_waiting_for_its_password_can_get_one_by_password_reset(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    pending = UserFactory(email="waiting@nhs.net", email_verified_at=None, password=None)
    assert not pending.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "Waiting@NHS.net"})

    choose_new_password(client, reset_link_path(mailoutbox[0], settings))
    pending.refresh_from_db()
    assert pending.is_email_verified
    assert sign_in(client, pending.email, "a-fresh-start-for-2001").status_code == 302
