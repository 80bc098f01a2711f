"""The sign-in lockout's own rules, plugged into django-axes.

Axes counts failures for each account at each address and locks that pair
at AXES_FAILURE_LIMIT. It holds one limit only, so the second rule lives
here: SIGN_IN_ADDRESS_FAILURE_LIMIT failures from one address, at whatever
accounts, lock that address too, so that guessing at many accounts from one
place is stopped, while one person's mistakes lock nobody else out.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def username_for_lockout(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The address typed at sign-in, as the account matches it: whatever the capitals.

    Sign-in finds the account case-insensitively, so the count of failures
    must too, or changing case would start a fresh count.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if not isinstance(username, str):
        return None
    return username.strip().lower()


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off, at any account."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def is_address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with the per-address limit beside its own."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # Axes compares this one number with AXES_FAILURE_LIMIT, both when
        # checking a sign-in and when recording a failure: an address over
        # its own limit counts as having reached it.
        failures = super().get_failures(request, credentials)
        if is_address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page for a locked-out sign-in, saying which limit was reached."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": settings.SIGN_IN_ADDRESS_FAILURE_LIMIT,
            "by_address": is_address_locked(request),
            "cooloff_timedelta": get_cool_off(request),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
