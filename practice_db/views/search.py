"""Searching the practice database: the search page, CSV, saved searches."""

from __future__ import annotations

import csv
from dataclasses import replace
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from directory.models import Organisation, OrganisationType
from learning_network.page_cache import remember
from learning_network.paging import page_links
from learning_network.unsubscribe_views import legacy_unsubscribe
from learning_network.views import breadcrumbs
from practice_db import search
from practice_db.filters import ExampleSearchFilter
from practice_db.models import CareSetting, EvidenceRating, SavedSearch
from practice_db.published import published_version
from practice_db.unsubscribe import link_for_legacy_token

MAX_PAGE = 10**6


def parse_page(value: str | None) -> int:
    """A page number from the address: anything but a positive number is page 1."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 7:
        return 1
    return min(max(int(value), 1), MAX_PAGE)


def search_query_string(params: search.SearchParams) -> str:
    """The search as address parameters, in a fixed order (each facet's values
    sorted: the kept HTML of a search is keyed by it), without the page."""
    pairs = [("q", params.q)] if params.q else []
    for facet in search.FACETS:
        values = sorted(str(value) for value in params.filters.get(facet.name, ()))
        pairs.extend((facet.name, value) for value in values)
    if params.sort != "relevance":
        pairs.append(("sort", params.sort))
    return urlencode(pairs)


def _trail(*more: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(("Practice database", reverse("practice_db:browse")), *more)


def _bad_search(request: HttpRequest, filterset: ExampleSearchFilter) -> HttpResponse:
    return render(
        request,
        "practice_db/search_invalid.html",
        {"errors": filterset.form.errors, "breadcrumbs": _trail()},
        status=400,
    )


def _checked_search(request: HttpRequest, data=None):
    """(params, choices, None) for a good address; (None, None, a 400 page) for a bad one."""
    choices = search.FacetChoices.load()
    filterset = ExampleSearchFilter(request.GET if data is None else data, choices=choices)
    if not filterset.is_valid():
        return None, choices, _bad_search(request, filterset)
    return filterset.search_params(), choices, None


class OrganisationRow(NamedTuple):
    """An organisation as the search page names it beside the results."""

    name: str
    code: str
    region: str


def _matching_organisations(query: str, version: str) -> list[OrganisationRow]:
    """Up to five organisations whose name holds the words, or whose code
    they are: kept in the pages cache for the words under the published
    version (which saving or deleting an organisation changes)."""
    if not query or len(query) < 3:
        return []
    words = query.replace('"', " ").strip()
    if not words:
        return []

    def matching() -> list[tuple[str, str, str]]:
        return list(
            Organisation.objects.filter(Q(name__icontains=words) | Q(code__iexact=words))
            .order_by("name", "pk")
            .values_list("name", "code", "region__name")[:5]
        )

    rows = remember("practice_db:search-organisations", version, (words,), matching)
    return [OrganisationRow(*row) for row in rows]


@require_safe
def search_examples(request: HttpRequest) -> HttpResponse:
    """The search page: words, facets with counts, sorted and paged results."""
    params, choices, bad = _checked_search(request)
    if bad:
        return bad
    query_string = search_query_string(params)
    context = {
        "params": params,
        "query_string": query_string,
        "sorts": search.SORTS.items(),
        "breadcrumbs": _trail(),
        "topics": _topic_tree(choices),
        "saved": None,
    }
    if params.is_empty:
        return render(request, "practice_db/search.html", context)
    version = published_version()
    result = search.search_page(params, parse_page(request.GET.get("page")), choices, version)
    base = f"?{query_string}&" if query_string else "?"
    context |= {
        "result": result,
        # The results and the facets as HTML are the same for every reader
        # too: the template keeps them in the pages cache under this version.
        "published_version": version,
        "pages_cache_seconds": settings.PAGES_CACHE_SECONDS,
        "pagination": page_links(base, result.page, result.page_count),
        "organisations": _matching_organisations(params.q, version),
        "matching_topics": [
            topic
            for topic in context["topics"]
            if params.q and params.q.lower() in topic["name"].lower()
        ][:5],
        "active_filters": _active_filter_links(params, result.facets),
        "clear_filters_url": "?" + search_query_string(replace(params, filters={})),
    }
    _name_parents(result.facets, choices)
    return render(request, "practice_db/search.html", context)


def _name_parents(facets, choices: search.FacetChoices) -> None:
    """Give each sub-topic its subject's name, which a screen reader hears
    before it ("Hospital care: Discharge"), as sighted readers see the indent."""
    names = dict(choices.choices["topic"])
    for facet in facets:
        for value in facet.values:
            value.parent_label = names.get(value.parent, "") if value.parent else ""


def _topic_tree(choices: search.FacetChoices) -> list[dict]:
    names = dict(choices.choices["topic"])
    return [
        {
            "id": value,
            "name": name,
            "is_child": value in choices.topic_parents,
            "parent_name": names.get(choices.topic_parents.get(value, ""), ""),
        }
        for value, name in choices.choices["topic"]
    ]


def _active_filter_links(params: search.SearchParams, facets) -> list[dict]:
    """Each chosen facet value, with the address of this search without it."""
    links = []
    for facet in facets:
        for value in facet.values:
            if not value.selected:
                continue
            remaining = dict(params.filters)
            remaining[facet.name] = tuple(
                v for v in params.filters[facet.name] if str(v) != value.value
            )
            without = search.SearchParams(q=params.q, filters=remaining, sort=params.sort)
            links.append(
                {
                    "facet": facet.label,
                    "label": value.label,
                    "url": f"?{search_query_string(without)}",
                }
            )
    return links


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "Title",
    "Organisation",
    "Region",
    "Organisation type",
    "Care setting",
    "Strength of evidence",
    "Beacon",
    "Published",
    "Summary",
    "Address",
]


# The CSV says what the page says, not the stored codes.
ORGANISATION_TYPES = dict(OrganisationType.choices)
CARE_SETTINGS = dict(CareSetting.choices)
EVIDENCE_RATINGS = dict(EvidenceRating.choices)


def _csv_safe(value) -> str:
    """A spreadsheet must not read a cell as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@require_safe
def download_results(request: HttpRequest) -> HttpResponse:
    """The current results as CSV, streamed row by row.

    It stops where the pages stop (`search.result_limit`), so a broad search
    never streams the whole database while holding a connection; when it
    reaches that many rows, a last row says so.
    """
    params, _, bad = _checked_search(request)
    if bad:
        return bad
    writer = csv.writer(_Echo())
    limit = search.result_limit(params)

    def rows():
        yield writer.writerow(CSV_HEADER)
        written = 0
        for row in search.iter_results(params, limit=limit):
            written += 1
            published = row.published_at
            yield writer.writerow(
                [
                    _csv_safe(row.title),
                    _csv_safe(row.organisation),
                    row.region,
                    ORGANISATION_TYPES.get(row.organisation_type, row.organisation_type),
                    CARE_SETTINGS.get(row.care_setting, row.care_setting),
                    EVIDENCE_RATINGS.get(row.evidence_rating, row.evidence_rating),
                    "Yes" if row.is_beacon else "No",
                    timezone.localtime(published).date().isoformat() if published else "",
                    _csv_safe(row.summary),
                    request.build_absolute_uri(
                        reverse("practice_db:example", kwargs={"pk": row.id})
                    ),
                ]
            )
        if written >= limit:
            yield writer.writerow(
                [
                    f"This export stops at the first {limit:,} examples, as the search pages "
                    "do. Add words or choose filters to narrow the search."
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="practice-examples.csv"'
    return response


# -- Saved searches -----------------------------------------------------------


@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    """Save the search in the form's hidden fields under the name given."""
    params, _, bad = _checked_search(request, request.POST)
    if bad:
        return bad
    name = search.clean_query(request.POST.get("name", ""))[:100]
    query_string = search_query_string(params)
    back = f"{reverse('practice_db:search')}?{query_string}"
    if not name:
        messages.error(request, "Enter a name for the search.")
        return redirect(back)
    if len(query_string) > SavedSearch._meta.get_field("query_string").max_length:
        messages.error(request, "This search is too long to save: remove some filters.")
        return redirect(back)
    if params.is_empty:
        messages.error(request, "Enter some words or choose a filter before saving a search.")
        return redirect(back)
    try:
        with transaction.atomic():
            SavedSearch.objects.create(user=request.user, name=name, query_string=query_string)
    except IntegrityError:
        messages.error(request, f"You already have a saved search called “{name}”.")
        return redirect(back)
    messages.success(request, f"Saved “{name}”. We will email you when new examples match it.")
    return redirect(back)


@require_safe
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = SavedSearch.objects.filter(user=request.user)
    return render(
        request,
        "practice_db/search_saved.html",
        {
            "searches": searches,
            "breadcrumbs": _trail(("Search practice examples", reverse("practice_db:search"))),
        },
    )


@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, f"Deleted the saved search “{saved.name}”.")
    return redirect("practice_db:saved_searches")


@login_not_required
@csrf_exempt  # mail programs' one-click unsubscribe (RFC 8058) posts without a token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in saved-search emails sent before the portal had one
    unsubscribe page: it still works (see `learning_network.unsubscribe_views`)."""
    return legacy_unsubscribe(request, link_for_legacy_token(token), status_if_bad=404)
