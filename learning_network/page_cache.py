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
import logging
from collections.abc import Callable
from contextlib import contextmanager

import django_filters
from django.conf import settings
from django.core.cache import caches
from django.test.utils import override_settings

logger = logging.getLogger(__name__)

ALIAS = "pages"
# Filters as HTML are kept this long, under the choices they offer (for
# topics and regions, `directory.versions.topics_and_regions_version`) and
# the values chosen (`filter_values`).
FILTERS_SECONDS = 24 * 60 * 60


def page_cache():
    return caches[ALIAS]


def key(namespace: str, version: str, parts: tuple) -> str:
    """The key `remember` and `recall` use for `parts` at this `version`."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"{namespace}:{version}:{digest}"


def recall(namespace: str, version: str, parts: tuple):
    """The value kept for `parts` at this `version`, or None (also when the
    cache fails: a failing cache costs the work, never the page)."""
    try:
        return page_cache().get(key(namespace, version, parts))
    except Exception:  # any backend's error: the value is worked out instead
        logger.exception("The pages cache could not be read")
        return None


def keep(namespace: str, version: str, parts: tuple, value) -> None:
    """Keep `value` for `parts` at this `version` (a failure is logged only)."""
    try:
        page_cache().set(key(namespace, version, parts), value)
    except Exception:
        logger.exception("The pages cache could not be written")


def read_ahead(alias: str, keys) -> None:
    """Read these keys of the cache `alias` in one go, for the page's later
    `get`s (`cache_backend.ReadAhead`): one statement for a page's kept
    parts instead of one each. A cache that fails is asked again later,
    and a backend without `read_ahead` is simply asked later."""
    backend = caches[alias]
    if not hasattr(backend, "read_ahead"):
        return
    try:
        backend.read_ahead(keys)
    except Exception:
        logger.exception("The %s cache could not be read ahead", alias)


def remember[T](namespace: str, version: str, parts: tuple, compute: Callable[[], T]) -> T:
    """The value kept for `parts` at this `version`, or `compute()`'s, kept.

    `parts` must be plain values whose repr says everything the value
    depends on (strings, numbers, tuples): it is hashed into the key. A
    cache that fails (Redis gone away) costs the work, never the page.
    """
    value = recall(namespace, version, parts)
    if value is None:
        value = compute()
        keep(namespace, version, parts, value)
    return value


def filter_values(filters: django_filters.FilterSet, *, leave_out=("q",)) -> str:
    """The values a filter form shows, in a fixed form, to key its kept HTML:
    each field's value as its widget reads it from the address (the last of
    a one-choice field, a date's day, month and year boxes), the distinct
    values of a many-choice one, sorted. However an address repeats or
    orders them, the same filters make one entry. Words (`q`) are shown
    outside the kept part and left out."""
    form = filters.form
    shown = []
    for name, field in form.fields.items():
        if name in leave_out:
            continue
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        if isinstance(value, list | tuple):
            value = sorted(set(value))
        shown.append((name, value))
    return repr(shown)


@contextmanager
def not_kept():
    """Within it, nothing is kept in or read from the pages cache: for timing
    pages as their first reader gets them, without emptying a cache that
    other things share (in Redis, clearing would empty the whole database)."""
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(CACHES={**settings.CACHES, ALIAS: dummy}):
        yield
