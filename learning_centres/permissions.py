"""The rules for Learning Centres: who designates them, who runs them, who follows them.

Each rule is a `Q` (see `learning_network.rules`), so the queryset and the
per-object question come from the same place.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts import permissions as roles
from learning_network.rules import EVERYTHING, NOTHING, matches


def visible_q(user) -> Q:
    """Every signed-in member of staff sees every centre, replaced ones too."""
    return EVERYTHING if roles.is_signed_in(user) else NOTHING


def coordinated_q(user) -> Q:
    """The centres this person coordinates (they hold the Coordinator role too)."""
    if not roles.is_coordinator(user):
        return NOTHING
    return Q(coordinator_id=user.pk)


def _coordinated_ids(user) -> list[int]:
    from learning_centres.models import LearningCentre

    return sorted(LearningCentre.objects.filter(coordinated_q(user)).values_list("pk", flat=True))


def organised_sessions_q(user) -> Q:
    """The engine's question (opportunities.registry): the sessions of the
    centres this person coordinates, as an eager list of ids."""
    if not roles.is_coordinator(user):
        return NOTHING
    ids = _coordinated_ids(user)
    if not ids:
        return NOTHING
    from learning_centres.models import LearningCentre

    return Q(
        owner_type_id=ContentType.objects.get_for_model(LearningCentre).pk,
        owner_id__in=ids,
    )


def can_designate(user) -> bool:
    """Site admins and national moderators name each region's centre."""
    return roles.is_site_admin(user) or roles.is_national_moderator(user)


def can_coordinate(user, centre) -> bool:
    """Runs the centre's events: creates, publishes and manages them."""
    return matches(centre, coordinated_q(user))


def can_see_summary(user, centre) -> bool:
    """The yearly summary: the centre's coordinator, and those who designate centres."""
    return can_coordinate(user, centre) or can_designate(user)


def can_follow(user) -> bool:
    return roles.is_signed_in(user)
