"""Each issue is emailed to each subscriber once: never twice, even with two senders."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from bulletin import services
from bulletin.models import Delivery, Subscription
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import UserFactory
from tests.helpers import run_at_once


def subscribers(count: int) -> list:
    users = [UserFactory(email=f"reader{n}@trust.nhs.uk") for n in range(count)]
    for user in users:
        Subscription.objects.create(user=user)
    return users


@pytest.mark.django_db
def test_a_published_issue_goes_to_each_subscriber_once_with_its_contents(
    published_issue, settings
):
    readers = subscribers(3)
    UserFactory(email="not.subscribed@trust.nhs.uk")

    assert services.send_due_issues() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in readers)
    body = mail.outbox[0].body
    assert "ImpAct issue 10: Beacons light the way" in mail.outbox[0].subject
    # The stories in order, each with its link, and the unsubscribe link.
    assert body.index("First story") < body.index("Second story") < body.index("Third story")
    for story in published_issue.stories.all():
        assert f"{settings.SITE_URL}{story.get_absolute_url()}" in body
    assert f"{settings.SITE_URL}/impact/unsubscribe/" in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Running again, as the command does every few minutes, sends nothing more.
    assert services.send_due_issues() == 0
    assert len(mail.outbox) == 3
    published_issue.refresh_from_db()
    assert published_issue.emailed_at is not None


@pytest.mark.django_db
def test_nothing_is_sent_for_a_draft_or_before_the_scheduled_time(draft_issue, scheduled_issue):
    subscribers(2)
    assert services.send_due_issues() == 0
    assert mail.outbox == []
    later = scheduled_issue.publish_at
    assert services.send_due_issues(now=later) == 2
    assert {m.subject for m in mail.outbox} == {
        "[NHS Learning Network] ImpAct issue 12: Coming soon"
    }


@pytest.mark.django_db
def test_the_command_sends_what_is_due(published_issue, capsys):
    subscribers(2)
    call_command("send_bulletin")
    call_command("send_bulletin")
    assert len(mail.outbox) == 2
    assert "2 emails sent" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_database_refuses_a_second_delivery_row(published_issue):
    (reader,) = subscribers(1)
    Delivery.objects.create(issue=published_issue, user=reader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=published_issue, user=reader)


@pytest.mark.django_db
def test_a_failed_email_is_tried_again_on_the_next_run(published_issue):
    first, second = subscribers(2)
    real_send = services._email_issue

    def flaky(issue, stories, user):
        if user == second:
            raise ConnectionError("SMTP server went away")
        real_send(issue, stories, user)

    with mock.patch.object(services, "_email_issue", side_effect=flaky):
        assert services.send_due_issues() == 1
    assert [m.to for m in mail.outbox] == [[first.email]]
    published_issue.refresh_from_db()
    assert published_issue.emailed_at is None  # not finished: someone is still owed it

    assert services.send_due_issues() == 1
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert services.send_due_issues() == 0


@pytest.mark.django_db
def test_the_unsubscribe_link_in_the_email_works_without_signing_in(client, published_issue):
    (reader,) = subscribers(1)
    services.send_due_issues()
    link = re.search(r"https?://\S+(/impact/unsubscribe/\S+/)", mail.outbox[0].body).group(1)

    page = client.get(link)
    assert page.status_code == 200
    assert "Unsubscribe from ImpAct" in page.text
    assert Subscription.objects.filter(user=reader).exists()  # a GET changes nothing

    done = client.post(link)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.text
    assert not Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_a_mail_programs_one_click_unsubscribe_works(published_issue):
    from django.test import Client

    (reader,) = subscribers(1)
    services.send_due_issues()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = re.sub(r"^https?://[^/]+", "", link)
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_a_tampered_unsubscribe_link_is_refused(client):
    (reader,) = subscribers(1)
    token = services.unsubscribe_token(reader)
    response = client.post(f"/impact/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert "not recognised" in response.text
    assert Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_never_send_twice(reference_data):
    """Two copies of the command, in two threads with their own database connections."""
    issue = IssueFactory(number=30, published=True)
    StoryFactory(issue=issue, position=1)
    readers = subscribers(6)

    real_send = services._email_issue

    def slow_send(*args):
        # Keep the first sender mid-issue while the second one looks for work.
        time.sleep(0.05)
        real_send(*args)

    with mock.patch.object(services, "_email_issue", side_effect=slow_send):
        outcomes = run_at_once(services.send_due_issues, services.send_due_issues)

    # Neither sender failed (get() raises what a sender raised); one sent all six.
    assert sorted(outcome.get() for outcome in outcomes) == [0, 6]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in readers)
    assert Delivery.objects.filter(issue=issue).count() == 6


@pytest.mark.django_db(transaction=True)
def test_a_sender_that_bypasses_the_issue_lock_still_cannot_email_anyone_twice(reference_data):
    """The unique Delivery row is the last word, whatever locks are or are not held."""
    issue = IssueFactory(number=31, published=True)
    StoryFactory(issue=issue, position=1)
    (reader,) = subscribers(1)
    Delivery.objects.create(issue=issue, user=reader)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, user=reader)
    assert services.send_due_issues() == 0
    assert mail.outbox == []
