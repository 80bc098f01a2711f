"""The one unsubscribe page: every kind of email, from its link, without signing in."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from accounts.services import make_verification_token
from bulletin.models import Subscription
from bulletin.unsubscribe import impact_link
from learning_network import unsubscribe
from learning_network.email import send_once
from learning_network.models import EmailOptOut, OutgoingEmail

pytestmark = pytest.mark.django_db

REMINDERS = "practice_db.review_reminders"


@pytest.fixture
def subscriber(staff):
    Subscription.objects.create(user=staff)
    return staff


def page(token: str) -> str:
    return reverse("unsubscribe", args=[token])


def test_get_asks_and_changes_nothing(client, subscriber):
    response = client.get(page(impact_link(subscriber).token))
    assert response.status_code == 200
    assert "Unsubscribe from ImpAct" in response.text
    assert f"Stop sending each new issue of ImpAct to {subscriber.email}?" in response.text
    assert Subscription.objects.filter(user=subscriber).exists()


def test_post_unsubscribes_and_says_so(client, subscriber):
    response = client.post(page(impact_link(subscriber).token))
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert not Subscription.objects.filter(user=subscriber).exists()
    # The same link again: no error, and it says where things stand.
    again = client.get(page(impact_link(subscriber).token))
    assert "You are not subscribed" in again.text


def test_one_click_post_needs_no_csrf_token_and_no_sign_in(subscriber):
    response = Client(enforce_csrf_checks=True).post(
        page(impact_link(subscriber).token), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=subscriber).exists()


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJzIjoxfQ:1:2", "x" * 5000],
    ids=["nonsense", "unsigned", "very long"],
)
def test_a_damaged_token_is_a_400(client, subscriber, token):
    response = client.post(page(token))
    assert response.status_code == 400
    assert "This unsubscribe link is not recognised" in response.text
    assert Subscription.objects.filter(user=subscriber).exists()


def test_a_token_tampered_with_is_a_400(client, subscriber):
    token = impact_link(subscriber).token
    assert client.post(page(token[:-2] + "xx")).status_code == 400
    assert Subscription.objects.filter(user=subscriber).exists()


def test_a_token_signed_for_something_else_is_a_400(client, subscriber):
    """An email verification token is signed by the portal, but not for this."""
    assert client.post(page(make_verification_token(subscriber))).status_code == 400
    forged_kind = signing.dumps({"kind": "accounts.delete", "user": subscriber.pk}, salt="x")
    assert client.post(page(forged_kind)).status_code == 400


def test_a_token_whose_subject_is_gone_is_a_404(client, staff):
    token = impact_link(staff).token
    staff.delete()
    assert client.get(page(token)).status_code == 404


def test_other_methods_are_refused(client, subscriber):
    assert client.put(page(impact_link(subscriber).token)).status_code == 405


def test_signed_in_staff_can_use_the_link_too(client_as, subscriber):
    response = client_as("staff").post(page(impact_link(subscriber).token))
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=subscriber).exists()


# -- Opt-out lists: kinds of email with no subscription of their own ------------


def remind(address: str, n: int = 1) -> bool:
    return send_once(
        key=(REMINDERS, address, f"example:{n}"),
        to=address,
        template="practice_db/email/review_due",
        context={"example": {"title": "Falls clinic"}, "link": "http://portal/1/"},
        unsubscribe=unsubscribe.link(REMINDERS, address=address),
    )


def test_an_address_that_opted_out_is_sent_nothing_more_of_that_kind(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assert remind("Lead@Trust.nhs.uk")
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert link in mailoutbox[0].body

    path = link.removeprefix("http://127.0.0.1:8000")
    assert "Unsubscribe from review date reminders" in client.get(path).text
    assert not EmailOptOut.objects.exists()
    assert "You are unsubscribed" in client.post(path).text
    assert EmailOptOut.objects.filter(address="lead@trust.nhs.uk", kind=REMINDERS).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert remind("lead@trust.nhs.uk", n=2) is False
        assert remind("other.lead@trust.nhs.uk", n=2) is True
    assert [m.to for m in mailoutbox[1:]] == [["other.lead@trust.nhs.uk"]]
    assert OutgoingEmail.objects.count() == 2


def test_opting_out_twice_is_harmless(client):
    path = page(unsubscribe.link(REMINDERS, address="lead@trust.nhs.uk").token)
    client.post(path)
    assert "You are unsubscribed" in client.post(path).text
    assert EmailOptOut.objects.count() == 1


def test_an_unknown_kind_of_email_has_no_link():
    with pytest.raises(LookupError):
        unsubscribe.link("no.such.kind", user=1)
