"""How many examples are published: in all, per region, per organisation and
per topic, for the browsing pages' region lists and pagers.

Counting the table on every request costs about 100 ms at 100,000 examples
(and ten times that at a million), so the counts are made once, by two
grouped statements, and kept in the shared cache (`CACHES["default"]`: a
PostgreSQL table, or Redis with REDIS_URL) until something changes what is
published: `transition_example` and `decide_revision` forget them when a
transaction that publishes, archives or changes a published example commits.

What may be stale, and for how long: a region, topic or organisation saved
or deleted (in the Django admin) is forgotten the same way; a change made
outside those (an example edited in the Django admin, plain SQL) shows in
the counts, and in cached search results, within TIMEOUT seconds. Pages
never show fewer examples than exist because of it: a pager that counts too
few gives a last page that still lists what it holds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count

from directory.models import Organisation
from learning_network.request_memo import forget, once_a_request
from practice_db.models import PracticeExample, Status
from practice_db.search.tables import EXAMPLE, TABLE

CACHE_KEY = "practice_db:published-counts:v1"
# Changes whenever the counts are forgotten: what the "pages" cache keeps
# about published examples (search results, an example's related examples
# and its Forum, research and spread panel, see learning_network.page_cache)
# is keyed by it, so it is forgotten at the same moments. The Forum's
# services, `save_project` and `record_adoption` forget it too.
VERSION_KEY = "practice_db:published-version:v1"
TIMEOUT = 10 * 60


@dataclass
class PublishedCounts:
    """Published examples in all, and by region, organisation and topic id.
    A topic's count includes its sub-topics' examples, once each."""

    total: int = 0
    # Changes each time the counts are made: pages cached beside the counts
    # (the browsing lists) are keyed by it, so they are forgotten with them.
    version: str = ""
    by_region: dict[int, int] = field(default_factory=dict)
    by_organisation: dict[int, int] = field(default_factory=dict)
    by_topic: dict[int, int] = field(default_factory=dict)


def count_published() -> PublishedCounts:
    """Count from the table: two statements reading every published example."""
    published = PracticeExample.objects.published()
    by_organisation = dict(
        published.order_by()
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    # facet_topic_ids holds each example's topics and their parents, once each.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT topic_id, count(*) FROM {TABLE} "  # noqa: S608 - names from _meta
            f"CROSS JOIN LATERAL unnest({EXAMPLE.facet_topic_ids}) AS topics(topic_id) "
            f"WHERE {EXAMPLE.status} = %s GROUP BY topic_id",
            [Status.PUBLISHED.value],
        )
        by_topic = dict(cursor.fetchall())
    by_region: dict[int, int] = {}
    regions = dict(Organisation.objects.values_list("pk", "region_id"))
    for organisation_id, count in by_organisation.items():
        region_id = regions.get(organisation_id)
        by_region[region_id] = by_region.get(region_id, 0) + count
    return PublishedCounts(
        version=str(time.time_ns()),
        total=sum(by_organisation.values()),
        by_region=by_region,
        by_organisation=by_organisation,
        by_topic=by_topic,
    )


def published_counts() -> PublishedCounts:
    """The counts, from the cache when there (one cache read), else counted."""
    counts = cache.get(CACHE_KEY)
    if counts is None:
        counts = count_published()
        cache.set(CACHE_KEY, counts, TIMEOUT)
    return counts


def published_version() -> str:
    """A name for what is published now: a new one after each change that
    the services make, and at least every TIMEOUT seconds (one cache read,
    once a request)."""
    return once_a_request(VERSION_KEY, _read_published_version)


def _read_published_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.set(VERSION_KEY, version, TIMEOUT)
    return version


def forget_published_counts() -> None:
    """Have the next page count again, and every cached search work out its
    results again, once the current transaction commits."""
    transaction.on_commit(_forget_now)


def forget_on_reference_change(sender, **kwargs) -> None:
    """A region, topic or organisation was saved or deleted: what is kept
    under the published version names them (search results and facets, the
    counts by region), so forget it as a publication would."""
    forget_published_counts()


def _forget_now() -> None:
    cache.delete_many([CACHE_KEY, VERSION_KEY])
    forget(VERSION_KEY)
