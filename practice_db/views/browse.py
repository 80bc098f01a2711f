"""Browsing published examples: the latest, by topic, region and organisation.

Each page makes the same statements whatever the database holds: the page of
20 walks the newest-first index (partial on published examples), filtered by
the region and topic columns search keeps on each example
(`facet_region_id`, `facet_topic_ids`, which include a topic's parent), so
no join or sub-select grows with the data. Pagers and region and topic
lists take their counts from `practice_db.published` (a cache forgotten on
publish), never from counting the table per request.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from accounts import permissions as roles
from directory.models import Organisation, Region, Topic
from learning_network.views import breadcrumbs
from practice_db.home import note_topics_viewed
from practice_db.models import PracticeExample
from practice_db.published import TIMEOUT, PublishedCounts, published_counts

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """A paginator told how many there are, instead of counting the table."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _published_list():
    return (
        PracticeExample.objects.published()
        .listed()
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("-published_at", "-pk")
    )


def _render_list(
    request: HttpRequest,
    examples,
    *,
    counts: PublishedCounts,
    count: int,
    title: str,
    intro: str = "",
    trail=(),
    **extra,
) -> HttpResponse:
    page = CountedPaginator(examples, PAGE_SIZE, count).get_page(request.GET.get("page"))
    return render(
        request,
        "practice_db/example_list.html",
        {
            "page": page,
            # The list is the same for everyone: the template caches it until
            # the published counts are made again (on publishing, or after
            # their TIMEOUT), and the page's statements for it are then not made.
            "list_version": counts.version,
            "list_cache_seconds": TIMEOUT,
            "title": title,
            "intro": intro,
            "breadcrumbs": breadcrumbs(
                *(
                    [("Practice database", reverse("practice_db:browse"))]
                    if trail is not None
                    else []
                ),
                *(trail or ()),
            ),
            **extra,
        },
    )


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    """The practice database's front page: the latest published examples."""
    counts = published_counts()
    regions = list(Region.objects.order_by("name"))
    for region in regions:
        region.published = counts.by_region.get(region.pk, 0)
    return _render_list(
        request,
        _published_list(),
        counts=counts,
        count=counts.total,
        title="Practice database",
        intro="How NHS teams have improved their services, written up so that you can learn "
        "from them and contact the people who did it.",
        trail=None,
        regions=regions,
        parent_topics=Topic.objects.filter(parent__isnull=True).order_by("name"),
        is_front=True,
        is_moderator=roles.is_moderator(request.user),
    )


@require_safe
def topic_index(request: HttpRequest) -> HttpResponse:
    counts = published_counts().by_topic
    parents = list(
        Topic.objects.filter(parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=Topic.objects.order_by("name")))
        .order_by("name")
    )
    for parent in parents:
        parent.published = counts.get(parent.pk, 0)
        for child in parent.children.all():
            child.published = counts.get(child.pk, 0)
    return render(
        request,
        "practice_db/topic_index.html",
        {
            "parents": parents,
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )


@require_safe
def by_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    note_topics_viewed(request.user, [topic.pk])  # for the learning opportunities "For you"
    # A parent topic lists the examples filed under it and under its
    # sub-topics: facet_topic_ids holds each example's topics and their parents.
    examples = _published_list().filter(facet_topic_ids__contains=[topic.pk])
    trail = [("Topics", reverse("practice_db:topics"))]
    if topic.parent:
        trail.append((topic.parent.name, reverse("practice_db:topic", args=[topic.parent.slug])))
    counts = published_counts()
    return _render_list(
        request,
        examples,
        counts=counts,
        count=counts.by_topic.get(topic.pk, 0),
        title=topic.name,
        intro=topic.description,
        trail=trail,
        subtopics=topic.children.order_by("name"),
        followed_topic=topic,
    )


@require_safe
def by_region(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    counts = published_counts()
    return _render_list(
        request,
        _published_list().filter(facet_region_id=region.pk),
        counts=counts,
        count=counts.by_region.get(region.pk, 0),
        title=f"Examples from {region.name}",
        organisations=region.organisations.order_by("name"),
    )


@require_safe
def by_organisation(request: HttpRequest, code: str) -> HttpResponse:
    if "\x00" in code:  # PostgreSQL refuses it in text: no organisation has it
        raise Http404("No such organisation.")
    organisation = get_object_or_404(Organisation.objects.select_related("region"), code=code)
    counts = published_counts()
    return _render_list(
        request,
        _published_list().filter(organisation=organisation),
        counts=counts,
        count=counts.by_organisation.get(organisation.pk, 0),
        title=f"Examples from {organisation.name}",
        intro=f"{organisation.get_type_display()} in {organisation.region.name}.",
        trail=[
            (
                organisation.region.name,
                reverse("practice_db:region", args=[organisation.region.slug]),
            )
        ],
    )


@login_not_required
@require_safe
def help_writing(request: HttpRequest) -> HttpResponse:
    """How to write a good example, the evidence scale, what moderators check."""
    return render(
        request,
        "practice_db/help_writing.html",
        {
            "support_email": settings.SUPPORT_EMAIL,
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )
