"""What the portal keeps about the email it sends.

Every email is one OutgoingEmail row, written in the same transaction as the
change it reports and unique for its key (what it is for, who it goes to,
what it is about): a second attempt to queue the same message finds the row
and does nothing. A task worker sends the row's text and marks it sent; a
failure is recorded on the row and tried again later (`learning_network.email`).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed: no more attempts"


class OutgoingEmail(models.Model):
    """One email, rendered when it was queued, sent at most once by a worker."""

    # The key: for example ("bulletin.issue", "user:12", "issue:30").
    purpose = models.CharField(max_length=100)
    recipient = models.CharField(max_length=320)
    about = models.CharField(max_length=255)

    to = ArrayField(models.CharField(max_length=320))
    reply_to = ArrayField(models.CharField(max_length=320), default=list, blank=True)
    subject = models.TextField()
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)

    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the task that will next try to send it is due.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "recipient", "about"], name="learning_network_email_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status=EmailStatus.SENT, sent_at__isnull=False)
                | (~models.Q(status=EmailStatus.SENT) & models.Q(sent_at__isnull=True)),
                name="learning_network_email_sent_at_when_sent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="learning_network_email_queued",
                condition=models.Q(status=EmailStatus.QUEUED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.recipient} about {self.about}"


class EmailOptOut(models.Model):
    """An address that asked, by a link in an email, to stop one kind of email.

    For kinds of email with no subscription of their own (for example review
    reminders to a lead who may have no account), this is the record.
    """

    address = models.CharField(max_length=320)
    kind = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address", "kind"], name="learning_network_opt_out_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.address} stopped {self.kind}"
