"""The practice database's part of the header's search over everything."""

from __future__ import annotations

from learning_network.page_cache import remember
from learning_network.plugins import SearchGroup, SearchHit
from practice_db.published import published_version
from practice_db.search import SearchParams, count_search, fetch_results
from practice_db.search.counts import EXACT_LIMIT, estimate_matches, exact_total
from practice_db.search.query import needs_recheck


def search(query: str, user, limit: int) -> SearchGroup:
    """Published examples, best first, as the practice search ranks them: the
    same for every reader, so kept in the pages cache until what is
    published changes."""
    return remember(
        "practice_db:search-kind",
        published_version(),
        (query, limit),
        lambda: _search(query, limit),
    )


def _search(query: str, limit: int) -> SearchGroup:
    """The best `limit` published examples for the words, and how many match.

    Counted as the practice search's own page counts (so "See all" shows the
    same figure), but without its facets when the planner expects 10,000
    matches or fewer: then they are counted one by one, a statement fewer.
    """
    params = SearchParams(q=query)
    estimate = estimate_matches(params)
    total = None
    if estimate.matches <= EXACT_LIMIT and not needs_recheck(query):
        total = exact_total(params)
    estimated = total is None
    if estimated:
        # Counted from a sample as the practice search's page counts it, so
        # "See all" leads to the same "about" figure.
        estimate, counted = count_search(params)
        total, estimated = counted.total, counted.estimated
    results = fetch_results(params, 0, limit=limit, expected=estimate)
    if len(results) < limit:  # all of them are here: the count is exact
        total, estimated = len(results), False
    total = max(total, len(results))
    return SearchGroup(
        total=total,
        estimated=estimated and total > len(results),
        hits=tuple(
            SearchHit(
                title=result.title,
                url=result.url,
                summary=result.snippet,
                meta=f"{result.organisation}, {result.region}",
            )
            for result in results
        ),
    )
