"""The portal's own pages: home, health check and error pages."""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from directory.models import Organisation, Topic
from learning_network import plugins, site_search
from learning_network.context_processors import section_address
from learning_network.middleware import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


def posted(request: HttpRequest):
    """A form's data: the POST's, even an empty one, so the form is bound and
    says what is missing (`request.POST or None` leaves an empty POST unbound
    and shows a blank form); None for a GET."""
    return request.POST if request.method == "POST" else None


def breadcrumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    """The pages above this one, starting from Home, for the layout's breadcrumb."""
    return [{"label": "Home", "url": reverse("home")}] + [
        {"label": label, "url": url} for label, url in trail
    ]


@login_not_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public front page for visitors; the staff home page once signed in.

    The signed-in page is the apps' panels (`plugins.home_panels`), each
    rendered on its own with its context and grouped by where it sits.
    """
    if not request.user.is_authenticated:
        return render(request, "learning_network/front_page.html")
    panels: dict[str, list[str]] = {region: [] for region in plugins.HOME_REGIONS}
    for panel in plugins.home_panels():
        context = panel.context_for(request.user)
        if context is not None:
            panels[panel.region].append(render_to_string(panel.template, context, request))
    return render(request, "learning_network/home.html", {"panels": panels})


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    summary: str | None = None


def your_work(user) -> dict[str, list[Link]] | None:
    """The home page's "Your work" panel: the apps' work links this user may
    follow, each with its line of what waits there."""
    links = [
        Link(link.label, section_address(link.url_name), link.summary_for(user))
        for link in plugins.work_links()
        if link.is_visible_to(user)
    ]
    return {"links": links} if links else None


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # One line, not a traceback: a load balancer asks every few seconds.
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.warning("Health check: the database did not answer (%s)", reason)
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "up"})


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "400.html", 400)


@login_not_required
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


@login_not_required
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "404.html", 404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke the page may break them too.
    from django.conf import settings
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"service_name": settings.SERVICE_NAME}), status=500)


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "learning_network/accessibility.html", {"breadcrumbs": breadcrumbs()})


@login_not_required
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "learning_network/privacy.html", {"breadcrumbs": breadcrumbs()})


# Organisations and topics of the directory shown below the grouped results.
DIRECTORY_LIMIT = 10


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """The header's search: every kind the apps declare (practice examples,
    ImpAct stories, research, ...), each kind's best few with a count and a link
    to that kind's own full search; then matching organisations and topics."""
    query = site_search.tidy(request.GET.get("q", ""))
    found = organisations = topics = None
    if query:
        found = site_search.search_everything(query, request.user)
        organisations = list(
            Organisation.objects.select_related("region")
            .filter(
                Q(name__icontains=query) | Q(code__iexact=query) | Q(region__name__icontains=query)
            )
            .order_by("region__name", "name")[:DIRECTORY_LIMIT]
        )
        topics = list(
            Topic.objects.select_related("parent")
            .filter(Q(name__icontains=query) | Q(description__icontains=query))
            .order_by("name")[:DIRECTORY_LIMIT]
        )
    return render(
        request,
        "learning_network/search.html",
        {
            "query": query,
            "kinds": plugins.search_kinds(),
            "found": found,
            "anything": bool(
                organisations or topics or any(f.group and f.group.total for f in found or ())
            ),
            "organisations": organisations,
            "topics": topics,
            "breadcrumbs": breadcrumbs(),
        },
    )


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, "403_csrf.html", 403)


@login_not_required
def admin_sign_in(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Django admin's sign-in: the portal's sign-in page, or a 403 for non-admins."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect("admin:index")
        return _error_page(request, "403.html", 403)
    query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
    return redirect(f"{reverse('accounts:sign_in')}?{query}")


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that do not name one (Django admin)."""
    from django.templatetags.static import static

    return redirect(static("css/assets/images/favicon.ico"))
