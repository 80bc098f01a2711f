"""The one unsubscribe page, for the link in every email that can be stopped."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from learning_network import unsubscribe as unsubscribing


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in. GET asks, POST does it, so that a mail scanner
    following links unsubscribes nobody.

    No CSRF check: mail programs' one-click unsubscribe (RFC 8058) posts here
    without a form, and the signed token, not a session, says whose it is.
    A token that is damaged or forged is a 400; one whose subject is gone (a
    deleted saved search, a closed account) is a 404.
    """
    found = unsubscribing.read(token)
    if found is None:
        return _not_recognised(request, status=400)
    subscription = unsubscribing.subscription(*found)
    if subscription is None:
        return _not_recognised(request, status=404)
    done = False
    if request.method == "POST":
        subscription.stop()
        done = True
    return render(
        request,
        "learning_network/unsubscribe.html",
        {"subscription": subscription, "done": done},
    )


def _not_recognised(request: HttpRequest, *, status: int) -> HttpResponse:
    return render(request, "learning_network/unsubscribe_not_recognised.html", status=status)


def legacy_unsubscribe(
    request: HttpRequest, link: unsubscribing.UnsubscribeLink | None, *, status_if_bad: int = 400
) -> HttpResponse:
    """An unsubscribe address from emails sent before the one page: a GET goes
    to the one page; a POST (a mail program's one-click, which may not follow
    a redirect) is done here."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    if link is None:
        return _not_recognised(request, status=status_if_bad)
    if request.method == "POST":
        return unsubscribe(request, token=link.token)
    return redirect("unsubscribe", token=link.token)
