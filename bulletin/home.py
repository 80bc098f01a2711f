"""ImpAct's panel on the home page (declared in apps.py)."""

from typing import Any

from django.db.models import Count, Q, Subquery
from django.utils import timezone

from bulletin.models import Issue, Story


def latest_issue(user) -> dict[str, Any] | None:
    """The latest published issue and its first three stories; no panel before
    the first. One statement (the stories, each with its issue), and one more
    for an issue with no stories or when none is published."""
    latest = Issue.objects.published().order_by("-number")
    stories = list(
        Story.objects.filter(issue=Subquery(latest.values("pk")[:1]))
        .select_related("issue")
        .order_by("position")[:3]
    )
    issue = stories[0].issue if stories else latest.first()
    if issue is None:
        return None
    return {"issue": issue, "stories": stories}


def editor_summary(user) -> str | None:
    """An editor's issues not yet public: "2 draft issues, 1 scheduled".

    Drafts and scheduled issues are the few not yet published; counted in one
    statement, at most 100.
    """
    now = timezone.now()
    waiting = Issue.objects.filter(Q(publish_at__isnull=True) | Q(publish_at__gt=now))
    counts = waiting.filter(pk__in=waiting.values("pk")[:100]).aggregate(
        drafts=Count("pk", filter=Q(publish_at__isnull=True)),
        scheduled=Count("pk", filter=Q(publish_at__isnull=False)),
    )
    parts = []
    if counts["drafts"]:
        parts.append(f"{counts['drafts']} draft issue{'s' if counts['drafts'] != 1 else ''}")
    if counts["scheduled"]:
        parts.append(f"{counts['scheduled']} scheduled")
    return ", ".join(parts) or None
