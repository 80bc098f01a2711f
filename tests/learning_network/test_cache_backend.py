"""The database cache that writes in one statement: Django's behaviour, fewer statements."""

import os
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from learning_network import cache_backend
from learning_network.cache_backend import PostgresCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_counts(monkeypatch):
    """Each test starts as a process that has not written yet."""
    monkeypatch.setattr(cache_backend, "_writes", {})
    monkeypatch.setattr(cache_backend, "_counts_owed", set())


def a_cache(**options) -> PostgresCache:
    return PostgresCache("learning_network_page_cache", {"OPTIONS": options})


def keys(n: int) -> list[str]:
    prefix = uuid.uuid4().hex
    return [f"{prefix}:{i}" for i in range(n)]


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM learning_network_page_cache")
        return cursor.fetchone()[0]


def test_set_writes_and_overwrites(fresh_counts):
    cache = a_cache()
    (key,) = keys(1)
    cache.set(key, {"results": [1, 2]})
    assert cache.get(key) == {"results": [1, 2]}
    cache.set(key, "again")
    assert cache.get(key) == "again"


def test_add_writes_only_where_nothing_is_kept(fresh_counts):
    cache = a_cache()
    (key,) = keys(1)
    assert cache.add(key, 1) is True
    assert cache.add(key, 2) is False
    assert cache.get(key) == 1


def test_add_takes_the_place_of_an_expired_entry(fresh_counts):
    cache = a_cache()
    (key,) = keys(1)
    cache.set(key, "old", timeout=-1)  # expired a second ago (kept to the second, as Django)
    assert cache.get(key) is None
    assert cache.add(key, "new", timeout=60) is True
    assert cache.get(key) == "new"


def test_a_timeout_of_none_keeps_the_entry_and_zero_forgets_it(fresh_counts):
    cache = a_cache()
    forever, gone = keys(2)
    cache.set(forever, "kept", timeout=None)
    cache.set(gone, "not kept", timeout=0)
    assert cache.get(forever) == "kept"
    assert cache.get(gone) is None


def expires_in(key: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extract(epoch FROM expires - now()) FROM learning_network_page_cache"
            " WHERE cache_key = %s",
            [f":1:{key}"],
        )
        return float(cursor.fetchone()[0])


def test_touch_renews_a_kept_entry_and_says_when_there_is_none(fresh_counts):
    cache = a_cache()
    kept, missing = keys(2)
    cache.set(kept, "value", timeout=5)
    assert cache.touch(kept, timeout=600) is True
    assert 590 < expires_in(kept) <= 600
    assert cache.get(kept) == "value"
    assert cache.touch(missing, timeout=60) is False


@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_a_touch_that_fails_leaves_the_callers_transaction_usable(fresh_counts):
    cache = a_cache()
    with transaction.atomic():
        assert cache.touch("k\x00ey", timeout=60) is False
        assert User.objects.count() >= 0


def test_a_write_is_one_statement_between_counts(fresh_counts):
    cache = a_cache(CULL_EVERY=100)
    first, second, third = keys(3)
    cache.set(first, 1)  # a process's first write counts the table
    with CaptureQueriesContext(connection) as writes:
        cache.set(second, 2)
        cache.add(third, 3)
    # In a transaction (as here) each write has a savepoint of its own.
    assert len(writes.captured_queries) == 2 * (1 + 2 * connection.in_atomic_block)
    assert not any("COUNT(*)" in q["sql"] for q in writes.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_write_is_a_single_statement(fresh_counts):
    cache = a_cache(CULL_EVERY=100)
    first, second = keys(2)
    cache.set(first, 1)
    with CaptureQueriesContext(connection) as writes:
        cache.set(second, 2)
    assert [q["sql"].split()[0] for q in writes.captured_queries] == ["INSERT"]
    assert cache.get(second) == 2


@pytest.mark.django_db(transaction=True)
def test_the_table_is_culled_to_its_limit(fresh_counts):
    cache = a_cache(MAX_ENTRIES=rows() + 10, CULL_EVERY=1, CULL_FREQUENCY=2)
    for key in keys(40):
        cache.set(key, "x" * 100)
    # Culled as Django culls: never far over the limit, whatever was written.
    assert rows() <= cache._max_entries + 1


@pytest.mark.django_db(transaction=True)
def test_between_counts_the_table_grows_by_at_most_cull_every(fresh_counts):
    start = rows()
    cache = a_cache(MAX_ENTRIES=start + 5, CULL_EVERY=10, CULL_FREQUENCY=2)
    for key in keys(60):
        cache.set(key, "x")
    assert rows() <= start + 5 + 10


@pytest.mark.django_db(transaction=True)
def test_a_count_due_inside_a_transaction_is_made_outside_it(fresh_counts):
    cache = a_cache(MAX_ENTRIES=rows() + 5, CULL_EVERY=10, CULL_FREQUENCY=2)
    with transaction.atomic():
        for key in keys(30):  # the counts due fall inside: none is made, none rolled back
            cache.set(key, "x")
    assert rows() >= 30
    with CaptureQueriesContext(connection) as after:
        cache.set(keys(1)[0], "x")
    assert any("COUNT(*)" in q["sql"] for q in after.captured_queries)
    assert rows() <= cache._max_entries + 1


@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_a_write_that_fails_leaves_the_callers_transaction_usable(fresh_counts):
    cache = a_cache()
    with transaction.atomic():
        # Longer than the table's key column: PostgreSQL refuses it.
        assert cache.add("k" * 300, 1) is False
        assert User.objects.count() >= 0  # the transaction still answers


def test_the_limiter_s_slots_are_claimed_once(fresh_counts):
    cache = a_cache()
    (slot,) = keys(1)
    assert [cache.add(slot, 1, timeout=60) for _ in range(3)] == [True, False, False]


@pytest.mark.skipif(
    bool(os.environ.get("REDIS_URL")), reason="with Redis there are no cache tables"
)
def test_the_cache_tables_are_written_without_the_write_ahead_log():
    """A cache write in autocommit does not wait for the log to reach the disk."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpersistence FROM pg_class WHERE relname = ANY(%s)",
            [["learning_network_cache", "learning_network_page_cache", "django_session"]],
        )
        persistence = dict(cursor.fetchall())
    assert persistence == {
        "learning_network_cache": "u",
        "learning_network_page_cache": "u",
        "django_session": "p",  # sessions are kept
    }


@pytest.fixture
def in_a_request(monkeypatch):
    """As while a page is made (request_memo's values, which Django's request
    signals start and end; sending them would close the test's connection)."""
    from learning_network import request_memo

    monkeypatch.setattr(request_memo._local, "values", {}, raising=False)


def test_keys_read_ahead_are_read_in_one_statement_and_answered_once(in_a_request):
    cache = a_cache()
    first, second, missing = keys(3)
    cache.set(first, "one")
    cache.set(second, "two")
    with CaptureQueriesContext(connection) as ahead:
        cache.read_ahead([first, second, missing])
    with CaptureQueriesContext(connection) as answered:
        assert cache.get(first) == "one"
        assert cache.get(second) == "two"
        assert cache.get(missing, "absent") == "absent"
    assert len(ahead) == 1 and len(answered) == 0
    with CaptureQueriesContext(connection) as again:
        assert cache.get(first) == "one"  # answered once: asked again
    assert len(again) == 1


def test_a_write_drops_what_was_read_ahead_of_its_key(in_a_request):
    cache = a_cache()
    key, other = keys(2)
    cache.set(key, "old")
    cache.set(other, "kept")
    cache.read_ahead([key, other])
    cache.set(key, "new")
    assert cache.get(key) == "new"
    cache.read_ahead([key])
    cache.delete(key)
    assert cache.get(key) is None
    cache.read_ahead([key])
    cache.add(key, "added")
    assert cache.get(key) == "added"
    cache.read_ahead([key, other])
    cache.set_many({key: "many"})
    assert cache.get(key) == "many"
    with CaptureQueriesContext(connection) as asked:
        assert cache.get(other) == "kept"  # dropped by the write of many: asked again
    assert len(asked) == 1


def test_nothing_read_ahead_outlives_its_request(in_a_request):
    from learning_network import request_memo

    cache = a_cache()
    key = keys(1)[0]
    cache.set(key, "kept")
    cache.read_ahead([key])
    request_memo._finish()
    request_memo._start()
    with CaptureQueriesContext(connection) as asked:
        assert cache.get(key) == "kept"
    assert len(asked) == 1


def test_nothing_is_read_ahead_outside_a_request():
    cache = a_cache()
    key = keys(1)[0]
    cache.set(key, "kept")
    with CaptureQueriesContext(connection) as ahead:
        cache.read_ahead([key])
    assert len(ahead) == 0
    with CaptureQueriesContext(connection) as asked:
        assert cache.get(key) == "kept"
    assert len(asked) == 1
