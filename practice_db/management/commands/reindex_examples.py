"""Rebuild every example's search vector and facet columns, in batches.

The database trigger keeps them current on every save; this is for after a
change to how they are built, or a bulk load made with the trigger deferred
(SET practice_db.defer_search_index = 'on'). Setting search_vector to NULL
is the trigger's cue to recompute a row.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, connections

TABLE = "practice_db_practiceexample"


def _reindex_range(bounds: tuple[int, int]) -> int:
    low, high = bounds
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET search_vector = NULL WHERE id >= %s AND id < %s",  # noqa: S608
                [low, high],
            )
            return cursor.rowcount
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Rebuild the search vector and facet columns of every practice example."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000, help="Examples per statement.")
        parser.add_argument("--jobs", type=int, default=1, help="Connections working at once.")
        parser.add_argument("--from-id", type=int, default=0, dest="from_id")

    def handle(self, *args, batch: int, jobs: int, from_id: int, **options) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT min(id), max(id) FROM {TABLE} WHERE id >= %s", [from_id])  # noqa: S608
            low, high = cursor.fetchone()
        if low is None:
            self.stdout.write("No examples to index.")
            return
        ranges = [(start, start + batch) for start in range(low, high + 1, batch)]
        done = 0
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for count in pool.map(_reindex_range, ranges):
                done += count
        connections.close_all()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {TABLE}")
        self.stdout.write(f"Indexed {done:,} examples in {time.monotonic() - started:.1f} s.")
