"""What `manage.py bench_pages` opens of ImpAct (see apps.py): the newest
published issue, its first story, and a subject that has stories."""

from __future__ import annotations

from bulletin.models import Issue, Story


def an_issue() -> tuple[int] | None:
    number = Issue.objects.published().order_by("-number").values_list("number", flat=True)
    return (number[0],) if number else None


def a_story() -> tuple[int] | None:
    story = Story.objects.published().order_by("-issue__number", "position")
    pk = story.values_list("pk", flat=True).first()
    return (pk,) if pk else None


def a_subject() -> tuple[str] | None:
    slug = (
        Story.objects.published()
        .filter(topics__isnull=False)
        .order_by("topics__slug")
        .values_list("topics__slug", flat=True)
        .first()
    )
    return (slug,) if slug else None
