"""What `manage.py bench_pages` opens of the leadership programmes (see
apps.py): the first programme by title, the same one on every run."""

from __future__ import annotations

from leadership.models import Programme


def a_programme() -> tuple[str] | None:
    slug = Programme.objects.order_by("title", "pk").values_list("slug", flat=True).first()
    return (slug,) if slug else None
