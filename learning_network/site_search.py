"""One search over everything: each kind's best few, with a count per kind.

The apps declare what they cover (`SearchKind` in `learning_network.plugins`)
and search it with their own stored vectors; this module only tidies the
words once and asks each kind in turn. A kind that fails does not take the
page down with it: its group says it could not be searched.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Window
from django.urls import reverse
from django.utils.http import urlencode

from learning_network.plugins import SearchGroup, SearchKind, search_kinds

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
# The best few of each kind on the grouped page.
GROUP_SIZE = 3


def tidy(raw: str) -> str:
    """The words as every kind receives them: no NUL (PostgreSQL refuses it in
    text), spacing collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join(raw.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class Found:
    kind: SearchKind
    group: SearchGroup | None  # None: this kind could not be searched just now

    @property
    def more_url(self) -> str:
        return f"{reverse(self.kind.url_name)}?{urlencode({'q': self.query})}"

    query: str = ""


def _on_its_own():
    """So that a kind's failed statement leaves the others usable: within a
    transaction, a savepoint; outside one (a page, in autocommit) each
    statement stands alone already, and a transaction around each kind
    would only add two round trips."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def search_everything(query: str, user) -> list[Found]:
    found = []
    for kind in search_kinds():
        try:
            with _on_its_own():
                group = kind.run(query, user, GROUP_SIZE)
        except DatabaseError:
            logger.exception("The %s search failed for %r", kind.label, query)
            group = None
        found.append(Found(kind=kind, group=group, query=query))
    return found


# A kind with no count of its own counts its matches up to here, then says "or more".
COUNT_CAP = 1_000


def matching(queryset, query: str, *, vector: str = "search_vector"):
    """The rows of `queryset` whose stored weighted vector matches the words
    (web-search syntax, English stemming), best first: for a kind's own search
    and its group here alike."""
    words = SearchQuery(query, search_type="websearch", config="english")
    return (
        queryset.filter(**{vector: words})
        .annotate(rank=SearchRank(F(vector), words))
        .order_by("-rank", "-pk")
    )


def group_of(matches, *, limit: int, hit) -> SearchGroup:
    """A kind's group from its matches: the best `limit`, made into hits by
    `hit(row)`, and how many match in all (shown up to COUNT_CAP, then "or
    more"). One statement: each row carries the count of every match (a
    window over the matches, which ranking them reads in full anyway)."""
    rows = list(matches.annotate(site_search_matches=Window(Count("pk")))[:limit])
    total = rows[0].site_search_matches if rows else 0
    return SearchGroup(
        total=min(total, COUNT_CAP),
        at_least=total > COUNT_CAP,
        hits=tuple(hit(row) for row in rows),
    )
