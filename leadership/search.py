"""Searching the leadership programmes: the list's `?q=`, and their group in
the header's search over everything.

Every signed-in member of staff may read every programme, so both search all
of them, with the stored weighted vector kept by the trigger of migration
0002 (title A, summary B, who it is for and what it involves C) and its GIN
index.
"""

from __future__ import annotations

from django.db.models import QuerySet

from leadership.models import Programme
from learning_network import site_search
from learning_network.plugins import SearchGroup, SearchHit


def matching(programmes: QuerySet[Programme], query: str) -> QuerySet[Programme]:
    """The programmes that match the words, best first."""
    return site_search.matching(programmes, query)


def _hit(programme: Programme) -> SearchHit:
    return SearchHit(
        title=programme.title,
        url=programme.get_absolute_url(),
        summary=programme.summary[:300],
        meta=programme.time_commitment,
    )


def search(query: str, user, limit: int) -> SearchGroup:
    return site_search.group_of(matching(Programme.objects.all(), query), limit=limit, hit=_hit)
