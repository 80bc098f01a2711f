"""Where good practice spread: "We tried this too", and the spread map."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from learning_network.errors import DomainError, NotAllowed, add_to_form
from learning_network.page_cache import remember
from learning_network.views import breadcrumbs
from practice_db import spread
from practice_db.forum_forms import AdoptionForm, SpreadFilterForm
from practice_db.published import published_version
from practice_db.views.examples import get_example_for_user


@require_http_methods(["GET", "HEAD", "POST"])
def tried_this(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(request, pk)
    if not example.is_published:
        raise NotAllowed("Only a published example can be marked as tried.")
    form = AdoptionForm(
        request.POST if request.method == "POST" else None,
        initial={"organisation": request.user.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            adoption = spread.record_adoption(
                actor=request.user, example_id=example.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            if adoption.own_example:
                messages.success(
                    request,
                    "Thank you. We started a draft example of your own from what you wrote: "
                    "finish it and submit it for review when you are ready.",
                )
                return redirect(adoption.own_example)
            messages.success(request, "Thank you: your organisation is shown where it spread.")
            return redirect(example)
    return render(
        request,
        "practice_db/tried_this_form.html",
        {
            "form": form,
            "example": example,
            "breadcrumbs": breadcrumbs(
                ("Practice database", reverse("practice_db:browse")),
                (example.title, example.get_absolute_url()),
            ),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def spread_map(request: HttpRequest) -> HttpResponse:
    """Regions shaded by how many organisations adopted examples (on a topic)."""
    form = SpreadFilterForm(request.GET or None)
    topic = form.cleaned_data["topic"] if form.is_valid() else None
    # The same for every reader, and counted over every adoption and every
    # source's bookings: kept in the pages cache until what is published
    # changes, and at most PAGES_CACHE_SECONDS (10 minutes), so a new
    # "We tried this too" or attendance shows within that.
    rows = remember(
        "practice_db:spread-map",
        published_version(),
        (topic.pk if topic else None,),
        lambda: spread.spread_by_region(topic),
    )
    regions, legend = spread.map_regions(rows)
    return render(
        request,
        "practice_db/spread_map.html",
        {
            "form": form,
            "topic": topic,
            "regions": regions,
            "legend": legend,
            "total": sum(row.organisations for row in rows),
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
        status=400 if form.errors else 200,
    )
