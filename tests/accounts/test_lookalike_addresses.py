"""Addresses with letters that only look like a to z are refused everywhere an
address is typed: the database and the limits would disagree about them."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

LOOKALIKES = ["ſmith@nhs.net", "smıth@nhs.net", "smith@nhs.net\u200b", "ѕmith@nhs.net"]


@pytest.mark.parametrize("email", LOOKALIKES)
def test_sign_up_refuses_a_lookalike_address(client, london_trust, email, mailoutbox):
    response = client.post(
        reverse("accounts:sign_up"),
        {
            "full_name": "Sam Smith",
            "email": email,
            "job_title": "Ward manager",
            "organisation": london_trust.pk,
        },
    )
    assert "nhsuk-error-summary" in response.text
    assert "only the letters a to z" in response.text or "valid email" in response.text
    assert not User.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("url_name", ["accounts:resend_verification", "accounts:password_reset"])
def test_links_are_not_sent_to_a_lookalike_of_a_real_address(client, url_name, mailoutbox):
    User.objects.create_user(email="sisi@nhs.net", password=None, full_name="Sisi")
    response = client.post(reverse(url_name), {"email": "ſiſi@nhs.net"})
    assert response.status_code in (200, 400)
    assert mailoutbox == []


def test_signing_in_with_a_lookalike_of_the_address_fails(client, staff):
    lookalike = staff.email.replace("s", "ſ", 1)
    assert lookalike != staff.email
    response = client.post(
        reverse("accounts:sign_in"), {"username": lookalike, "password": "any password at all"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
