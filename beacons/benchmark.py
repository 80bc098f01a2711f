"""What `manage.py bench_pages` opens of Beacons (see apps.py): the same
designated Beacon each run."""

from __future__ import annotations

from beacons.models import Beacon


def a_beacon() -> tuple[int] | None:
    pk = Beacon.objects.designated().order_by("pk").values_list("pk", flat=True).first()
    return (pk,) if pk else None
