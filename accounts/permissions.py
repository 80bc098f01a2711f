"""The rules about roles: the one place that answers "is this user a ...".

Every view and every other app asks here; nothing else reads groups or
moderated regions directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from directory.models import Region


def is_signed_in(user: User | AnonymousUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _group_names(user: User) -> frozenset[str]:
    # Cached on the user object: a request asks several role questions.
    cached = getattr(user, "_learning_network_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._learning_network_groups = cached
    return cached


def remember_group_names(user: User, names) -> None:
    """Group names read with the user (accounts.backends), so that role
    questions about them ask the database nothing more."""
    user._learning_network_groups = frozenset(name for name in names if name is not None)


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    return is_signed_in(user) and role.value in _group_names(user)


def is_site_admin(user: User | AnonymousUser) -> bool:
    return is_signed_in(user) and user.is_staff and user.is_superuser


def is_national_moderator(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.NATIONAL_MODERATOR)


def is_editor(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.EDITOR)


def is_coordinator(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.COORDINATOR)


def moderated_region_ids(user: User | AnonymousUser) -> frozenset[int] | None:
    """The ids of the regions a user moderates; None means every region."""
    if is_national_moderator(user):
        return None
    if not has_role(user, Role.REGIONAL_MODERATOR):
        return frozenset()
    cached = getattr(user, "_learning_network_regions", None)
    if cached is None:
        cached = frozenset(user.moderated_regions.values_list("region_id", flat=True))
        user._learning_network_regions = cached
    return cached


def is_moderator(user: User | AnonymousUser) -> bool:
    """Whether the user moderates any region at all."""
    region_ids = moderated_region_ids(user)
    return region_ids is None or bool(region_ids)


def is_moderator_of_region(user: User | AnonymousUser, region: Region | int | None) -> bool:
    """Whether the user may moderate what organisations in this region submit."""
    if region is None:
        return False
    region_id = region if isinstance(region, int) else region.pk
    region_ids = moderated_region_ids(user)
    return region_ids is None or region_id in region_ids


def role_descriptions(user: User) -> list[str]:
    """The roles a user holds, in words, for their profile page."""
    roles = ["Staff"]
    if is_national_moderator(user):
        roles.append("National moderator (all regions)")
    elif has_role(user, Role.REGIONAL_MODERATOR):
        names = list(user.moderated_regions.values_list("region__name", flat=True))
        if names:
            roles.append(f"Regional moderator ({', '.join(names)})")
    if is_editor(user):
        roles.append("ImpAct editor")
    if is_coordinator(user):
        roles.append("Coordinator")
    if is_site_admin(user):
        roles.append("Site admin")
    return roles
