"""Turning a refusal that no view caught into its error page.

A view that shows a form catches the domain error and puts it on the form
(`learning_network.errors.add_to_form`), so nothing typed is lost. Anything
else rises to here: `NotAllowed` becomes a 403, `Conflict` a 409, `Invalid` a
400 and `RateLimited` a 429, each a page that says what happened in the
service's words and offers the way back.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from learning_network.errors import DomainError


def refused_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(
        request,
        "refused.html",
        {"title": error.title, "message": error.message, "back": back},
        status=error.status_code,
    )


class DomainErrorMiddleware:
    """Renders a domain error that a view let rise as the page for its status."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return refused_response(request, exception)
        return None
