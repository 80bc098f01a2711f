# SQL here is assembled from this package's own constants and the models'
# quoted names only; every value is passed as a parameter.
# ruff: noqa: S608
"""How many examples a search matches: exact, from a sample, or estimated.

1. `estimate_matches`: the planner's estimate of how many examples the words
   match, how many match in their title or summary and in their title alone
   (which choose what relevance ranks, see `ranking`), and how many are
   published (one EXPLAIN; nothing is read).
2. `count_matches`: the total and every facet's counts in one statement over
   a sample chosen from that estimate: every match when there are up to
   EXACT_LIMIT of them, else the matches among one example in 16, 64, 256 or
   1,024 (each sample has its own partial GIN index, migration 0002), the
   smallest holding about SAMPLE_SIZE. It reads at most EXACT_LIMIT + 1
   matches; when that many come back the planner guessed far too low, and it
   counts again from the next smaller sample. Counts from a sample are scaled
   up, rounded to two figures and shown as "about".
3. `exact_total`: when a sample shows EXACT_LIMIT or fewer after all (the
   planner guesses from the words alone, so facets often narrow a search it
   thought broad), the total is counted one by one, so that "about" is said
   only of more than EXACT_LIMIT. Not for phrases or left-out words: each
   match's whole vector must then be read, which costs too much here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection

from practice_db.search.facets import (
    FACETS,
    FACETS_BY_NAME,
    FacetCount,
    facet_count_selects,
    filter_sql,
    passing,
)
from practice_db.search.query import (
    TITLE_AND_SUMMARY,
    TITLE_WORDS,
    SearchParams,
    match_where,
    needs_recheck,
    published_where,
)
from practice_db.search.tables import TABLE

# Searches the planner expects to match up to EXACT_LIMIT examples are counted
# exactly; broader ones from the smallest sample (one example in 16, 64, 256
# or 1,024, each with its own partial GIN index) holding about SAMPLE_SIZE.
EXACT_LIMIT = 10_000
SAMPLE_SIZE = 2_500
SAMPLE_LEVELS = (1, 16, 64, 256, 1024)
# The counting statement's rows for the total and the sample's size, beside
# the facets' (no facet has these names).
TOTAL = "_total"
SAMPLED = "_sample"


@dataclass(frozen=True)
class Estimate:
    """The planner's guesses: examples the words match (in all, and in their
    title or summary), and examples published."""

    matches: int
    published: int
    title_matches: int = 0
    title_word_matches: int = 0


def estimate_matches(params: SearchParams) -> Estimate:
    """The planner's estimates, from one EXPLAIN (nothing is read)."""
    where = match_where(params, filters=False)
    titles = match_where(params, filters=False, text=TITLE_AND_SUMMARY)
    title_words = match_where(params, filters=False, text=TITLE_WORDS)
    published = published_where()
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {where.sql} "
            f"UNION ALL SELECT 1 FROM {TABLE} WHERE {published.sql} "
            f"UNION ALL SELECT 1 FROM {TABLE} WHERE {titles.sql} "
            f"UNION ALL SELECT 1 FROM {TABLE} WHERE {title_words.sql}",
            where.params + published.params + titles.params + title_words.params,
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    matching, published_rows, title_rows, title_word_rows = (
        int(part["Plan Rows"]) for part in plan[0]["Plan"]["Plans"]
    )
    return Estimate(
        matches=matching,
        published=published_rows,
        title_matches=title_rows,
        title_word_matches=title_word_rows,
    )


def sample_level(estimate: int) -> int:
    """One example in how many to count from, for a search expected to match
    `estimate` examples (1: every one)."""
    if estimate <= EXACT_LIMIT:
        return 1
    for level in SAMPLE_LEVELS[1:]:
        if estimate / level <= SAMPLE_SIZE:
            return level
    return SAMPLE_LEVELS[-1]


@dataclass
class Counts:
    """How many match in all, and with each facet's values."""

    total: int
    estimated: bool  # the total counted from a sample: the page says "about"
    by_facet: dict[str, dict[str, int]]
    facets_estimated: bool = False  # the facets' counts from a sample


def about(count: int) -> int:
    """A count from a sample, to two significant figures: 17,456 is about 17,000."""
    if count < 100:
        return count
    return round(count, 2 - len(str(count)))


def count_matches(params: SearchParams, level: int) -> Counts:
    """The total and each facet's counts, in one statement over the sample."""
    where = match_where(params, sample=level, filters=False)
    # Each chosen facet's filter becomes a flag column of the matches `m`, so
    # that each facet can count the matches that pass every other filter.
    flags: dict[str, str] = {}
    flag_columns, flag_params = [], []
    for index, (name, values) in enumerate(params.active_filters.items()):
        sql, sql_params = filter_sql(FACETS_BY_NAME[name], values)
        flags[name] = f"ok_{index}"
        flag_columns.append(f"({sql}) AS ok_{index}")
        flag_params.extend(sql_params)
    columns = ", ".join([facet.column for facet in FACETS] + flag_columns)
    # Only rows that fail at most one filter can count anywhere.
    if flags:
        failed = " + ".join(f"(NOT {flag})::int" for flag in flags.values())
        keep = f"WHERE {failed} <= 1"
    else:
        keep = ""
    selects = [
        f"SELECT '{TOTAL}', NULL, count(*) FROM m WHERE {passing(flags)}",
        *facet_count_selects(flags),
        f"SELECT '{SAMPLED}', NULL, count(*) FROM m",
    ]
    sql = (
        f"WITH m AS MATERIALIZED (SELECT * FROM (SELECT {columns} FROM {TABLE} "
        f"WHERE {where.sql}) AS rows {keep} LIMIT {EXACT_LIMIT + 1}) " + " UNION ALL ".join(selects)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, flag_params + where.params)
        rows = [FacetCount._make(row) for row in cursor.fetchall()]
    by_facet: dict[str, dict[str, int]] = {}
    total = sampled = 0
    for row in rows:
        if row.facet == TOTAL:
            total = row.count
        elif row.facet == SAMPLED:
            sampled = row.count
        else:
            by_facet.setdefault(row.facet, {})[row.value] = row.count
    if sampled > EXACT_LIMIT and level < SAMPLE_LEVELS[-1]:
        # The planner's estimate was far too low, so the rows read stopped
        # short: count again from the next smaller sample.
        return count_matches(params, SAMPLE_LEVELS[SAMPLE_LEVELS.index(level) + 1])
    if level > 1:
        total = about(total * level)
        by_facet = {
            name: {value: about(count * level) for value, count in counts.items()}
            for name, counts in by_facet.items()
        }
    return Counts(total=total, estimated=level > 1, by_facet=by_facet, facets_estimated=level > 1)


def exact_total(params: SearchParams) -> int | None:
    """How many examples match the words and every filter, counted one by one,
    when there are at most EXACT_LIMIT of them; None when there are more."""
    where = match_where(params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where.sql} "
            f"LIMIT {EXACT_LIMIT + 1}) AS matches",
            where.params,
        )
        total = cursor.fetchone()[0]
    return total if total <= EXACT_LIMIT else None


def count_search(params: SearchParams, estimate: Estimate | None = None) -> tuple[Estimate, Counts]:
    """The planner's estimate (for choosing how to fetch the page too; made
    here when not given) and the counts: two statements, and a third to
    count exactly a search the sample shows to be small."""
    if estimate is None:
        estimate = estimate_matches(params)
    counts = count_matches(params, sample_level(estimate.matches))
    if counts.estimated and counts.total <= EXACT_LIMIT and not needs_recheck(params.q):
        exact = exact_total(params)
        if exact is not None:
            counts.total, counts.estimated = exact, False
    return estimate, counts
