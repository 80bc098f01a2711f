"""Each issue is emailed to each subscriber once: never twice, even with two
senders or two workers, and never lost when the mail server fails."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from bulletin import services
from bulletin.models import Subscription
from learning_network.models import EmailStatus, OutgoingEmail
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import UserFactory
from tests.helpers import run_at_once
from tests.mail_server import MailServer
from tests.task_worker import make_waiting_tasks_due, run_worker, use_database_queue, waiting_tasks


def subscribers(count: int) -> list:
    users = [UserFactory(email=f"reader{n}@trust.nhs.uk") for n in range(count)]
    for user in users:
        Subscription.objects.create(user=user)
    return users


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Queue what is due and let the emails go, as the command and a worker do."""

    def send_due(**kwargs) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_due_issues(**kwargs)

    return send_due


@pytest.mark.django_db
def test_a_published_issue_goes_to_each_subscriber_once_with_its_contents(
    published_issue, settings, send
):
    readers = subscribers(3)
    UserFactory(email="not.subscribed@trust.nhs.uk")

    assert send() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in readers)
    body = mail.outbox[0].body
    assert "ImpAct issue 10: Beacons light the way" in mail.outbox[0].subject
    # The stories in order, each with its link, and the unsubscribe link.
    assert body.index("First story") < body.index("Second story") < body.index("Third story")
    for story in published_issue.stories.all():
        assert f"{settings.SITE_URL}{story.get_absolute_url()}" in body
    assert f"{settings.SITE_URL}/unsubscribe/" in body
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Running again, as the command does every few minutes, sends nothing more.
    assert send() == 0
    assert len(mail.outbox) == 3
    published_issue.refresh_from_db()
    assert published_issue.emailed_at is not None


@pytest.mark.django_db
def test_nothing_is_sent_for_a_draft_or_before_the_scheduled_time(
    draft_issue, scheduled_issue, send
):
    subscribers(2)
    assert send() == 0
    assert mail.outbox == []
    later = scheduled_issue.publish_at
    assert send(now=later) == 2
    assert {m.subject for m in mail.outbox} == {
        "[NHS Learning Network] ImpAct issue 12: Coming soon"
    }


@pytest.mark.django_db
def test_the_command_sends_what_is_due(published_issue, capsys, django_capture_on_commit_callbacks):
    subscribers(2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_bulletin")
        call_command("send_bulletin")
    assert len(mail.outbox) == 2
    assert "2 emails queued" in capsys.readouterr().out


@pytest.mark.django_db
def test_someone_who_already_had_the_issue_is_not_sent_it_again(published_issue, send):
    """Even when the issue is queued again (say, emailed_at was cleared)."""
    first, second = subscribers(2)
    assert send() == 2
    published_issue.emailed_at = None
    published_issue.save()
    third = UserFactory(email="new.reader@trust.nhs.uk")
    Subscription.objects.create(user=third)

    assert send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email, third.email])


@pytest.mark.django_db(transaction=True)
def test_smtp_failing_once_for_one_reader_still_delivers_the_issue_to_them_once(
    reference_data, settings
):
    """The mail server drops the connection the first time one reader's
    address is given: that reader gets the issue exactly once, after the
    retry, and everyone else once, straight away."""
    use_database_queue(settings)
    issue = IssueFactory(number=40, publish_at=timezone.now() - timedelta(minutes=1))
    StoryFactory(issue=issue, position=1, title="Cutting waits in outpatients")
    readers = subscribers(4)
    unlucky = readers[2].email

    with MailServer() as server:
        settings.MAILERS = server.mailer_settings()
        server.drop_first(unlucky)

        assert services.send_due_issues() == 4
        run_worker()

        assert server.recipients() == sorted(r.email for r in readers if r.email != unlucky)
        failed = OutgoingEmail.objects.get(to=[unlucky])
        assert failed.status == EmailStatus.QUEUED
        assert "SMTPServerDisconnected" in failed.last_error

        make_waiting_tasks_due()  # the minute's wait has passed
        run_worker()

        assert server.recipients() == sorted(r.email for r in readers)
        _, message = server.received[-1]
        assert message["To"] == unlucky
        assert "ImpAct issue 40" in message["Subject"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        # Nothing else is owed to anyone: more runs send nothing more.
        assert services.send_due_issues() == 0
        make_waiting_tasks_due()
        run_worker()
        assert server.recipients() == sorted(r.email for r in readers)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


def _in_two_threads(target) -> list:
    """`target("copy-1")` and `target("copy-2")` at the same moment; their results."""
    outcomes = run_at_once(lambda: target("copy-1"), lambda: target("copy-2"), timeout=60)
    return [outcome.get() for outcome in outcomes]


@pytest.mark.django_db(transaction=True)
def test_two_senders_and_two_workers_at_once_email_each_reader_once(reference_data, settings):
    """Two copies of the command queue the issue at once, then two workers
    send at once, each in its own thread with its own database connection."""
    use_database_queue(settings)
    issue = IssueFactory(number=30, publish_at=timezone.now() - timedelta(minutes=1))
    StoryFactory(issue=issue, position=1)
    readers = subscribers(8)

    real_send_once = services.send_once

    def slow_send_once(**kwargs):
        # Keep the first sender mid-issue while the second one looks for work.
        time.sleep(0.02)
        return real_send_once(**kwargs)

    with mock.patch.object(services, "send_once", side_effect=slow_send_once):
        queued = _in_two_threads(lambda name: services.send_due_issues())
    assert sorted(queued) == [0, 8]
    assert OutgoingEmail.objects.filter(purpose="bulletin.issue").count() == 8
    assert waiting_tasks().count() == 8

    _in_two_threads(run_worker)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in readers)
    assert not waiting_tasks().exists()


@pytest.mark.django_db(transaction=True)
def test_issues_sent_before_the_upgrade_are_not_sent_again(reference_data):
    """The migration copies each Delivery row into the record of sent email."""
    executor = MigrationExecutor(connection)
    before = [("bulletin", "0001_initial"), ("learning_network", "0001_outgoing_email")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    # Made with the models as they were then: later migrations add columns.
    issue = old_apps.get_model("bulletin", "Issue").objects.create(
        number=20,
        title="Good practice, issue 20",
        publication_date=timezone.localdate(),
        publish_at=timezone.now() - timedelta(days=1),
    )
    old_apps.get_model("bulletin", "Story").objects.create(
        issue=issue,
        position=1,
        title="A discharge lounge that worked",
        standfirst="Patients left by noon.",
        body="The lounge opened at **9am**.",
        author="By Pat Writer, Trent",
    )
    had_it, new_reader = subscribers(2)
    old_apps.get_model("bulletin", "Delivery").objects.create(
        issue_id=issue.pk, user_id=had_it.pk, sent_at=timezone.now() - timedelta(days=1)
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    copied = OutgoingEmail.objects.get()
    assert (copied.purpose, copied.recipient, copied.about) == (
        "bulletin.issue",
        f"user:{had_it.pk}",
        f"issue:{issue.pk}",
    )
    assert copied.status == EmailStatus.SENT
    assert services.send_due_issues() == 1
    assert [m.to for m in mail.outbox] == [[new_reader.email]]

    # Undone, the migration puts back a Delivery row for each issue sent.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    deliveries = old_apps.get_model("bulletin", "Delivery").objects.values_list(
        "user_id", flat=True
    )
    assert sorted(deliveries) == sorted([had_it.pk, new_reader.pk])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# -- Unsubscribing -------------------------------------------------------------


@pytest.mark.django_db
def test_the_unsubscribe_link_in_the_email_works_without_signing_in(client, published_issue, send):
    (reader,) = subscribers(1)
    send()
    link = re.search(r"https?://\S+(/unsubscribe/\S+/)", mail.outbox[0].body).group(1)

    page = client.get(link)
    assert page.status_code == 200
    assert "Unsubscribe from ImpAct" in page.text
    assert Subscription.objects.filter(user=reader).exists()  # a GET changes nothing

    done = client.post(link)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.text
    assert not Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_a_mail_programs_one_click_unsubscribe_works(published_issue, send):
    (reader,) = subscribers(1)
    send()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = re.sub(r"^https?://[^/]+", "", link)
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_a_link_from_an_issue_sent_before_the_one_unsubscribe_page_still_works(client):
    """Links of the old form (/impact/unsubscribe/<token>/) are in inboxes."""
    from django.core import signing

    (reader,) = subscribers(1)
    old_token = signing.dumps({"user": reader.pk}, salt="bulletin.unsubscribe", compress=True)

    page = client.get(f"/impact/unsubscribe/{old_token}/", follow=True)
    assert page.redirect_chain[0][0].startswith("/unsubscribe/")
    assert "Unsubscribe from ImpAct" in page.text
    assert Subscription.objects.filter(user=reader).exists()

    # A mail program's one-click POST to the old address is done in place.
    response = Client(enforce_csrf_checks=True).post(f"/impact/unsubscribe/{old_token}/")
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert not Subscription.objects.filter(user=reader).exists()


@pytest.mark.django_db
def test_a_tampered_old_unsubscribe_link_is_refused(client):
    from django.core import signing

    (reader,) = subscribers(1)
    token = signing.dumps({"user": reader.pk}, salt="bulletin.unsubscribe", compress=True)
    response = client.post(f"/impact/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert "not recognised" in response.text
    assert Subscription.objects.filter(user=reader).exists()
