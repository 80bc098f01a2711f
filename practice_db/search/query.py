# SQL here is assembled from this package's own constants and the models'
# quoted names only; the words, the chosen values and the status are passed
# as parameters.
# ruff: noqa: S608
"""What a member of staff asked for, and the WHERE clause every statement
starts from.

The words go to PostgreSQL's `websearch_to_tsquery` as they were typed, so
web-search syntax works ("quoted phrases", `or`, `-left out`) with English
stemming; the last word is also matched as a prefix while it is being typed
("diab" finds diabetes). Nothing the user typed is ever formatted into SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from practice_db.models import Status
from practice_db.search.facets import FACETS_BY_NAME, key_sql
from practice_db.search.tables import EXAMPLE, TABLE

MAX_QUERY_LENGTH = 200
# Below this many characters, the last word is not also matched as a prefix.
PREFIX_MIN_LENGTH = 3
SORTS = {"relevance": "Relevance", "newest": "Newest first", "title": "Title (A to Z)"}
# Search only ever reads published examples (and every index is partial on them).
SEARCHED_STATUS = Status.PUBLISHED.value

_WORD = re.compile(r"[^\W_]+")

# What the words are matched against: the whole example's weighted vector; the
# title (A) and summary (B) alone; the title's words alone. Each has its own
# GIN index (migrations 0002 and 0008), partial on published examples except
# the last (see 0008), which is written exactly as its index's expression, so
# that the planner uses it.
FULL_TEXT = f"{TABLE}.{EXAMPLE.search_vector}"
TITLE_AND_SUMMARY = f"{TABLE}.{EXAMPLE.title_vector}"
TITLE_WORDS = f"to_tsvector('english'::regconfig, {TABLE}.{EXAMPLE.title})"


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


def query_expression(params: SearchParams) -> tuple[str, list]:
    """The tsquery for ranking and snippets; NULL when there are no words."""
    if params.q:
        return tsquery_sql(params.q)
    return "NULL::tsquery", []


def leaves_out(q: str) -> bool:
    """Whether the words leave a word out (`-word`): the only kind of search
    a part of an example can match while the whole example does not."""
    return any(word.startswith("-") for word in q.split())


def needs_recheck(q: str) -> bool:
    """Whether the words hold a phrase or a left-out word: the GIN index cannot
    settle those alone, so each candidate's vector must be read."""
    return '"' in q or any(word.startswith("-") for word in q.split())


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


def published_where() -> Where:
    """Published examples: the condition every search index is partial on."""
    return Where().add(f"{TABLE}.{EXAMPLE.status} = %s", [SEARCHED_STATUS])


def match_where(
    params: SearchParams, *, sample: int = 1, filters: bool = True, text: str = FULL_TEXT
) -> Where:
    """Published, matching the words, in the sample, and (optionally) every filter.
    `text` is what the words must match: the whole example by default."""
    where = published_where()
    if filters:
        # Before the words: PostgreSQL tries conditions of equal cost in order,
        # and these need no read of the (large, out-of-line) search vector.
        # Asked of the facets' index, which answers every chosen facet at once.
        for name, values in params.active_filters.items():
            where.add(*key_sql(FACETS_BY_NAME[name], values))
    if params.q:
        sql, sql_params = tsquery_sql(params.q)
        where.add(f"{text} @@ {sql}", sql_params)
    # The sample's size is written into the statement, as the sample indexes'
    # conditions are: a partial index is used only where the planner can prove
    # its condition, and a size it sees as a constant always proves it.
    id_ = EXAMPLE.id
    if sample > 1 and params.q:
        # Matches one of the sample's partial GIN indexes (migration 0002).
        where.add(f"{TABLE}.{id_} %% {int(sample)} = 0")
    elif sample > 1:
        # No words: visit every sample-th id through the primary key.
        where.add(
            f"{TABLE}.{id_} IN (SELECT generate_series(min({id_}), max({id_}), {int(sample)}) "
            f"FROM {TABLE})"
        )
    return where
