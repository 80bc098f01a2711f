"""Sending email from the portal: each message once, and never lost.

`send_once` is the one way to send. It renders the message from
`templates/<template>_subject.txt` and `_body.txt` straight away, inside the
caller's transaction, and writes it as an OutgoingEmail row whose key
(purpose, recipient, what it is about) is unique in the database: queuing
the same message again, from a second run, a retry or a second copy of a
command, does nothing. The row is handed to a task worker (`django.tasks`,
with the `django-tasks-db` queue in PostgreSQL), so a change that rolls back
sends nothing, and a slow or broken mail server never holds up a page.

The worker's task (`deliver_email`) locks the row, returns if it was sent
already, sends it and marks it sent, all in one transaction. When the mail
server fails it records the error and queues itself again after a growing
delay, up to `RETRY_DELAYS`, then marks the email failed (site admins see it
in Django admin and can try again). The one case that could still send twice
is a worker that loses the database in the instant between the mail
server's "accepted" and its own commit; the email's Message-ID is the same
on every attempt, so that many mail programs show such a copy once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from learning_network import unsubscribe as unsubscribing
from learning_network.models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# Seconds to wait before each further attempt: a minute, then up to six hours.
# An email that fails all six times (over about eight and a half hours) is
# marked failed.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60)
# The database's guarantee that each key is queued once.
ONCE = "learning_network_email_once"


def absolute_url(path: str) -> str:
    """A link for an email: the portal's address plus a path."""
    return f"{settings.SITE_URL}{path}"


class EmailKey(NamedTuple):
    """What makes one email one: what it is for, who gets it, what it is about.

    For example ("bulletin.issue", "user:12", "issue:30"). Name the recipient
    by account ("user:<id>") where there is one, so that a changed address
    does not make the same message new.
    """

    purpose: str
    recipient: str
    about: str


def about_objects(kind: str, ids: Iterable[object]) -> str:
    """The `about` part of a key for an email that lists several things (a digest):
    the same things give the same key, in any order."""
    joined = ",".join(sorted(str(pk) for pk in ids))
    if len(joined) <= 200:
        return f"{kind}:{joined}"
    return f"{kind}:sha256:{hashlib.sha256(joined.encode()).hexdigest()}"


def send_once(
    *,
    key: EmailKey | tuple[str, str, str],
    to: str | Iterable[str],
    template: str,
    context: dict | None = None,
    reply_to: Iterable[str] = (),
    unsubscribe: unsubscribing.UnsubscribeLink | None = None,
) -> bool:
    """Queue an email, once ever for its key; it goes when the transaction commits.

    `unsubscribe` (from `learning_network.unsubscribe.link`) puts its link in
    the template's context as `unsubscribe_url` and in the List-Unsubscribe
    headers; for an opt-out list, an address that opted out gets nothing.
    True when the email was queued now; False when this key was queued before
    or the recipient opted out.
    """
    key = EmailKey(*key)
    to = [to] if isinstance(to, str) else list(to)
    if not to:
        raise ValueError("An email needs at least one recipient.")
    if unsubscribe is not None and unsubscribing.opted_out(unsubscribe.kind, to):
        return False
    lookup = {"purpose": key.purpose, "recipient": key.recipient, "about": key.about}
    if OutgoingEmail.objects.filter(**lookup).exists():
        return False

    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL} | (
        context or {}
    )
    headers = {}
    if unsubscribe is not None:
        context["unsubscribe_url"] = unsubscribe.url
        headers = unsubscribe.headers
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                **lookup,
                to=to,
                reply_to=list(reply_to),
                subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
                body=body,
                headers=headers,
            )
            _queue(email.pk)
    except IntegrityError as error:
        if getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") != ONCE:
            raise
        # Another transaction queued the same key a moment ago.
        return False
    return True


def _queue(email_id: int, run_after: datetime | None = None) -> None:
    """Hand an email to the task worker, so that it goes only if this transaction commits.

    The database queue lives in the same database: its row is written in
    this transaction and commits, or rolls back, with the email's row, so a
    process that dies just after the commit loses nothing. Any other backend
    (the immediate one in tests) is handed the task once the commit is done.
    """
    from django_tasks_db import DatabaseBackend

    runner = deliver_email
    backend = runner.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            # Nothing here can wait: `retry_unsent_emails` picks it up later.
            return
        runner = runner.using(run_after=run_after)
    if isinstance(backend, DatabaseBackend):
        runner.enqueue(email_id)
    else:
        transaction.on_commit(lambda: runner.enqueue(email_id))


@task
def deliver_email(email_id: int) -> str:
    """Send one queued email; what happened, in a word, for the task's result.

    A failed attempt is recorded and the next one queued, then the error is
    raised so that the task's own result shows it too.
    """
    failure = None
    with transaction.atomic():
        # SKIP LOCKED: a row another worker holds is being sent by it now.
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None:
            return "locked or gone"
        if email.status != EmailStatus.QUEUED:
            return str(email.status)
        now = timezone.now()
        email.attempts += 1
        try:
            _message(email).send()
        except Exception as error:  # noqa: BLE001 (any failure of the mail server is retried)
            failure = error
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts > len(RETRY_DELAYS):
                email.status = EmailStatus.FAILED
            else:
                delay = RETRY_DELAYS[email.attempts - 1]
                email.next_attempt_at = now + timedelta(seconds=delay)
                _queue(email.pk, run_after=email.next_attempt_at)
        else:
            email.status = EmailStatus.SENT
            email.sent_at = now
        email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
    if failure is not None:
        # After the commit: the attempt and the next one are recorded, and the
        # task's own result shows the failure.
        logger.warning(
            "Email %s (%s, attempt %s) was not sent: %s",
            email.pk,
            email.purpose,
            email.attempts,
            email.last_error,
        )
        raise failure
    return str(email.status)


def _message(email: OutgoingEmail) -> EmailMessage:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    # The same on every attempt, so that a copy that slips through is shown once.
    digest = hashlib.sha256(f"{email.purpose}|{email.recipient}|{email.about}".encode())
    headers = {"Message-ID": f"<{email.pk}.{digest.hexdigest()[:24]}@{domain}>", **email.headers}
    return EmailMessage(
        subject=email.subject,
        body=email.body,
        to=email.to,
        reply_to=email.reply_to,
        headers=headers,
    )


def retry_unsent_emails(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Queue again each email still waiting well after its attempt was due.

    Its task was lost: a worker killed mid-send, or a queue that cannot wait.
    A second task for an email is harmless (the row lock and its status).
    How many were queued.
    """
    cutoff = timezone.now() - older_than
    ids = list(
        OutgoingEmail.objects.filter(
            status=EmailStatus.QUEUED, next_attempt_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            _queue(pk)
    return len(ids)


def send_again(email: OutgoingEmail) -> bool:
    """A site admin's retry of an email that failed every attempt."""
    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(pk=email.pk, status=EmailStatus.FAILED).update(
            status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        if updated:
            _queue(email.pk)
    return bool(updated)
