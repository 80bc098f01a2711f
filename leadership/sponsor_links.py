"""The link a sponsor endorses an application by: signed, for one application,
working for 14 days, once.

The token is signed with the portal's secret (Django signing, with a salt of
its own) and holds the application's id and the moment the link was sent.
Nothing else is stored: the application's `sponsor_asked_at` says which link
is the newest (sending a new one retires the old), and its status says whether
the sponsor has answered (which uses the link up). A refusal says why, with the
status its page answers: 400 for a link damaged or forged, 404 for a link to
another application than the address names, 410 for one expired, used or
replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.urls import reverse

from leadership.models import Application, Status
from learning_network.email import absolute_url

SALT = "leadership.sponsor_link"
LINK_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class Refusal:
    """Why a sponsor's link does not work, as the page says it."""

    status: int
    title: str
    message: str


DAMAGED = Refusal(
    400,
    "This link does not work",
    "The link may not have been copied in full. Open it again from the email, or ask the "
    "applicant to send you a new one from their application.",
)
OTHER_APPLICATION = Refusal(
    404,
    "This link does not work",
    "The link is not for this application. Open it again from the email, in full.",
)
EXPIRED = Refusal(
    410,
    "This link has expired",
    "Links to endorse an application work for 14 days. Ask the applicant to send you a new "
    "one from their application in the NHS Learning Network.",
)
REPLACED = Refusal(
    410,
    "This link has been replaced",
    "The applicant has sent you a newer link. Use the link in the most recent email.",
)
USED = Refusal(
    410,
    "This link has already been used",
    "You have already answered for this application, and each link works once. The "
    "applicant has been told your answer.",
)
WITHDRAWN = Refusal(
    410,
    "This application has been withdrawn",
    "The applicant withdrew it, so there is nothing to endorse.",
)


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def make_token(application: Application) -> str:
    return signing.dumps(
        {"application": application.pk, "sent": _stamp(application.sponsor_asked_at)}, salt=SALT
    )


def link_for(application: Application) -> str:
    """The full address of the newest link, for the sponsor's email."""
    return absolute_url(
        reverse(
            "leadership:sponsor",
            kwargs={"pk": application.pk, "token": make_token(application)},
        )
    )


def check(token: str, application: Application | None, pk: int) -> Refusal | None:
    """None when this token lets its holder answer for application `pk` now."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except signing.SignatureExpired:
        # Still ours, signed rightly: say it expired, not that it is damaged.
        return EXPIRED
    except signing.BadSignature:
        return DAMAGED
    if not isinstance(data, dict) or not isinstance(data.get("application"), int):
        return DAMAGED
    if data["application"] != pk or application is None:
        return OTHER_APPLICATION
    if application.sponsor_answered_at is not None:
        return USED
    if application.status == Status.WITHDRAWN:
        return WITHDRAWN
    if application.status != Status.AWAITING_SPONSOR or application.sponsor_asked_at is None:
        return USED
    if data.get("sent") != _stamp(application.sponsor_asked_at):
        return REPLACED
    return None
