"""The accounts app's panels on the home page (declared in apps.py)."""

from typing import Any

from accounts import permissions
from accounts.models import User


def profile_notice(user: User) -> dict[str, Any] | None:
    """A reminder to add a job title and organisation, until both are there."""
    if user.job_title and user.organisation_id:
        return None
    return {}


def profile_card(user: User) -> dict[str, Any]:
    """The card leading to the profile, naming the roles the person holds."""
    return {"roles": permissions.role_descriptions(user)}
