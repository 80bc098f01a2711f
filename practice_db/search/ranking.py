# SQL here is assembled from this package's own constants and the models'
# quoted names only; the words and every value are passed as parameters.
# ruff: noqa: S608
"""Relevance: which matches are ranked, and in what order.

Plain `ts_rank` over every match reads each match's whole vector, so for a
broad word it reads most of the table. Ranking only the newest matches is
fast but never considers an older example, however well its title matches.
Relevance here ranks the union of two sets of candidates:

1. The matches whose title or summary matches, ranked by `ts_rank` on the
   small title-and-summary vector (`title_vector`, its own GIN index): every
   one of them when the planner expects at most TITLE_RANK_LIMIT; for words
   so common that more match, every match whose *title* matches (a GIN index
   of the title's words: a word in most summaries is in few titles). The
   best TITLE_CANDIDATES of these are kept, whatever their age. Words in
   more than TITLE_RANK_LIMIT titles too (a word such as "service" that a
   tenth of all titles hold) have no title candidates: each of those titles
   matches it, so the title tells them apart no better than their age.
2. The newest `candidates` matches, as the page walks or gathers them, so
   that an example matching only in its long sections is still found.

The union (at most twice `candidates`) is ordered by plain `ts_rank` over the
whole vector, with its default normalisation, which is plain ranking's own
order: an example plain ranking puts on the first page is on ours whenever
it is among the candidates (`bench_search` counts how often, for titles).
For a left-out word (`-word`) a title can match while the whole example does
not, so only the best `candidates` by title are checked against the whole
vector, which reads at most that many vectors.
"""

from __future__ import annotations

from practice_db.search.counts import Estimate, estimate_matches
from practice_db.search.query import (
    FULL_TEXT,
    TITLE_AND_SUMMARY,
    TITLE_WORDS,
    SearchParams,
    leaves_out,
    match_where,
    query_expression,
)
from practice_db.search.tables import EXAMPLE, TABLE

# Up to this many title-or-summary matches (the planner's estimate) are all
# ranked by their small vector; above it, the title's words alone are used,
# up to this many too. Each costs a visit to the example's row.
TITLE_RANK_LIMIT = 2_000
# The best title candidates kept for ranking with the whole vector, beside
# the newest matches: the whole vector is what costs (it is read from TOAST).
TITLE_CANDIDATES = 200

_ID = EXAMPLE.id


def title_text(expected: Estimate) -> str | None:
    """What the title candidates must match: title or summary, or for a
    search whose words are in too many summaries, the title alone; None
    when they are in too many titles as well."""
    if expected.title_matches <= TITLE_RANK_LIMIT:
        return TITLE_AND_SUMMARY
    if expected.title_word_matches <= TITLE_RANK_LIMIT:
        return TITLE_WORDS
    return None


def relevance_ids_sql(
    params: SearchParams,
    *,
    newest_order: str,
    candidates: int,
    limit: int,
    offset: int,
    expected: Estimate | None = None,
) -> tuple[str, list]:
    """SQL giving (id, rank) for one page of a relevance search, best first.

    `newest_order` is the ORDER BY that finds the newest matches (walking the
    index or gathering, as the page chose); `expected` the planner's estimate,
    made here when not given.
    """
    if expected is None:
        expected = estimate_matches(params)
    query_sql, query_params = query_expression(params)
    everything = match_where(params)
    # The newest candidates carry their vector out of the limited scan and are
    # ranked there: not by reading each one's row again through the primary
    # key (its vector is stored out of line, and that cost as much as finding
    # it), and not inside the scan, where a gathered search would rank every
    # match before the sort and limit.
    newest = (
        f"SELECT {_ID}, ts_rank(newest.whole, {query_sql}) AS rank FROM ("
        f"SELECT {_ID}, {FULL_TEXT} AS whole FROM {TABLE} "
        f"WHERE {everything.sql} ORDER BY {newest_order} LIMIT {int(candidates)}) AS newest"
    )
    newest_params = query_params + everything.params
    text = title_text(expected)
    if text is None:
        union, union_params = newest, newest_params
    else:
        best, best_params = _best_by_title_sql(params, text, min(candidates, TITLE_CANDIDATES))
        union = f"({best}) UNION ALL ({newest})"
        union_params = best_params + newest_params
    # Pages reach the first `candidates` of the union only, as they reach the
    # first `candidates` matches of the other sorts. An example among both
    # sets of candidates has the same rank in each: it is counted once.
    limit = max(0, min(limit, candidates - offset))
    sql = (
        f"SELECT c.{_ID}, max(c.rank) AS rank FROM ({union}) AS c GROUP BY c.{_ID} "
        f"ORDER BY rank DESC, c.{_ID} DESC LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return sql, union_params


def _best_by_title_sql(params: SearchParams, text: str, keep: int) -> tuple[str, list]:
    """(id, rank) of the `keep` matches best ranked by title and summary,
    ranked on the whole vector."""
    query_sql, query_params = query_expression(params)
    by_title = match_where(params, text=text)
    leaving_out = leaves_out(params.q)
    best = (
        f"SELECT {_ID}, {FULL_TEXT} AS whole FROM {TABLE} WHERE {by_title.sql} "
        f"ORDER BY ts_rank({TITLE_AND_SUMMARY}, {query_sql}) DESC, {_ID} DESC "
        f"LIMIT {int(keep)}"
    )
    best_params = by_title.params + query_params
    # The best are ranked on the whole vector once chosen, so that at most
    # `keep` whole vectors are read; for a left-out word, those whose whole
    # example does not match are dropped.
    check = f" WHERE best.whole @@ {query_sql}" if leaving_out else ""
    return (
        f"SELECT {_ID}, ts_rank(best.whole, {query_sql}) AS rank FROM ({best}) AS best{check}",
        query_params + best_params + (query_params if leaving_out else []),
    )
