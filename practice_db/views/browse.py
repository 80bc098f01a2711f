"""Browsing published examples: the latest, by topic, region and organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts import permissions as roles
from directory.models import Organisation, Region, Topic
from learning_network.views import breadcrumbs
from practice_db.models import (
    PracticeExample,
    Status,
)

PAGE_SIZE = 20


def _published_list():
    return (
        PracticeExample.objects.published()
        .select_related("organisation__region")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("-published_at", "-pk")
    )


def _render_list(
    request: HttpRequest, examples, *, title: str, intro: str = "", trail=(), **extra
) -> HttpResponse:
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practice_db/example_list.html",
        {
            "page": page,
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
    regions = Region.objects.annotate(
        published=Count(
            "organisations__practice_examples",
            filter=Q(organisations__practice_examples__status=Status.PUBLISHED),
        )
    ).order_by("name")
    return _render_list(
        request,
        _published_list(),
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
    published = Count("practice_examples", filter=Q(practice_examples__status=Status.PUBLISHED))
    counts = dict(Topic.objects.annotate(published=published).values_list("pk", "published"))
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
    # A parent topic lists the examples filed under it and under its sub-topics.
    topic_ids = [topic.pk, *topic.children.values_list("pk", flat=True)]
    examples = _published_list().filter(
        pk__in=PracticeExample.objects.filter(topics__in=topic_ids).values("pk")
    )
    trail = [("Topics", reverse("practice_db:topics"))]
    if topic.parent:
        trail.append((topic.parent.name, reverse("practice_db:topic", args=[topic.parent.slug])))
    return _render_list(
        request,
        examples,
        title=topic.name,
        intro=topic.description,
        trail=trail,
        subtopics=topic.children.order_by("name"),
    )


@require_safe
def by_region(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    return _render_list(
        request,
        _published_list().filter(organisation__region=region),
        title=f"Examples from {region.name}",
        organisations=region.organisations.order_by("name"),
    )


@require_safe
def by_organisation(request: HttpRequest, code: str) -> HttpResponse:
    if "\x00" in code:  # PostgreSQL refuses it in text: no organisation has it
        raise Http404("No such organisation.")
    organisation = get_object_or_404(Organisation.objects.select_related("region"), code=code)
    return _render_list(
        request,
        _published_list().filter(organisation=organisation),
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
