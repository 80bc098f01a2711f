"""Django's database cache, writing in one PostgreSQL statement.

Django's `DatabaseCache` counts the whole table before every write (to cull
it when over MAX_ENTRIES), then reads the key and updates or inserts it in a
transaction of its own: five statements a write, and the count reads every
row (a few milliseconds at 20,000 entries). A page that keeps three things
for its next reader (an example's first reader) spent fifteen statements
writing them.

Here a write is one `INSERT ... ON CONFLICT` statement, which the table's
primary key makes atomic however many servers write at once (so `add`
stays safe for `learning_network.throttle`'s slots, expired or not). The
table is counted, and culled as Django culls it, on a process's first write
and then every CULL_EVERY writes (OPTIONS: "CULL_EVERY", default 100), each
time outside any transaction (a count due inside one is made by the next
write outside): it holds about MAX_ENTRIES plus CULL_EVERY for each process
that writes, so no flood of different searches can fill the disk (a cull
forgets the expired entries, then the first by key down to MAX_ENTRIES
less 1/CULL_FREQUENCY of it). Reading, deleting and the table itself
(`createcachetable`) are Django's.
"""

from __future__ import annotations

import base64
import itertools
import pickle
from contextlib import nullcontext
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

from learning_network import request_memo

# Writes made by this process to each table, to count the table every so often.
_writes: dict[str, itertools.count] = {}
# Tables whose count fell due inside a transaction, to be made by the next write outside one.
_counts_owed: set[str] = set()


# A key read ahead and not found.
_ABSENT = object()


class ReadAhead:
    """A page that knows which kept things it will ask for (an example's
    sections, its Forum panel and its related examples, each asked for in a
    different place) reads them in one go with `read_ahead`: one statement,
    or one round trip to Redis, instead of one each. `get` answers from
    what was read ahead, once, within the same request; a write through
    this cache drops what was read ahead of the keys it writes (all of it
    for a write of another version, of many keys or a clear). Outside a
    request (a command, the task worker) nothing is read ahead and `get`
    asks the cache as before."""

    def _ahead(self) -> dict | None:
        values = request_memo.current()
        # Keyed by the cache object itself (kept alive with the request's
        # values), so that no other cache object can ever answer from it.
        return None if values is None else values.get(("cache read ahead", self))

    def read_ahead(self, keys) -> None:
        values = request_memo.current()
        if values is None:
            return
        keys = list(dict.fromkeys(keys))
        found = self.get_many(keys)
        ahead = values.setdefault(("cache read ahead", self), {})
        ahead.update({key: found.get(key, _ABSENT) for key in keys})

    def get(self, key, default=None, version=None):
        ahead = self._ahead()
        if ahead and version is None and key in ahead:
            value = ahead.pop(key)
            return default if value is _ABSENT else value
        return super().get(key, default=default, version=version)

    def _drop_ahead(self, key=None, version=None) -> None:
        ahead = self._ahead()
        if not ahead:
            return
        if key is not None and version is None:
            ahead.pop(key, None)
        else:
            ahead.clear()

    def set(self, key, *args, version=None, **kwargs):
        self._drop_ahead(key, version)
        return super().set(key, *args, version=version, **kwargs)

    def add(self, key, *args, version=None, **kwargs):
        self._drop_ahead(key, version)
        return super().add(key, *args, version=version, **kwargs)

    def touch(self, key, *args, version=None, **kwargs):
        self._drop_ahead(key, version)
        return super().touch(key, *args, version=version, **kwargs)

    def delete(self, key, *args, version=None, **kwargs):
        self._drop_ahead(key, version)
        return super().delete(key, *args, version=version, **kwargs)

    def incr(self, key, *args, version=None, **kwargs):
        self._drop_ahead(key, version)
        return super().incr(key, *args, version=version, **kwargs)

    def set_many(self, *args, **kwargs):
        self._drop_ahead()
        return super().set_many(*args, **kwargs)

    def delete_many(self, *args, **kwargs):
        self._drop_ahead()
        return super().delete_many(*args, **kwargs)

    def clear(self):
        self._drop_ahead()
        return super().clear()


class RedisCache(ReadAhead, DjangoRedisCache):
    """Django's Redis cache, with `read_ahead`."""


class _PostgresCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        options = params.get("OPTIONS") or {}
        self._cull_every = max(1, int(options.get("CULL_EVERY", 100)))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._upsert("set", key, value, timeout)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._upsert("add", key, value, timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = connection.ops.adapt_datetimefield_value(self._expires(timeout))
        try:
            with self._kept_apart(connection, db), connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET expires = %s WHERE cache_key = %s",  # noqa: S608
                    [expires, key],
                )
                return cursor.rowcount > 0
        except DatabaseError:
            return False

    @staticmethod
    def _kept_apart(connection, db):
        """Inside a transaction a failed statement would spoil the caller's
        work: a savepoint keeps it apart. In autocommit none is needed."""
        return transaction.atomic(using=db) if connection.in_atomic_block else nullcontext()

    def _expires(self, timeout) -> datetime:
        """As Django's database cache writes it."""
        timeout = self.get_backend_timeout(timeout)
        zone = UTC if settings.USE_TZ else None
        if timeout is None:
            return datetime.max.replace(microsecond=0, tzinfo=zone)
        return datetime.fromtimestamp(timeout, tz=zone).replace(microsecond=0)

    def _upsert(self, mode: str, key: str, value, timeout) -> bool:
        """Write `key`: always ("set"), or only where it is missing or expired
        ("add"). True if it was written."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        expires = connection.ops.adapt_datetimefield_value(self._expires(timeout))
        only_if_expired = f" WHERE {table}.expires < %s" if mode == "add" else ""
        sql = (
            f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (cache_key) DO UPDATE "
            f"SET value = EXCLUDED.value, expires = EXCLUDED.expires{only_if_expired}"
        )
        params = [key, encoded, expires]
        if mode == "add":
            params.append(connection.ops.adapt_datetimefield_value(now))
        try:
            with self._kept_apart(connection, db), connection.cursor() as cursor:
                if self._count_due(connection):
                    cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - our table
                    count = cursor.fetchone()[0]
                    if count > self._max_entries:
                        self._cull(db, cursor, now, count)
                cursor.execute(sql, params)
                return cursor.rowcount > 0
        except DatabaseError:
            # As Django's: a cache that cannot be written costs the work, not the page.
            return False

    def _count_due(self, connection) -> bool:
        """Whether this write counts the table: a process's first, then every
        CULL_EVERY. Never inside a transaction (the caller's rollback would
        take the cull back with it, and its deletions would hold locks until
        the caller commits): a count due then is made by the next write in
        autocommit."""
        due = next(_writes.setdefault(self._table, itertools.count())) % self._cull_every == 0
        if connection.in_atomic_block:
            if due:
                _counts_owed.add(self._table)
            return False
        if due or self._table in _counts_owed:
            _counts_owed.discard(self._table)
            return True
        return False

    def _cull(self, db, cursor, now, num):
        """Forget the expired entries; if still over MAX_ENTRIES, forget the
        first by key (Django's order) down to MAX_ENTRIES less 1/CULL_FREQUENCY,
        so that the writes between counts find room."""
        if self._cull_frequency == 0:
            self.clear()
            return
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        cursor.execute(
            f"DELETE FROM {table} WHERE expires < %s",  # noqa: S608 - our table
            [connection.ops.adapt_datetimefield_value(now)],
        )
        remaining = num - cursor.rowcount
        if remaining > self._max_entries:
            cull_num = remaining - self._max_entries + self._max_entries // self._cull_frequency
            cursor.execute(connection.ops.cache_key_culling_sql() % table, [cull_num])
            last = cursor.fetchone()
            if last:
                cursor.execute(
                    f"DELETE FROM {table} WHERE cache_key < %s",  # noqa: S608 - our table
                    [last[0]],
                )


class PostgresCache(ReadAhead, _PostgresCache):
    """Writes in one statement (`_PostgresCache`), with `read_ahead`."""
