"""The practice database's part of the header's search over everything."""

from __future__ import annotations

from learning_network.plugins import SearchGroup, SearchHit
from practice_db.search import SearchParams, fetch_results
from practice_db.search.counts import EXACT_LIMIT, about, estimate_matches, exact_total
from practice_db.search.query import needs_recheck


def search(query: str, user, limit: int) -> SearchGroup:
    """Published examples, best first, as the practice search ranks them.

    Counted more cheaply than the practice search's own page, which also
    counts every facet: exactly up to 10,000 matches, as that page does;
    above that (or for phrases and -words, whose exact count is slow) the
    planner's estimate, said to be "about", where the page counts a sample.
    """
    params = SearchParams(q=query)
    estimate = estimate_matches(params)
    total = None
    if estimate.matches <= EXACT_LIMIT and not needs_recheck(query):
        total = exact_total(params)
    estimated = total is None
    if estimated:
        total = about(estimate.matches)
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
