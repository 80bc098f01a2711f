"""What the portal does when its database goes away.

While PostgreSQL restarts, fails over or is unreachable, every page answers
a styled 503 with `Retry-After` instead of a 500. Nothing is half-saved:
every write with consequences runs in one `transaction.atomic()` in a
service, so a write the outage interrupted is rolled back whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# How long a browser or client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

# What a database that has gone away raises: connection refused or lost, the
# pool finding no connection in time, a server shutting down. Other database
# errors (integrity, bad SQL) are mistakes in the portal and stay 500s.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The 503 page, rendered without a request so that nothing asks the database.

    No context processors run (they look up the user), and the layout shows
    what it shows to someone signed out.
    """
    template = loader.get_template("503.html")
    response = HttpResponse(
        template.render(
            {"service_name": settings.SERVICE_NAME, "retry_after_seconds": RETRY_AFTER_SECONDS}
        ),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turn the database going away into the 503 page.

    It sits after AuthenticationMiddleware and before LoginRequiredMiddleware:
    Django hands a view's exceptions to `process_exception`, but not those of
    another middleware's `process_view`, so the session and user lookup that
    LoginRequiredMiddleware is about to make is made here first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # the view looks the user up itself, if it needs to
        try:
            request.user.is_authenticated  # noqa: B018 (the lookup is the point)
        except DATABASE_UNAVAILABLE as error:
            return self._unavailable(request, error)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request: HttpRequest, error: Exception) -> HttpResponse:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.warning(
            "The database is unavailable: %s %s answered 503 (%s)",
            request.method,
            request.path,
            first_line,
        )
        session = getattr(request, "session", None)
        if session is not None:
            # Saving the session would need the database too, and would turn
            # this page into a 500 on its way out.
            session.modified = False
        return database_unavailable_response()
