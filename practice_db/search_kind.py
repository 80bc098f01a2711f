"""The practice database's part of the header's search over everything."""

from __future__ import annotations

from learning_network.plugins import SearchGroup, SearchHit
from practice_db.search import SearchParams, count_search, fetch_results


def search(query: str, user, limit: int) -> SearchGroup:
    """Published examples, best first, counted as the practice search counts
    them (from a sample, and said to be "about", when there are very many)."""
    params = SearchParams(q=query)
    estimate, counted = count_search(params)
    results = fetch_results(params, 0, limit=limit, expected=estimate)
    total = max(counted.total, len(results))
    return SearchGroup(
        total=total,
        estimated=counted.estimated and total > len(results),
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
