"""The rules for ImpAct: who may edit it, and who may see an issue or story."""

from __future__ import annotations

from datetime import datetime

from accounts import permissions as roles
from bulletin.models import Issue, Story


def can_edit_bulletin(user) -> bool:
    """Editors put issues together, schedule, publish and correct them."""
    return roles.is_editor(user)


def can_view_issue(user, issue: Issue, now: datetime | None = None) -> bool:
    """Editors see every issue; other staff only what is published by `now`."""
    if can_edit_bulletin(user):
        return True
    return roles.is_signed_in(user) and issue.is_published(now)


def can_view_story(user, story: Story, now: datetime | None = None) -> bool:
    return can_view_issue(user, story.issue, now)


def correction_needed(story: Story, now: datetime | None = None) -> bool:
    """Once its issue is public, a change to a story is a correction readers see."""
    return story.issue.is_published(now)
