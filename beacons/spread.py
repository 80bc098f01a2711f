"""Practice examples that visitors wrote from what they took away from a
Beacon (a visit or an open day): the practice database's spread map counts
their organisations (`spread_sources`, declared in apps.py)."""

from beacons.models import SpreadExample


def examples_written(topic_id: int | None = None):
    """Every link kept (few): the map narrows them to its topic itself."""
    return SpreadExample.objects.values("example_id")
