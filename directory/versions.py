"""Names for the reference data that pages show the same to everyone, so that
what is kept of them (filters as HTML in the pages cache) is keyed by them."""

from __future__ import annotations

import hashlib

from django.db.models import BigIntegerField, Value

from directory.models import Region, Topic


def topics_and_regions_version() -> str:
    """A name for every topic and region, read in one statement: another as
    soon as one is added, renamed, moved or removed."""
    topics = Topic.objects.order_by().values_list(Value("topic"), "pk", "slug", "name", "parent_id")
    regions = Region.objects.order_by().values_list(
        Value("region"), "pk", "slug", "name", Value(None, output_field=BigIntegerField())
    )
    rows = sorted(topics.union(regions, all=True), key=repr)
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]
