"""What `manage.py bench_pages` opens of Learning Centres (see apps.py): the
same current centre each run, the one with the most events."""

from __future__ import annotations

from django.db.models import Count

from learning_centres.models import LearningCentre


def a_centre() -> tuple[int] | None:
    pk = (
        LearningCentre.objects.current()
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return (pk,) if pk else None
