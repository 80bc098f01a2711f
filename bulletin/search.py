"""Searching ImpAct's stories: their own page, and their group in the header's search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from bulletin.models import Story
from learning_network import site_search
from learning_network.plugins import SearchGroup, SearchHit
from learning_network.views import breadcrumbs

PAGE_SIZE = 20


def _stories(query: str, user):
    return site_search.matching(
        Story.objects.visible_to(user).published().select_related("issue"), query
    )


def _hit(story: Story) -> SearchHit:
    return SearchHit(
        title=story.title,
        url=story.get_absolute_url(),
        summary=story.standfirst,
        meta=f"ImpAct {story.issue.number}, {story.issue.publish_at:%B %Y}",
    )


def search(query: str, user, limit: int) -> SearchGroup:
    return site_search.group_of(_stories(query, user), limit=limit, hit=_hit)


@require_safe
def search_stories(request: HttpRequest) -> HttpResponse:
    query = site_search.tidy(request.GET.get("q", ""))
    page = (
        Paginator(_stories(query, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
        if query
        else None
    )
    return render(
        request,
        "bulletin/search.html",
        {
            "query": query,
            "page": page,
            "breadcrumbs": breadcrumbs(("ImpAct", reverse("bulletin:current"))),
        },
    )
