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
`one_connection()` (for counting a page's statements); and when the pool
has no connection free at once. Without a pool (debug) the worker opens a
connection for each piece of work, as a request does.
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
    """Whether a second connection sees what this one does, and one can be
    had at once: outside any transaction, not within `one_connection()`
    (nor within work already running aside), and with a connection free in
    the pool when there is one."""
    if getattr(_one_connection, "on", False) or connection.in_atomic_block:
        return False
    return connection.get_autocommit() and has_free_connection(connection.pool)


def has_free_connection(pool) -> bool:
    """Whether the pool (None: no pool, a connection is opened) would hand
    out a connection without waiting. Waiting for one while this request
    holds its own could wait out the pool's timeout when many readers
    search at once (a threaded server), so then the work is done here."""
    if pool is None:
        return True
    stats = pool.get_stats()
    if stats.get("requests_waiting", 0):
        return False
    can_grow = stats.get("pool_size", 0) < stats.get("pool_max", 0)
    return stats.get("pool_available", 0) > 0 or can_grow


def _run_aside[T](work: Callable[[], T]) -> T:
    # As a request would: a connection that broke or outlived its age is
    # replaced first, and this one is given back (to the pool) or closed after.
    # Work running aside never sends more aside (which could wait for itself).
    _one_connection.on = True
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
