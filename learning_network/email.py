"""Sending email from the portal: plain text, rendered from templates."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """A link for an email: the portal's address plus a path."""
    return f"{settings.SITE_URL}{path}"


def send_templated_email(
    *,
    to: Iterable[str],
    template: str,
    context: dict | None = None,
    reply_to: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    after_commit: bool = True,
) -> None:
    """Send `templates/<template>_subject.txt` and `<template>_body.txt`.

    By default the email goes once the current transaction commits, so that a
    rolled-back change never announces itself.
    """
    context = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL} | (
        context or {}
    )
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        to=list(to),
        reply_to=list(reply_to),
        headers=headers,
    )
    if after_commit:
        transaction.on_commit(message.send)
    else:
        message.send()
