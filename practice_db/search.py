# SQL here is assembled from this module's own constants only; every value
# that comes from a request is passed as a parameter.
# ruff: noqa: S608
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
   its numbers say what choosing a value would give.
3. The page of results. Relevance ranks only the newest MAX_RESULTS matches
   (ts_rank reads each candidate's vector, so ranking every match of a broad
   search would read most of the table), or RANK_CANDIDATES_RECHECKED for a
   phrase or a left-out word; newest-first and title order walk an index or
   gather from the GIN index, whichever reads less. Snippets are made for the
   20 rows of the page only. Every sort pages through at most MAX_RESULTS.

Everything about the search text is passed as parameters, never formatted
into SQL.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from directory.models import OrganisationType, Region, Topic
from practice_db.models import CareSetting, EvidenceRating

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
# Results a search can page through (50 pages); more words or a filter narrow it.
MAX_RESULTS = 1000
# Searches the planner expects to match up to EXACT_LIMIT examples are counted
# exactly; broader ones from the smallest sample (one example in 16, 64, 256
# or 1,024, each with its own partial GIN index) holding about SAMPLE_SIZE.
EXACT_LIMIT = 10_000
SAMPLE_SIZE = 2_500
SAMPLE_LEVELS = (1, 16, 64, 256, 1024)
# Relevance ranks only the newest MAX_RESULTS matches: ts_rank reads each
# candidate's whole vector, so ranking every match of a broad search would read
# most of the table.
RANK_CANDIDATES = MAX_RESULTS
# A phrase or a left-out word must be checked against each vector as the
# newest examples are walked, so such searches rank fewer.
RANK_CANDIDATES_RECHECKED = 300
# Below this many characters, the last word is not also matched as a prefix.
PREFIX_MIN_LENGTH = 3

SORTS = {"relevance": "Relevance", "newest": "Newest first", "title": "Title (A to Z)"}
BEACON_CHOICES = [("yes", "Beacon services"), ("no", "Not a Beacon")]

# Markers that ts_headline puts round matched words; stripped from the text
# first, then the snippet is escaped and only the markers become <mark>.
_MARK_START = "\ue000"
_MARK_END = "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=30, MinWords=12, "
    "MaxFragments=2, FragmentDelimiter=' … '"
)
_WORD = re.compile(r"[^\W_]+")

TABLE = "practice_db_practiceexample"


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    column: str
    is_array: bool = False
    cast: type = str


FACETS: tuple[Facet, ...] = (
    Facet("region", "Region", "facet_region_id", cast=int),
    Facet("topic", "Topic", "facet_topic_ids", is_array=True, cast=int),
    Facet("care_setting", "Care setting", "care_setting"),
    Facet("evidence", "Strength of evidence", "evidence_rating"),
    Facet("organisation_type", "Type of organisation", "facet_organisation_type"),
    Facet("beacon", "Beacon", "is_beacon"),
    Facet("year", "Year published", "facet_year", cast=int),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


def clean_query(raw: str) -> str:
    """The words as searched: no NUL or control characters, spacing collapsed, capped."""
    text = "".join(" " if ord(char) < 32 else char for char in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class SearchParams:
    """What a member of staff asked for: words, chosen facet values, sort."""

    q: str = ""
    filters: dict[str, tuple] = field(default_factory=dict)
    sort: str = "relevance"

    @property
    def active_filters(self) -> dict[str, tuple]:
        return {name: values for name, values in self.filters.items() if values}

    @property
    def is_empty(self) -> bool:
        return not self.q and not self.active_filters


# -- SQL pieces ---------------------------------------------------------------


def tsquery_sql(q: str) -> tuple[str, list]:
    """The tsquery for the words: web-search syntax, English stemming, and the
    last word also as a prefix while it is being typed ("diab" finds diabetes)."""
    words = q.split()
    last = words[-1] if words else ""
    previous = words[-2].lower() if len(words) > 1 else ""
    if (
        q.count('"') % 2 == 0
        and _WORD.fullmatch(last)
        and len(last) >= PREFIX_MIN_LENGTH
        and previous != "or"
    ):
        head = " ".join(words[:-1])
        return (
            "(websearch_to_tsquery('english', %s) && (websearch_to_tsquery('english', %s)"
            " || to_tsquery('english', %s)))",
            [head, last, f"{last}:*"],
        )
    return "websearch_to_tsquery('english', %s)", [q]


def _filter_sql(facet: Facet, values: Sequence) -> tuple[str, list]:
    column = f"{TABLE}.{facet.column}"
    if facet.name == "beacon":
        return f"{column} = ANY(%s)", [[value == "yes" for value in values]]
    if facet.is_array:
        return f"{column} && %s::integer[]", [list(values)]
    return f"{column} = ANY(%s)", [list(values)]


@dataclass
class Where:
    """A WHERE clause built from parts, with its parameters in order."""

    parts: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, sql: str, params: Sequence = ()) -> Where:
        self.parts.append(sql)
        self.params.extend(params)
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts) or "TRUE"


def match_where(params: SearchParams, *, sample: int = 1, filters: bool = True) -> Where:
    """Published, matching the words, in the sample, and (optionally) every filter."""
    where = Where().add(f"{TABLE}.status = 'published'")
    if filters:
        # Before the words: PostgreSQL tries conditions of equal cost in order,
        # and these need no read of the (large, out-of-line) search vector.
        for name, values in params.active_filters.items():
            where.add(*_filter_sql(FACETS_BY_NAME[name], values))
    if params.q:
        sql, sql_params = tsquery_sql(params.q)
        where.add(f"{TABLE}.search_vector @@ {sql}", sql_params)
    if sample > 1 and params.q:
        # Matches one of the sample's partial GIN indexes (migration 0002).
        where.add(f"{TABLE}.id %% {int(sample)} = 0")
    elif sample > 1:
        # No words: visit every sample-th id through the primary key.
        where.add(
            f"{TABLE}.id IN (SELECT generate_series(min(id), max(id), {int(sample)}) FROM {TABLE})"
        )
    return where


def _query_expression(params: SearchParams) -> tuple[str, list]:
    if params.q:
        return tsquery_sql(params.q)
    return "NULL::tsquery", []


# -- Counting -----------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """The planner's guesses: examples the words match, and examples published."""

    matches: int
    published: int


def estimate_matches(params: SearchParams) -> Estimate:
    """The planner's estimates, from one EXPLAIN (nothing is read)."""
    where = match_where(params, filters=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {where.sql} "
            f"UNION ALL SELECT 1 FROM {TABLE} WHERE {TABLE}.status = 'published'",
            where.params,
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    matching, published = (int(part["Plan Rows"]) for part in plan[0]["Plan"]["Plans"])
    return Estimate(matches=matching, published=published)


def sample_level(estimate: int) -> int:
    if estimate <= EXACT_LIMIT:
        return 1
    for level in SAMPLE_LEVELS[1:]:
        if estimate / level <= SAMPLE_SIZE:
            return level
    return SAMPLE_LEVELS[-1]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    parent: str = ""


@dataclass
class FacetResult:
    facet: Facet
    values: list[FacetValue]

    @property
    def name(self) -> str:
        return self.facet.name

    @property
    def label(self) -> str:
        return self.facet.label


@dataclass
class Counts:
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
    active = params.active_filters
    flags, flag_params = [], []
    for index, (name, values) in enumerate(active.items()):
        sql, sql_params = _filter_sql(FACETS_BY_NAME[name], values)
        flags.append(f"({sql}) AS ok_{index}")
        flag_params.extend(sql_params)
    names = list(active)
    columns = ", ".join([facet.column for facet in FACETS] + flags)
    # Only rows that fail at most one filter can count anywhere.
    if names:
        failed = " + ".join(f"(NOT ok_{index})::int" for index in range(len(names)))
        keep = f"WHERE {failed} <= 1"
    else:
        keep = ""

    def passing(except_name: str | None = None) -> str:
        conditions = [f"ok_{i}" for i, name in enumerate(names) if name != except_name]
        return " AND ".join(conditions) or "TRUE"

    selects = [f"SELECT '_total', NULL, count(*) FROM m WHERE {passing()}"]
    for facet in FACETS:
        value = f"unnest({facet.column})" if facet.is_array else facet.column
        selects.append(
            f"SELECT '{facet.name}', v::text, count(*) FROM (SELECT {value} AS v FROM m "
            f"WHERE {passing(facet.name)}) AS f WHERE v IS NOT NULL GROUP BY v"
        )
    selects.append("SELECT '_sample', NULL, count(*) FROM m")
    sql = (
        f"WITH m AS MATERIALIZED (SELECT * FROM (SELECT {columns} FROM {TABLE} "
        f"WHERE {where.sql}) AS rows {keep} LIMIT {EXACT_LIMIT + 1}) " + " UNION ALL ".join(selects)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, flag_params + where.params)
        rows = cursor.fetchall()
    by_facet: dict[str, dict[str, int]] = {}
    total = sampled = 0
    for name, value, count in rows:
        if name == "_total":
            total = count
        elif name == "_sample":
            sampled = count
        else:
            by_facet.setdefault(name, {})[value] = count
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


# -- Results ------------------------------------------------------------------


@dataclass
class Result:
    pk: int
    title: str
    organisation: str
    region: str
    published_at: object
    snippet: SafeString
    url: str


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


# Each sort, walking its index; and the same sort that the planner cannot
# take from an index, so that it gathers the matches from the GIN index first.
_ORDER = {
    "newest": ("published_at DESC, id DESC", "published_at + interval '0 days' DESC, id DESC"),
    "title": ("title, id", "title || '', id"),
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


def needs_recheck(q: str) -> bool:
    """Whether the words hold a phrase or a left-out word."""
    return '"' in q or any(word.startswith("-") for word in q.split())


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


def _page_ids_sql(
    params: SearchParams, offset: int, limit: int, expected: Estimate | None = None
) -> tuple[str, list]:
    """SQL giving (id, rank) for one page, in order. `expected` is how many
    examples the words alone are thought to match, to choose how to find them."""
    where = match_where(params)
    if params.sort == "relevance" and params.q:
        query_sql, query_params = _query_expression(params)
        newest = _order_by("newest", params.q, expected)
        sql = (
            f"SELECT id, ts_rank(search_vector, {query_sql}, 1) AS rank "
            f"FROM (SELECT id, search_vector FROM {TABLE} WHERE {where.sql} "
            f"ORDER BY {newest} LIMIT {result_limit(params)}) AS candidates "
            f"ORDER BY rank DESC, id DESC LIMIT {int(limit)} OFFSET {int(offset)}"
        )
        return sql, query_params + where.params
    order = _order_by(params.sort, params.q, expected)
    sql = (
        f"SELECT id, 0 AS rank FROM {TABLE} WHERE {where.sql} "
        f"ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    return sql, where.params


def _with_rows(page_sql: str, columns: str) -> str:
    """Join a page of ids (already in order) to the examples, keeping the order."""
    return (
        f"SELECT {columns} "
        f"FROM (SELECT id, row_number() OVER () AS ordinal FROM ({page_sql}) AS ranked) AS page "
        f"JOIN {TABLE} e ON e.id = page.id "
        "JOIN directory_organisation o ON o.id = e.organisation_id "
        "JOIN directory_region r ON r.id = o.region_id ORDER BY page.ordinal"
    )


def _result_rows_sql(
    params: SearchParams, offset: int, limit: int, expected: Estimate | None
) -> tuple[str, list]:
    page_sql, page_params = _page_ids_sql(params, offset, limit, expected)
    query_sql, query_params = _query_expression(params)
    if params.q:
        snippet = (
            "ts_headline('english', translate(left(concat_ws(' ', e.summary, e.problem, "
            f"e.what_was_done, e.results), 2500), %s, ''), {query_sql}, %s)"
        )
        snippet_params = [_MARK_START + _MARK_END, *query_params, _HEADLINE_OPTIONS]
    else:
        snippet = "left(e.summary, 300)"
        snippet_params = []
    columns = f"e.id, e.title, o.name, r.name, e.published_at, {snippet}"
    return _with_rows(page_sql, columns), snippet_params + page_params


def fetch_results(
    params: SearchParams, offset: int, limit: int = PAGE_SIZE, expected: Estimate | None = None
) -> list[Result]:
    sql, sql_params = _result_rows_sql(params, offset, limit, expected)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()
    return [
        Result(
            pk=pk,
            title=title,
            organisation=organisation,
            region=region,
            published_at=published_at,
            snippet=highlight(snippet or ""),
            url=reverse("practice_db:example", kwargs={"pk": pk}),
        )
        for pk, title, organisation, region, published_at, snippet in rows
    ]


def iter_results(params: SearchParams, *, limit: int | None = None) -> Iterator[tuple]:
    """Every result in the chosen order, streamed from a server-side cursor.

    Relevance order covers the MAX_RESULTS that pages reach; newest-first and
    title order stream every match.
    """
    if params.sort == "relevance" and params.q:
        limit = min(limit or MAX_RESULTS, result_limit(params))
    page_sql, page_params = _page_ids_sql(params, 0, limit or 10**9)
    columns = (
        "e.id, e.title, o.name, r.name, o.type, e.care_setting, e.evidence_rating, "
        "e.is_beacon, e.published_at, e.summary"
    )
    sql = _with_rows(page_sql, columns)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, page_params)
        while rows := cursor.fetchmany(500):
            yield from rows


# -- Facet labels -------------------------------------------------------------


@dataclass
class FacetChoices:
    """Every facet's possible values and their labels, from reference data."""

    choices: dict[str, list[tuple[str, str]]]
    topic_parents: dict[str, str]

    @classmethod
    def load(cls) -> FacetChoices:
        regions = [(str(pk), name) for pk, name in Region.objects.values_list("pk", "name")]
        topics = list(Topic.objects.values_list("pk", "name", "parent_id", "parent__name"))
        # Parents first, each followed by its sub-topics.
        ordered = sorted(
            topics, key=lambda t: ((t[3] or t[1]).lower(), t[2] is not None, t[1].lower())
        )
        return cls(
            choices={
                "region": regions,
                "topic": [(str(pk), name) for pk, name, _, _ in ordered],
                "care_setting": list(CareSetting.choices),
                "evidence": list(EvidenceRating.choices),
                "organisation_type": list(OrganisationType.choices),
                "beacon": BEACON_CHOICES,
                "year": [],  # whatever years the counts bring
            },
            topic_parents={str(pk): str(parent) for pk, _, parent, _ in ordered if parent},
        )


def facet_results(params: SearchParams, counts: Counts, choices: FacetChoices) -> list[FacetResult]:
    results = []
    for facet in FACETS:
        counted = counts.by_facet.get(facet.name, {})
        selected = {str(value) for value in params.filters.get(facet.name, ())}
        if facet.name == "beacon":
            counted = {
                "yes": counted.get("true", 0),
                "no": counted.get("false", 0),
            }
        options = choices.choices[facet.name]
        if facet.name == "year":
            years = sorted(set(counted) | selected, reverse=True)
            options = [(year, year) for year in years]
        values = [
            FacetValue(
                value=value,
                label=label,
                count=counted.get(value, 0),
                selected=value in selected,
                parent=choices.topic_parents.get(value, "") if facet.name == "topic" else "",
            )
            for value, label in options
            if counted.get(value, 0) or value in selected
        ]
        results.append(FacetResult(facet=facet, values=values))
    return results


# -- The whole search ---------------------------------------------------------


@dataclass
class SearchPage:
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


def run_search(params: SearchParams, page: int, choices: FacetChoices) -> SearchPage:
    """Counts, facets and one page of results: three statements, and a fourth
    to count exactly a search the sample shows to be small."""
    estimate = estimate_matches(params)
    counts = count_matches(params, sample_level(estimate.matches))
    if counts.estimated and counts.total <= EXACT_LIMIT and not needs_recheck(params.q):
        # The sample says few match (the planner guessed from the words alone,
        # or guessed wrong): count them exactly, so that "about" is said only
        # of more than EXACT_LIMIT. Not for phrases or left-out words: each
        # match's whole vector must then be read, which costs too much here.
        exact = exact_total(params)
        if exact is not None:
            counts.total, counts.estimated = exact, False
    page_count = max(1, math.ceil(min(counts.total, result_limit(params)) / PAGE_SIZE))
    page = min(max(page, 1), page_count)
    # Fetched even when the count says none, so that every search page makes
    # the same statements (and a sample that missed a rare match still shows it).
    results = fetch_results(params, (page - 1) * PAGE_SIZE, expected=estimate)
    seen = (page - 1) * PAGE_SIZE + len(results)
    if page == 1 and len(results) < PAGE_SIZE:
        # Everything fits on the first page, so the count is exact after all.
        counts.total, counts.estimated = len(results), False
    elif counts.total < seen:
        # A sample can miss some matches; there are at least as many as shown.
        counts.total = seen
    return SearchPage(
        params=params,
        page=page,
        results=results,
        total=counts.total,
        estimated=counts.estimated,
        facets=facet_results(params, counts, choices),
        facets_estimated=counts.facets_estimated,
    )
