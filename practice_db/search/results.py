# SQL here is assembled from this package's own constants and the models'
# quoted names only; every value is passed as a parameter.
# ruff: noqa: S608
"""The results in order: one page with snippets, or every match streamed.

A page is one statement: the ids of the page, in order, joined to the
examples, their organisations and regions, with a snippet made for the 20
rows of the page only.

- Relevance ranks every match whose title or summary matches, and the newest
  MAX_RESULTS matches (RANK_CANDIDATES_RECHECKED for a phrase or a left-out
  word, which must be checked against each vector): see `ranking`.
- Newest-first and title order either walk their index or gather the matches
  from the GIN index and sort them, whichever the planner's estimate says
  reads less (see GATHER_FACTOR).
- Every sort pages through at most MAX_RESULTS (50 pages); more words or a
  filter narrow it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from practice_db.models import EvidenceRating
from practice_db.search.counts import Estimate
from practice_db.search.query import SearchParams, match_where, needs_recheck, query_expression
from practice_db.search.ranking import relevance_ids_sql
from practice_db.search.tables import EXAMPLE, ORGANISATION, REGION, TABLE

PAGE_SIZE = 20
# Results a search can page through (50 pages); more words or a filter narrow it.
MAX_RESULTS = 1000
# Relevance keeps this many of the best title-or-summary matches and of the
# newest matches, and ranks them together (see `ranking`).
RANK_CANDIDATES = MAX_RESULTS
# A phrase or a left-out word must be checked against each vector as the
# newest examples are walked, so such searches rank fewer.
RANK_CANDIDATES_RECHECKED = 300


class ResultRow(NamedTuple):
    """One result of a page, as its statement gives it."""

    id: int
    title: str
    organisation: str
    region: str
    published_at: datetime
    is_beacon: bool
    evidence_rating: str
    did_not_work: bool
    summary: str  # the summary's start, shown when the words matched no text
    headline: str | None  # ts_headline's text with its markers, or the summary's start


class ExampleRow(NamedTuple):
    """One matching example, as `iter_results` streams it."""

    id: int
    title: str
    organisation: str
    region: str
    organisation_type: str
    care_setting: str
    evidence_rating: str
    is_beacon: bool
    published_at: datetime
    summary: str


# How much of the summary each result row carries (for the snippet of a
# result whose words matched only its title or topics), and how many words
# of it the page shows.
SUMMARY_CHARS = 400
SUMMARY_WORDS = 45
ELLIPSIS = "…"

# The columns of each row, in its fields' order: the page joins the examples
# as `e`, their organisations as `o`, and those organisations' regions as `r`.
_E, _O, _R = EXAMPLE, ORGANISATION, REGION
_RESULT_COLUMNS = (
    f"e.{_E.id}, e.{_E.title}, o.{_O.name}, r.{_R.name}, e.{_E.published_at}, "
    f"e.{_E.is_beacon}, e.{_E.evidence_rating}, e.{_E.did_not_work}, "
    f"left(e.{_E.summary}, {SUMMARY_CHARS})"
)
_EXAMPLE_COLUMNS = (
    f"e.{_E.id}, e.{_E.title}, o.{_O.name}, r.{_R.name}, o.{_O.type}, e.{_E.care_setting}, "
    f"e.{_E.evidence_rating}, e.{_E.is_beacon}, e.{_E.published_at}, e.{_E.summary}"
)


# -- Snippets -----------------------------------------------------------------

# Markers that ts_headline puts round matched words; stripped from the text
# first, then the snippet is escaped and only the markers become <mark>.
_MARK_START = "\ue000"
_MARK_END = "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=30, MinWords=12, "
    "MaxFragments=2, FragmentDelimiter=' … '"
)
# The text a snippet is cut from: the first 2,500 characters of these.
_SNIPPET_TEXT = (
    f"concat_ws(' ', e.{_E.summary}, e.{_E.problem}, e.{_E.what_was_done}, e.{_E.results})"
)

# Markdown's marks, which a snippet shows as plain text: list bullets and
# numbers at a line's start become a separator; emphasis and headings go.
_LIST_MARK = re.compile(r"(?:^|\n)[ \t]*(?:[-*+]|\d+\.)[ \t]+")
_EMPHASIS = re.compile(r"\*\*|__|`|(?:^|(?<=\n))#{1,6}[ \t]+")


def plain_snippet(headline: str) -> str:
    text = _EMPHASIS.sub("", headline)
    text = _LIST_MARK.sub(lambda match: " · " if match.start() else "", text)
    return " ".join(text.split())


def highlight(headline: str) -> SafeString:
    """Escape the snippet, then turn only ts_headline's markers into <mark>."""
    text = escape(plain_snippet(headline))
    return mark_safe(  # noqa: S308 - escaped above; only our own markers become tags
        text.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    )


_SENTENCE_END = (".", "!", "?", ":", ";", ELLIPSIS, ")", "”", '"')


def _unmarked(text: str) -> str:
    return text.replace(_MARK_START, "").replace(_MARK_END, "")


def _starts_text(headline: str, text_start: str) -> bool:
    """Whether a snippet begins where the text does (ts_headline may leave out
    a first short word such as "A")."""
    opening = " ".join(_unmarked(plain_snippet(headline)).split()[:3])
    found = " ".join(plain_snippet(text_start).split()).find(opening)
    return bool(opening) and 0 <= found <= 4


def shorten(summary: str, words: int = SUMMARY_WORDS) -> str:
    """The summary's first `words` words, with "…" where it is cut."""
    parts = plain_snippet(summary).split()
    text = " ".join(parts[:words])
    if len(parts) > words or (text and not text.endswith(_SENTENCE_END)):
        return text.rstrip(",;:") + ELLIPSIS
    return text


def snippet_for(headline: str | None, summary: str, text_start: str = "") -> SafeString:
    """What a result shows under its title.

    The words in context when they matched the text, with "…" where the
    snippet starts or ends part-way through a sentence; the summary when they
    matched only the title, topics or organisation (ts_headline then gives
    the text's opening words, with nothing marked).
    """
    headline = headline or ""
    if _MARK_START not in headline:
        return mark_safe(escape(shorten(summary)))  # noqa: S308 - escaped
    text = plain_snippet(headline)
    starts_text = _starts_text(headline, text_start or summary)
    if not starts_text and not text.startswith(ELLIPSIS):
        headline = ELLIPSIS + headline.lstrip()
    if not _unmarked(text).rstrip().endswith(_SENTENCE_END):
        headline = headline.rstrip() + ELLIPSIS
    return highlight(headline)


# -- Order --------------------------------------------------------------------

# Each sort, walking its index; and the same sort that the planner cannot
# take from an index, so that it gathers the matches from the GIN index first.
_ORDER = {
    "newest": (
        f"{_E.published_at} DESC, {_E.id} DESC",
        f"{_E.published_at} + interval '0 days' DESC, {_E.id} DESC",
    ),
    "title": (f"{_E.title}, {_E.id}", f"{_E.title} || '', {_E.id}"),
}
# Walking an index in order reads each row's search vector to test it, so it
# pays only when matches are common: finding the newest 1,000 of E matches
# among N examples reads about 1,000 * N / E vectors. Gathering the matches
# from the GIN index and sorting them visits E rows but reads no vector. The
# two cost the same near E = sqrt(GATHER_FACTOR * N) (a vector costs about
# five row visits). Phrases and left-out words cannot be settled by the GIN
# index alone, so gathering reads vectors too: they gather only when rarer.
GATHER_FACTOR = 5 * RANK_CANDIDATES
GATHER_FACTOR_RECHECKED = RANK_CANDIDATES_RECHECKED


def result_limit(params: SearchParams) -> int:
    """How many results this search can page through."""
    if params.sort == "relevance" and params.q and needs_recheck(params.q):
        return RANK_CANDIDATES_RECHECKED
    return MAX_RESULTS


def _order_by(sort: str, q: str, expected: Estimate | None) -> str:
    walk, gather = _ORDER.get(sort, _ORDER["newest"])
    if not q or expected is None:
        return walk
    factor = GATHER_FACTOR_RECHECKED if needs_recheck(q) else GATHER_FACTOR
    return gather if expected.matches <= math.sqrt(factor * expected.published) else walk


# -- Statements ---------------------------------------------------------------


def _page_ids_sql(
    params: SearchParams, offset: int, limit: int, expected: Estimate | None = None
) -> tuple[str, list]:
    """SQL giving (id, rank) for one page, in order. `expected` is how many
    examples the words alone are thought to match, to choose how to find them."""
    where = match_where(params)
    if params.sort == "relevance" and params.q:
        return relevance_ids_sql(
            params,
            newest_order=_order_by("newest", params.q, expected),
            candidates=result_limit(params),
            limit=limit,
            offset=offset,
            expected=expected,
        )
    order = _order_by(params.sort, params.q, expected)
    sql = (
        f"SELECT {_E.id}, 0 AS rank FROM {TABLE} WHERE {where.sql} "
        f"ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return sql, where.params


def _with_rows(page_sql: str, columns: str) -> str:
    """Join a page of ids (already in order) to the examples, keeping the order."""
    return (
        f"SELECT {columns} "
        f"FROM (SELECT {_E.id}, row_number() OVER () AS ordinal FROM ({page_sql}) AS ranked) "
        f"AS page JOIN {TABLE} e ON e.{_E.id} = page.{_E.id} "
        f"JOIN {ORGANISATION.table} o ON o.{_O.id} = e.{_E.organisation_id} "
        f"JOIN {REGION.table} r ON r.{_R.id} = o.{_O.region_id} ORDER BY page.ordinal"
    )


def _result_rows_sql(
    params: SearchParams, offset: int, limit: int, expected: Estimate | None
) -> tuple[str, list]:
    page_sql, page_params = _page_ids_sql(params, offset, limit, expected)
    query_sql, query_params = query_expression(params)
    if params.q:
        snippet = (
            f"ts_headline('english', translate(left({_SNIPPET_TEXT}, 2500), %s, ''), "
            f"{query_sql}, %s)"
        )
        snippet_params = [_MARK_START + _MARK_END, *query_params, _HEADLINE_OPTIONS]
    else:
        snippet = f"left(e.{_E.summary}, 300)"
        snippet_params = []
    return _with_rows(page_sql, f"{_RESULT_COLUMNS}, {snippet}"), snippet_params + page_params


# -- Fetching -----------------------------------------------------------------


@dataclass
class Result:
    """One result as the page shows it."""

    pk: int
    title: str
    organisation: str
    region: str
    published_at: object
    snippet: SafeString
    url: str
    # The tags the browse lists show.
    is_beacon: bool = False
    evidence_rating: str = ""
    did_not_work: bool = False

    def get_evidence_rating_display(self) -> str:
        return EvidenceRating(self.evidence_rating).label if self.evidence_rating else ""


def fetch_results(
    params: SearchParams, offset: int, limit: int = PAGE_SIZE, expected: Estimate | None = None
) -> list[Result]:
    sql, sql_params = _result_rows_sql(params, offset, limit, expected)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = [ResultRow._make(row) for row in cursor.fetchall()]
    return [
        Result(
            pk=row.id,
            title=row.title,
            organisation=row.organisation,
            region=row.region,
            published_at=row.published_at,
            snippet=snippet_for(row.headline, row.summary),
            url=reverse("practice_db:example", kwargs={"pk": row.id}),
            is_beacon=row.is_beacon,
            evidence_rating=row.evidence_rating,
            did_not_work=row.did_not_work,
        )
        for row in rows
    ]


def iter_results(params: SearchParams, *, limit: int | None = None) -> Iterator[ExampleRow]:
    """Every result in the chosen order, streamed from a server-side cursor.

    Relevance order covers the MAX_RESULTS that pages reach; newest-first and
    title order stream every match.
    """
    if params.sort == "relevance" and params.q:
        limit = min(limit or MAX_RESULTS, result_limit(params))
    page_sql, page_params = _page_ids_sql(params, 0, limit or 10**9)
    sql = _with_rows(page_sql, _EXAMPLE_COLUMNS)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, page_params)
        while rows := cursor.fetchmany(500):
            yield from map(ExampleRow._make, rows)
