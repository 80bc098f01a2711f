"""The database caches' tables (0003, 0005) written without the write-ahead
log: a cache write in autocommit then need not wait for the log to reach
the disk, which took about 3.6 ms a write on the project's machine (0.1 to
0.3 ms unlogged), and an example's or a search's first reader writes three
to five entries. PostgreSQL empties an unlogged table after a crash, which a
cache may lose (Redis, the other cache, keeps nothing on disk here either);
nothing else is stored in them. With REDIS_URL set there are no tables."""

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import migrations
from django.utils.module_loading import import_string


def _cache_tables(connection) -> list[str]:
    existing = set(connection.introspection.table_names())
    tables = []
    for cache in settings.CACHES.values():
        backend = import_string(cache["BACKEND"])
        if issubclass(backend, DatabaseCache) and cache["LOCATION"] in existing:
            tables.append(cache["LOCATION"])
    return tables


def _persistence(keyword: str):
    def alter(apps, schema_editor):
        quote = schema_editor.connection.ops.quote_name
        for table in _cache_tables(schema_editor.connection):
            schema_editor.execute(f"ALTER TABLE {quote(table)} SET {keyword}")

    return alter


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_pages_cache_table")]

    operations = [migrations.RunPython(_persistence("UNLOGGED"), _persistence("LOGGED"))]
