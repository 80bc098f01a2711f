"""An Atom feed of a search's newest matches, for following it in a feed reader."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from practice_db import search
from practice_db.filters import ExampleSearchFilter
from practice_db.models import PracticeExample
from practice_db.views.search import search_query_string

FEED_SIZE = 50


class SearchFeed(Feed):
    """The 50 newest published examples matching the search in the address."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> search.SearchParams:
        filterset = ExampleSearchFilter(request.GET, choices=search.FacetChoices.load())
        if not filterset.is_valid():
            from django.core.exceptions import BadRequest

            raise BadRequest("Unknown search parameters.")
        return filterset.search_params()

    def title(self, params: search.SearchParams) -> str:
        if params.q:
            return f"Practice examples matching “{params.q}”"
        return "New practice examples"

    def subtitle(self, params: search.SearchParams) -> str:
        return (
            "The newest published examples in the National Database of Service Delivery Practice."
        )

    def feed_url(self, params: search.SearchParams) -> str:
        # The feed's own address keeps the search, so a reader follows this one.
        return f"{reverse('practice_db:search_feed')}?{search_query_string(params)}"

    def link(self, params: search.SearchParams) -> str:
        query_string = search_query_string(params)
        return f"{reverse('practice_db:search')}?{query_string}"

    def items(self, params: search.SearchParams):
        newest = search.SearchParams(q=params.q, filters=params.filters, sort="newest")
        ids = [row.id for row in search.iter_results(newest, limit=FEED_SIZE)]
        examples = PracticeExample.objects.select_related("organisation__region").in_bulk(ids)
        return [examples[pk] for pk in ids if pk in examples]

    def item_title(self, item: PracticeExample) -> str:
        return item.title

    def item_description(self, item: PracticeExample) -> str:
        # Atom carries the description as HTML; the summary is plain text.
        return escape(item.summary)

    def item_link(self, item: PracticeExample) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: PracticeExample):
        return item.published_at

    def item_author_name(self, item: PracticeExample) -> str:
        return item.organisation.name

    def item_categories(self, item: PracticeExample) -> list[str]:
        return [item.organisation.region.name]
