"""ImpAct's panel on the home page (declared in apps.py)."""

from typing import Any

from bulletin.models import Issue


def latest_issue(user) -> dict[str, Any] | None:
    """The latest published issue and its first three stories; no panel before the first."""
    issue = Issue.objects.published().order_by("-number").first()
    if issue is None:
        return None
    return {"issue": issue, "stories": list(issue.stories.order_by("position")[:3])}
