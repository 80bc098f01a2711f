"""What `manage.py bench_pages` opens of the learning opportunities (see
apps.py): the soonest session the calendar lists."""

from __future__ import annotations

from opportunities.models import Session


def a_session() -> tuple[int] | None:
    listed = Session.objects.listed().order_by("starts_at", "pk")
    pk = listed.values_list("pk", flat=True).first()
    return (pk,) if pk else None
