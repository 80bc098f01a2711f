"""Two pieces of database work at once, on two connections.

A search's first reader waits for its counts and then for its page of
results, two statements that do not depend on each other, each tens of
milliseconds on a large database. `alongside(aside, here)` runs `aside` in a
worker thread, on that thread's own connection (from the pool when there is
one), while `here` runs on the request's, so the reader waits for the slower
of the two, not for both. On a busy server this shortens no queue: it is for
the wait of one reader, and the work is the same.

Both run on the request's own connection, one after the other, whenever a
second connection could see different data: inside a transaction (which
another connection cannot see into: every test's, for one), or within
`one_connection()` (for counting a page's statements).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import close_old_connections, connection

# Gunicorn's workers handle one request each at a time; a threaded server
# (runserver) queues its readers' side work behind these.
WORKERS = 2

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_one_connection = threading.local()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="alongside")
        return _executor


@contextmanager
def one_connection() -> Iterator[None]:
    """Within it, `alongside` runs both on the current connection."""
    previous = getattr(_one_connection, "on", False)
    _one_connection.on = True
    try:
        yield
    finally:
        _one_connection.on = previous


def may_run_aside() -> bool:
    """Whether a second connection sees what this one does: outside any
    transaction, and not within `one_connection()`."""
    if getattr(_one_connection, "on", False) or connection.in_atomic_block:
        return False
    return connection.get_autocommit()


def _run_aside[T](work: Callable[[], T]) -> T:
    # As a request would: a connection that broke or outlived its age is
    # replaced first, and this one is given back (to the pool) or closed after.
    close_old_connections()
    try:
        return work()
    finally:
        close_old_connections()


def alongside[A, B](aside: Callable[[], A], here: Callable[[], B]) -> tuple[A, B]:
    """(`aside()`, `here()`): `aside` on another connection while `here` runs
    on this one, when that is safe (see `may_run_aside`); else one after the
    other. An error in either is raised here."""
    if not may_run_aside():
        return aside(), here()
    future = _pool().submit(_run_aside, aside)
    try:
        mine = here()
    except BaseException:
        future.cancel()
        raise
    return future.result(), mine
