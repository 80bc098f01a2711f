"""Sign-up, a new link and password reset are limited per email address and per client.

Each sends an email, so each could be used to flood someone's inbox or to
send mail in bulk from the portal. All three together send at most five
emails an hour to one address; each takes at most fifty requests an hour
from one client. Over a limit: 429, a clear message, and what was typed kept.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CLIENT = "192.0.2.44"


@pytest.fixture
def sign_up_data(london_trust):
    return {
        "full_name": "Priya Shah",
        "email": "priya.shah@nhs.net",
        "job_title": "Discharge coordinator",
        "organisation": london_trust.pk,
    }


def post(client, name, data, remote_addr=CLIENT):
    return client.post(reverse(name), data, REMOTE_ADDR=remote_addr)


def test_sign_up_sends_at_most_five_emails_an_hour_to_one_address(
    client, sign_up_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert post(client, "accounts:sign_up", sign_up_data).status_code == 302
        response = post(client, "accounts:sign_up", sign_up_data | {"full_name": "Priya K Shah"})

    assert response.status_code == 429
    assert "nhsuk-error-summary" in response.text
    assert "Try again in an hour" in response.text
    assert 'value="Priya K Shah"' in response.text  # what was typed is kept
    assert 'value="Discharge coordinator"' in response.text
    # Identical links asked for in the same second are one email; never more than five.
    assert 1 <= len(mailoutbox) <= 5
    # Another address is not held up by this one.
    other = sign_up_data | {"email": "sam.jones@nhs.net"}
    assert post(client, "accounts:sign_up", other).status_code == 302


def test_sign_up_new_link_and_reset_share_the_count_for_one_address(
    client, sign_up_data, staff, mailoutbox
):
    for _ in range(2):
        post(client, "accounts:sign_up", sign_up_data | {"email": staff.email})
    for _ in range(2):
        post(client, "accounts:resend_verification", {"email": staff.email})
    assert post(client, "accounts:password_reset", {"email": staff.email}).status_code == 302

    response = post(client, "accounts:password_reset", {"email": staff.email.upper()})
    assert response.status_code == 429
    assert f'value="{staff.email.upper()}"' in response.text
    response = post(client, "accounts:resend_verification", {"email": staff.email})
    assert response.status_code == 429


def test_one_client_may_sign_up_at_most_fifty_times_an_hour(client, sign_up_data, mailoutbox):
    for n in range(50):
        data = sign_up_data | {"email": f"person{n}@nhs.net"}
        assert post(client, "accounts:sign_up", data).status_code == 302

    response = post(client, "accounts:sign_up", sign_up_data)
    assert response.status_code == 429
    assert "from your network" in response.text
    assert 'value="priya.shah@nhs.net"' in response.text
    # Someone at another address carries on.
    assert post(client, "accounts:sign_up", sign_up_data, remote_addr="192.0.2.45").status_code == (
        302
    )


@pytest.mark.parametrize("name", ["accounts:resend_verification", "accounts:password_reset"])
def test_one_client_may_ask_for_links_at_most_fifty_times_an_hour(client, name):
    for n in range(50):
        assert post(client, name, {"email": f"person{n}@nhs.net"}).status_code == 302

    response = post(client, name, {"email": "priya.shah@nhs.net"})
    assert response.status_code == 429
    assert "from your network" in response.text
    assert 'value="priya.shah@nhs.net"' in response.text
    assert post(
        client, name, {"email": "priya.shah@nhs.net"}, remote_addr="192.0.2.45"
    ).status_code == (302)


def test_a_refused_request_sends_nothing(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            post(client, "accounts:password_reset", {"email": staff.email})
    sent = len(mailoutbox)
    assert sent >= 1
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "accounts:password_reset", {"email": staff.email})
    assert response.status_code == 429
    assert len(mailoutbox) == sent
