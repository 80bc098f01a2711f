"""Searching Learning Centres and their events: their own pages, and their
groups in the header's search over everything.

Both use stored weighted vectors: a centre's is kept by a trigger (migration
0003: host organisation A, known for B, offers and basis C, region D); an
event is a session of the booking engine, whose vector (title A, description
B) the engine keeps for every app's sessions. The group of a kind and its
own page run the same query, so their counts and order agree.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.views.decorators.http import require_safe

from learning_centres import permissions
from learning_centres.models import LearningCentre
from learning_network import site_search
from learning_network.plugins import SearchGroup, SearchHit
from learning_network.views import breadcrumbs
from opportunities import permissions as opportunities_permissions
from opportunities.models import Session, SessionStatus

PAGE_SIZE = 20
SUMMARY_WORDS = 40


def _centres(query: str, user) -> QuerySet[LearningCentre]:
    """Current centres (a replaced designation is not searched), best first."""
    return site_search.matching(
        LearningCentre.objects.current()
        .filter(permissions.visible_q(user))
        .select_related("organisation", "region"),
        query,
    )


def _events(query: str, user) -> QuerySet[Session]:
    """Centres' published events, past ones too (their feedback is on the
    centre's page); never drafts, not even the organiser's, and not cancelled
    ones."""
    return site_search.matching(
        Session.objects.filter(opportunities_permissions.published_q(user))
        .filter(centre_event__isnull=False)
        .exclude(status__in=[SessionStatus.DRAFT, SessionStatus.CANCELLED])
        .select_related("centre_event__centre__organisation", "region"),
        query,
    )


def _centre_hit(centre: LearningCentre) -> SearchHit:
    return SearchHit(
        title=centre.organisation.name,
        url=centre.get_absolute_url(),
        summary=Truncator(centre.known_for).words(SUMMARY_WORDS),
        meta=f"Learning Centre for {centre.region.name}",
    )


def _event_hit(session: Session) -> SearchHit:
    event = session.centre_event
    when = date_format(localtime(session.starts_at), "j F Y")
    return SearchHit(
        title=session.title,
        url=session.get_absolute_url(),
        summary=Truncator(session.description).words(SUMMARY_WORDS),
        meta=(f"{event.get_event_type_display()}, {when}, {event.centre.organisation.name}"),
    )


def search_centres(query: str, user, limit: int) -> SearchGroup:
    return site_search.group_of(_centres(query, user), limit=limit, hit=_centre_hit)


def search_events(query: str, user, limit: int) -> SearchGroup:
    return site_search.group_of(_events(query, user), limit=limit, hit=_event_hit)


def _page(request: HttpRequest, found) -> tuple[str, object]:
    query = site_search.tidy(request.GET.get("q", ""))
    if not query:
        return query, None
    return query, Paginator(found(query, request.user), PAGE_SIZE).get_page(request.GET.get("page"))


def _crumbs() -> list[dict[str, str]]:
    return breadcrumbs(("Learning Centres", reverse("learning_centres:regions")))


@require_safe
def centres(request: HttpRequest) -> HttpResponse:
    query, page = _page(request, _centres)
    return render(
        request,
        "learning_centres/search.html",
        {"query": query, "page": page, "breadcrumbs": _crumbs()},
    )


@require_safe
def events(request: HttpRequest) -> HttpResponse:
    query, page = _page(request, _events)
    return render(
        request,
        "learning_centres/event_search.html",
        {"query": query, "page": page, "breadcrumbs": _crumbs()},
    )
