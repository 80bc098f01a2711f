"""The sponsor's link: no sign-in, one application, 14 days, once. Every other
link gets a clear 4xx page and changes nothing."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from leadership import services, sponsor_links
from leadership.models import Application, EventKind, Status
from learning_network.errors import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(application_in):
    return application_in(Status.AWAITING_SPONSOR)


def test_the_sponsor_endorses_without_an_account_and_both_sides_are_told(
    waiting,
    sponsor_url,
    staff,
    programme_coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = Client()
    url = sponsor_url(waiting)
    page = client.get(url)
    assert page.status_code == 200
    assert waiting.statement in page.text
    # Opening the link changes nothing.
    assert Application.objects.get(pk=waiting.pk).status == Status.AWAITING_SPONSOR

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "endorse", "comment": "Strongly support."})
    assert response.status_code == 200
    assert "You have endorsed" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Status.ENDORSED
    assert waiting.sponsor_comment == "Strongly support."
    event = waiting.events.get()
    assert (event.kind, event.actor, event.actor_name) == (
        EventKind.ENDORSED,
        None,
        "Helen Carter (sponsor)",
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, programme_coordinator.email])


def test_the_sponsor_page_needs_no_sign_in_even_for_a_signed_in_stranger(
    waiting, sponsor_url, client_as
):
    assert client_as("editor").get(sponsor_url(waiting)).status_code == 200


def test_not_endorsing_needs_a_reason_which_the_applicant_sees(waiting, sponsor_url, client_as):
    client = Client()
    response = client.post(sponsor_url(waiting), {"answer": "not_endorse"})
    assert response.status_code == 400
    assert "Say why you cannot endorse it" in response.text
    assert Application.objects.get(pk=waiting.pk).status == Status.AWAITING_SPONSOR

    client.post(sponsor_url(waiting), {"answer": "not_endorse", "comment": "Not this year."})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decision_reason) == (Status.DECLINED, "Not this year.")
    assert "Not this year." in client_as("staff").get(waiting.get_absolute_url()).text


def test_a_used_link_is_gone(waiting, sponsor_url):
    client = Client()
    url = sponsor_url(waiting)
    client.post(url, {"answer": "endorse"})
    for method in (client.get, lambda u: client.post(u, {"answer": "not_endorse", "comment": "x"})):
        response = method(url)
        assert response.status_code == 410
        assert "already been used" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Status.ENDORSED
    assert waiting.events.count() == 1


def test_an_expired_link_is_gone(waiting, sponsor_url):
    fifteen_days_ago = time.time() - 15 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=fifteen_days_ago):
        url = sponsor_url(waiting)
    response = Client().post(url, {"answer": "endorse"})
    assert response.status_code == 410
    assert "expired" in response.text
    assert Application.objects.get(pk=waiting.pk).status == Status.AWAITING_SPONSOR


def test_a_link_thirteen_days_old_still_works(waiting, sponsor_url):
    thirteen_days_ago = time.time() - 13 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=thirteen_days_ago):
        url = sponsor_url(waiting)
    assert Client().get(url).status_code == 200


@pytest.mark.parametrize(
    "damage",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token[:10],
        lambda token: "not-a-token",
        lambda token: signing.dumps({"application": 1}, salt="practice_db.lead_confirmation"),
    ],
)
def test_a_tampered_link_is_a_400(damage, waiting, sponsor_url):
    url = sponsor_url(waiting, token=damage(sponsor_links.make_token(waiting)))
    response = Client().post(url, {"answer": "endorse"})
    assert response.status_code == 400
    assert "copied in full" in response.text
    assert Application.objects.get(pk=waiting.pk).status == Status.AWAITING_SPONSOR


def test_a_link_for_another_application_is_a_404(waiting, application_in, sponsor_url):
    from tests.factories import UserFactory

    other = application_in(Status.AWAITING_SPONSOR, applicant=UserFactory())
    url = sponsor_url(other, token=sponsor_links.make_token(waiting))
    response = Client().post(url, {"answer": "endorse"})
    assert response.status_code == 404
    assert "not for this application" in response.text
    assert Application.objects.get(pk=other.pk).status == Status.AWAITING_SPONSOR
    assert Application.objects.get(pk=waiting.pk).status == Status.AWAITING_SPONSOR


def test_a_link_to_an_application_that_does_not_exist_is_a_404(waiting, sponsor_url):
    token = sponsor_links.make_token(waiting)
    waiting.pk = 999999
    assert Client().get(sponsor_url(waiting, token=token)).status_code == 404


def test_a_new_link_replaces_the_old(waiting, sponsor_url, staff, mailoutbox, committed):
    Application.objects.filter(pk=waiting.pk).update(
        sponsor_asked_at=timezone.now() - timedelta(days=3)
    )
    waiting.refresh_from_db()
    old = sponsor_url(waiting)
    committed(services.resend_sponsor_link, actor=staff, application_id=waiting.pk)
    waiting.refresh_from_db()
    assert Client().get(old).status_code == 410
    [email] = mailoutbox
    assert email.to == [waiting.sponsor_email]
    new = email.body.split("http://")[1].split()[0]
    assert Client().get("/" + new.split("/", 1)[1]).status_code == 200


def test_a_second_link_within_a_day_is_refused(waiting, staff):
    waiting.sponsor_asked_at = timezone.now() - timedelta(hours=23)
    waiting.save()
    with pytest.raises(Conflict, match="less than a day ago"):
        services.resend_sponsor_link(actor=staff, application_id=waiting.pk)


def test_a_link_to_a_withdrawn_application_is_gone(waiting, sponsor_url, staff):
    url = sponsor_url(waiting)
    services.transition_application(actor=staff, application_id=waiting.pk, action="withdraw")
    response = Client().get(url)
    assert response.status_code == 410
    assert "withdrew" in response.text


def test_the_link_answers_the_service_again_under_the_lock(waiting):
    """Two tabs: the second answer, posted after the first, is refused and changes nothing."""
    token = sponsor_links.make_token(waiting)
    services.answer_as_sponsor(application_id=waiting.pk, token=token, endorse=True)
    with pytest.raises(Conflict):
        services.answer_as_sponsor(
            application_id=waiting.pk, token=token, endorse=False, comment="Changed my mind"
        )
    assert Application.objects.get(pk=waiting.pk).status == Status.ENDORSED
