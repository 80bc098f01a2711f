"""Full-text, faceted search of published practice examples.

The database does the work, in a fixed number of statements whatever the
search (see `run_search`):

1. The planner's estimate of how many examples the words match (EXPLAIN,
   nothing read). It picks the sample that counts are taken from: every
   match when there are up to EXACT_LIMIT of them, else the matches among
   one example in 16, 64, 256 or 1,024 (each sample has its own partial GIN
   index, see migration 0002). Counts from a sample are scaled up and shown
   as "about".
2. The total and every facet's counts, in one statement over that sample.
   Each facet counts the matches that pass every *other* facet's filter, so
   its numbers say what choosing a value would give. When the sample shows
   few matches after all, one more statement counts them exactly.
3. The page of results. Relevance ranks only the newest MAX_RESULTS matches
   (ts_rank reads each candidate's vector, so ranking every match of a broad
   search would read most of the table), or RANK_CANDIDATES_RECHECKED for a
   phrase or a left-out word; newest-first and title order walk an index or
   gather from the GIN index, whichever reads less. Snippets are made for the
   20 rows of the page only. Every sort pages through at most MAX_RESULTS.

The modules, each explaining its part in more detail:

- `query`: the words as a tsquery (web-search syntax), the search's
  parameters, and the WHERE clause every statement starts from;
- `counts`: statements 1 and 2, and the exact recount;
- `facets`: each facet's column, filter and counts, and how they are shown;
- `results`: statement 3, snippets, and every match streamed (for the CSV,
  the feed, and ImpAct's related-example finder);
- `tables`: every table and column name, from the models' `_meta`, quoted.

Everything about the search is passed as parameters, never formatted into
SQL: the words, the chosen facet values and the published status. Django's
PostgreSQL backend binds parameters on the client by default, so the planner
sees the status as a constant and uses the indexes, all partial on published
examples (were `server_side_binding` turned on, check the plans again); the
sample's size is written into the statement for the same reason. Rows come
back as named tuples (`FacetCount`, `ResultRow`, `ExampleRow`), to be read
by name, not by position.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from practice_db.search.counts import Counts, Estimate, about, count_search, estimate_matches
from practice_db.search.facets import (
    BEACON_CHOICES,
    FACETS,
    Facet,
    FacetChoices,
    FacetCount,
    FacetResult,
    FacetValue,
    facet_results,
)
from practice_db.search.query import (
    MAX_QUERY_LENGTH,
    SORTS,
    SearchParams,
    Where,
    clean_query,
    match_where,
)
from practice_db.search.results import (
    MAX_RESULTS,
    PAGE_SIZE,
    ExampleRow,
    Result,
    ResultRow,
    fetch_results,
    highlight,
    iter_results,
    plain_snippet,
    result_limit,
)
from practice_db.search.tables import TABLE

# What the rest of the portal uses. The limits that tests and benchmarks tune
# (EXACT_LIMIT, RANK_CANDIDATES_RECHECKED, ...) live in, and are read from,
# their own modules: set them there.
__all__ = [
    "BEACON_CHOICES",
    "FACETS",
    "MAX_QUERY_LENGTH",
    "MAX_RESULTS",
    "PAGE_SIZE",
    "SORTS",
    "TABLE",
    "Counts",
    "Estimate",
    "ExampleRow",
    "Facet",
    "FacetChoices",
    "FacetCount",
    "FacetResult",
    "FacetValue",
    "Result",
    "ResultRow",
    "SearchPage",
    "SearchParams",
    "Where",
    "about",
    "clean_query",
    "highlight",
    "iter_results",
    "match_where",
    "plain_snippet",
    "run_search",
    "search_page",
]


@dataclass
class SearchPage:
    """One page of a search: its results, the total, and the facets."""

    params: SearchParams
    page: int
    results: list[Result]
    total: int
    estimated: bool
    facets: list[FacetResult]
    facets_estimated: bool = False

    @property
    def page_count(self) -> int:
        reachable = min(self.total, result_limit(self.params))
        return max(1, math.ceil(reachable / PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.results) - 1

    @property
    def has_facets(self) -> bool:
        return any(facet.values for facet in self.facets)

    @property
    def capped(self) -> bool:
        return self.total > result_limit(self.params)


def run_search(
    params: SearchParams,
    page: int,
    choices: FacetChoices,
    counts: tuple[Estimate, Counts] | None = None,
    results_for: Callable[[int, Callable[[], list[Result]]], list[Result]] | None = None,
) -> SearchPage:
    """Counts, facets and one page of results: three statements, and a fourth
    to count exactly a search the sample shows to be small.

    `counts` are `count_search`'s answer for these words and filters, when
    known; `results_for(page, fetch)` gives the page's results, calling
    `fetch` when it has to (both: see `search_page`)."""
    estimate, counted = counts if counts is not None else count_search(params)
    counted = replace(counted)  # a copy: what this page shows may correct its total
    page_count = max(1, math.ceil(min(counted.total, result_limit(params)) / PAGE_SIZE))
    page = min(max(page, 1), page_count)

    # Fetched even when the count says none, so that every search page makes
    # the same statements (and a sample that missed a rare match still shows it).
    def fetch() -> list[Result]:
        return fetch_results(params, (page - 1) * PAGE_SIZE, expected=estimate)

    results = fetch() if results_for is None else results_for(page, fetch)
    seen = (page - 1) * PAGE_SIZE + len(results)
    if page == 1 and len(results) < PAGE_SIZE:
        # Everything fits on the first page, so the count is exact after all.
        counted.total, counted.estimated = len(results), False
    elif counted.total < seen:
        # A sample can miss some matches; there are at least as many as shown.
        counted.total = seen
    return SearchPage(
        params=params,
        page=page,
        results=results,
        total=counted.total,
        estimated=counted.estimated,
        facets=facet_results(params, counted, choices),
        facets_estimated=counted.facets_estimated,
    )


# The pages cache's names for a search's counts and for each page of its results.
COUNTS_KEPT = "practice_db:search-counts"
RESULTS_KEPT = "practice_db:search-results"


def cache_key(params: SearchParams) -> tuple:
    """What a search's results depend on, in a fixed order: the words, each
    chosen facet's values (sorted), and the sort."""
    filters = tuple(
        (name, tuple(sorted(str(value) for value in values)))
        for name, values in sorted(params.active_filters.items())
    )
    return (params.q, filters, params.sort)


def search_page(
    params: SearchParams, page: int, choices: FacetChoices, version: str | None = None
) -> SearchPage:
    """`run_search`, with its counts and each page's results kept in the pages
    cache until what is published changes (`version`, the published version,
    read when not given): the same for every reader, since search only ever
    finds published examples. The counts and facets do not depend on the
    sort or the page, so the next page or another order of a search reuses
    them; a page is kept under its number once that is capped at the last
    page, so however far past the end an address asks, it adds no entry.

    A search's first reader, on its first page, gets the counts and the
    results from two statements run at once, on two connections
    (`learning_network.alongside`): neither depends on the other, and the
    reader waits for the slower only."""
    from learning_network.alongside import alongside
    from learning_network.page_cache import keep, recall, remember
    from practice_db.published import published_version

    version = version or published_version()
    words, filters, sort = cache_key(params)
    counts = recall(COUNTS_KEPT, version, (words, filters))
    first: list[Result] | None = None  # the first page's results, when read here
    if counts is None:
        estimate = estimate_matches(params)
        if page == 1:
            first = recall(RESULTS_KEPT, version, (words, filters, sort, 1))
        if page == 1 and first is None:
            counts, first = alongside(
                lambda: count_search(params, estimate),
                lambda: fetch_results(params, 0, expected=estimate),
            )
            keep(RESULTS_KEPT, version, (words, filters, sort, 1), first)
        else:
            counts = count_search(params, estimate)
        keep(COUNTS_KEPT, version, (words, filters), counts)

    def results_for(page: int, fetch: Callable[[], list[Result]]) -> list[Result]:
        if page == 1 and first is not None:
            return first
        return remember(RESULTS_KEPT, version, (words, filters, sort, page), fetch)

    return run_search(params, page, choices, counts, results_for)
