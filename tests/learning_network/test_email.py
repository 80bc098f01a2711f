"""send_once and the task worker: every email goes, once, even when the mail
server fails or two workers run at once."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from learning_network import email as emails
from learning_network.email import EmailKey, deliver_email, retry_unsent_emails, send_once
from learning_network.models import EmailStatus, OutgoingEmail
from tests.mail_server import MailServer
from tests.task_worker import make_waiting_tasks_due, run_worker, use_database_queue, waiting_tasks

# Any template with a subject and a body will do: this one needs a link.
TEMPLATE = "practice_db/email/review_due"


def queue(n: int = 1, *, to: str = "lead@trust.nhs.uk") -> bool:
    return send_once(
        key=EmailKey("test.reminder", to, f"example:{n}"),
        to=to,
        template=TEMPLATE,
        context={"example": {"title": f"Example {n}"}, "link": f"http://portal/{n}/"},
    )


# -- Queuing ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_key_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(1) is True
        assert queue(1) is False
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(1) is False
    assert [m.to for m in mail.outbox] == [["lead@trust.nhs.uk"]]
    assert "Example 1" in mail.outbox[0].body
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


@pytest.mark.django_db
def test_another_recipient_or_object_is_another_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(1)
        assert queue(2)
        assert queue(1, to="other.lead@trust.nhs.uk")
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_nothing_goes_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue(1)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_rolled_back_transaction_queues_and_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue(1)
        raise RuntimeError("the change failed")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()
    # The key is free again: the change, made again, sends its email.
    with django_capture_on_commit_callbacks(execute=True):
        assert queue(1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_on_the_database_queue_a_rolled_back_transaction_leaves_no_task(settings):
    use_database_queue(settings)
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(1)
        assert waiting_tasks().count() == 1  # queued inside the transaction...
        raise RuntimeError("the change failed")
    assert waiting_tasks().count() == 0  # ...so it went with the rollback
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_an_email_needs_a_recipient():
    with pytest.raises(ValueError, match="recipient"):
        send_once(key=("test", "nobody", "x"), to=[], template=TEMPLATE)


# -- The worker -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_was_queued_and_marks_it_sent(settings):
    use_database_queue(settings)
    queue(1)
    assert mail.outbox == []  # queued, not sent: no worker has run

    run_worker()

    assert [m.to for m in mail.outbox] == [["lead@trust.nhs.uk"]]
    email = OutgoingEmail.objects.get()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_retried_after_a_delay_and_then_goes_once(settings):
    use_database_queue(settings)
    with MailServer() as server:
        settings.MAILERS = server.mailer_settings()
        server.drop_first("lead@trust.nhs.uk")
        queue(1)

        started = timezone.now()
        run_worker()

        email = OutgoingEmail.objects.get()
        assert email.status == EmailStatus.QUEUED
        assert email.attempts == 1
        assert "SMTPServerDisconnected" in email.last_error
        assert server.received == []
        # The next attempt waits a minute, and the worker leaves it until then.
        (retry,) = waiting_tasks()
        assert retry.run_after - started >= timedelta(seconds=emails.RETRY_DELAYS[0])
        run_worker()
        assert server.received == []

        make_waiting_tasks_due()
        run_worker()

        assert server.recipients() == ["lead@trust.nhs.uk"]
        email.refresh_from_db()
        assert (email.status, email.attempts) == (EmailStatus.SENT, 2)
        make_waiting_tasks_due()
        run_worker()
        assert server.recipients() == ["lead@trust.nhs.uk"]


@pytest.mark.django_db(transaction=True)
def test_an_email_that_fails_every_time_is_marked_failed_and_can_be_sent_again(settings):
    use_database_queue(settings)
    with MailServer() as server:
        settings.MAILERS = server.mailer_settings()
        server.drop_first("lead@trust.nhs.uk", times=len(emails.RETRY_DELAYS) + 1)
        queue(1)
        for _ in range(len(emails.RETRY_DELAYS) + 1):
            run_worker()
            make_waiting_tasks_due()

        email = OutgoingEmail.objects.get()
        assert (email.status, email.attempts) == (EmailStatus.FAILED, len(emails.RETRY_DELAYS) + 1)
        assert not waiting_tasks().exists()
        assert server.received == []

        # A site admin tries again once the mail server is back.
        assert emails.send_again(email)
        run_worker()
        assert server.recipients() == ["lead@trust.nhs.uk"]
        email.refresh_from_db()
        assert email.status == EmailStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_email_once(settings):
    """Two workers, in two threads with their own database connections, work
    through one queue in which every email also has a second, duplicate task
    (as a retry or `retry_unsent_emails` can leave)."""
    use_database_queue(settings)
    for n in range(12):
        queue(n, to=f"lead{n}@trust.nhs.uk")
    for email in OutgoingEmail.objects.all():
        deliver_email.enqueue(email.pk)
    assert waiting_tasks().count() == 24

    real_message = emails._message
    both_started = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def slow_message(email):
        # Hold each send open a moment, so that the workers overlap.
        threading.Event().wait(0.02)
        return real_message(email)

    def worker(name: str) -> None:
        try:
            both_started.wait()
            run_worker(name)
        except BaseException as error:  # noqa: BLE001 (reported to the test below)
            errors.append(error)
        finally:
            connection.close()

    emails._message = slow_message
    try:
        threads = [threading.Thread(target=worker, args=(f"worker-{n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        emails._message = real_message

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"lead{n}@trust.nhs.uk" for n in range(12)
    )
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert not waiting_tasks().exists()


@pytest.mark.django_db(transaction=True)
def test_a_task_for_an_email_being_sent_elsewhere_leaves_it_alone(settings):
    use_database_queue(settings)
    queue(1)
    email = OutgoingEmail.objects.get()
    locked, release = threading.Event(), threading.Event()

    def other_worker_is_sending() -> None:
        try:
            with transaction.atomic():
                OutgoingEmail.objects.select_for_update().get(pk=email.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    other = threading.Thread(target=other_worker_is_sending)
    other.start()
    try:
        assert locked.wait(timeout=10)
        assert deliver_email.call(email.pk) == "locked or gone"
    finally:
        release.set()
        other.join()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_an_email_whose_task_was_lost_is_queued_again(settings):
    use_database_queue(settings)
    queue(1)
    waiting_tasks().delete()  # a worker killed mid-send loses its task
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(hours=2))

    assert retry_unsent_emails(older_than=timedelta(hours=3)) == 0
    call_command("retry_unsent_emails", stdout=io.StringIO())
    run_worker()

    assert [m.to for m in mail.outbox] == [["lead@trust.nhs.uk"]]
    assert retry_unsent_emails() == 0


@pytest.mark.django_db(transaction=True)
def test_each_attempt_carries_the_same_message_id(settings):
    """So that a copy that slips through (a worker that dies between the mail
    server's "accepted" and its own commit) is shown once by mail programs."""
    use_database_queue(settings)
    queue(1)
    email = OutgoingEmail.objects.get()
    first = emails._message(email).message()["Message-ID"]
    assert first == emails._message(OutgoingEmail.objects.get()).message()["Message-ID"]
    run_worker()
    assert mail.outbox[0].extra_headers["Message-ID"] == first


@pytest.mark.django_db(transaction=True)
def test_the_same_key_queued_at_once_in_two_transactions_is_queued_once(settings):
    """The second waits on the database's unique key, then finds it taken."""
    use_database_queue(settings)
    first_queued, first_may_commit = threading.Event(), threading.Event()
    results: dict[str, bool] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = queue(1)
                first_queued.set()
                first_may_commit.wait(timeout=10)
        finally:
            connection.close()

    def second() -> None:
        try:
            results["second"] = queue(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_queued.wait(timeout=10)
    threads[1].start()
    threads[1].join(timeout=0.5)
    assert threads[1].is_alive()  # waiting on the first transaction's row
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=10)

    assert results == {"first": True, "second": False}
    assert OutgoingEmail.objects.count() == 1
    assert waiting_tasks().count() == 1
