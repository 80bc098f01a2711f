"""The moderation queue: a moderator's examples, by tab, oldest first."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts import permissions as roles
from directory.models import Region
from learning_network.errors import NotAllowed
from learning_network.views import breadcrumbs
from practice_db.filters import QueueFilter
from practice_db.models import (
    PracticeExample,
    Revision,
    RevisionStatus,
    Status,
)

QUEUE_PAGE_SIZE = 50


def _queue_scope(user) -> str:
    region_ids = roles.moderated_region_ids(user)
    if region_ids is None:
        return "every region"
    names = sorted(Region.objects.filter(pk__in=region_ids).values_list("name", flat=True))
    return " and ".join(names)


def queue_tabs() -> dict[str, tuple[str, Q]]:
    """The queue's tabs: name -> (label, condition on the annotated queue)."""
    return {
        "pending": ("Waiting for review", Q(status=Status.SUBMITTED)),
        "changes": ("Changes requested", Q(status=Status.CHANGES_REQUESTED)),
        "proposed": (
            "Changes to published examples",
            Q(status=Status.PUBLISHED, has_pending_revision=True),
        ),
        "overdue": ("Overdue", Q(is_overdue=True)),
        "published": ("Published", Q(status=Status.PUBLISHED)),
        "rejected": ("Rejected", Q(status=Status.REJECTED)),
    }


@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    """A moderator's queue for their region(s), oldest first."""
    if not roles.is_moderator(request.user):
        raise NotAllowed("The moderation queue is for moderators.")
    tabs = queue_tabs()
    current = request.GET.get("tab", "pending")
    if current not in tabs:
        current = "pending"
    in_scope = (
        PracticeExample.objects.moderated_by(request.user)
        .with_overdue()
        .annotate(
            has_pending_revision=Exists(
                Revision.objects.filter(example=OuterRef("pk"), status=RevisionStatus.PENDING)
            )
        )
    )
    filters = QueueFilter(request.GET, queryset=in_scope, user=request.user)
    filter_query = {}
    if filters.is_valid():
        filter_query = {
            key: value
            for key, value in filters.form.data.items()
            if key in filters.filters and value
        }
    else:
        # An unknown organisation or topic in the address: show the whole queue.
        filters = QueueFilter(queryset=in_scope, user=request.user)
    examples = filters.qs
    counts = examples.aggregate(
        **{name: Count("pk", filter=condition) for name, (_, condition) in tabs.items()}
    )
    rows = (
        examples.filter(tabs[current][1])
        .select_related("organisation__region", "submitter", "assigned_to")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practice_db/queue.html",
        {
            "tabs": [(name, label, counts[name]) for name, (label, _) in tabs.items()],
            "current": current,
            "page": page,
            "scope": _queue_scope(request.user),
            "filter_form": filters.form,
            "filter_query": urlencode(filter_query),
            "filtered": bool(filter_query),
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )
