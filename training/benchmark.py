"""What `manage.py bench_pages` opens of management training (see apps.py):
the first course by title, the same one on every run."""

from __future__ import annotations

from training.models import Course


def a_course() -> tuple[int] | None:
    pk = Course.objects.order_by("title", "pk").values_list("pk", flat=True).first()
    return None if pk is None else (pk,)
