"""Work that is the same for every reader, kept in the "pages" cache.

A search's results and counts, or an example's sections as HTML, cost the
same to work out for everyone who asks, so the first reader's answer is kept
(settings: CACHES["pages"]) under a key that names what it depends on: the
arguments it was worked out from, and a `version` that changes whenever the
data behind it may have changed (for the practice database,
`practice_db.published.published_version`). Nothing that depends on who is
signed in is ever kept here: callers pass only what every reader would get.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import caches

ALIAS = "pages"


def page_cache():
    return caches[ALIAS]


def remember[T](namespace: str, version: str, parts: tuple, compute: Callable[[], T]) -> T:
    """The value kept for `parts` at this `version`, or `compute()`'s, kept.

    `parts` must be plain values whose repr says everything the value
    depends on (strings, numbers, tuples): it is hashed into the key.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"{namespace}:{version}:{digest}"
    cache = page_cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value
