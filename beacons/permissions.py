"""The rules for Beacons and visit requests: who sees, asks, answers and designates.

Each rule is one `Q`; querysets filter by it and the per-object questions
evaluate the same `Q` with `learning_network.rules.matches`. Coordinating is
scoped: a person coordinates the Beacons whose `coordinator` they are.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts import permissions as roles
from beacons.models import VISIT_ACTIONS, Beacon, VisitActor, VisitRequest
from learning_network.rules import EVERYTHING, NOTHING, matches


def coordinated_beacon_ids(user) -> list[int]:
    """The Beacons this person coordinates (cached on the user for the request)."""
    if not roles.is_signed_in(user):
        return []
    cached = getattr(user, "_beacons_coordinated", None)
    if cached is None:
        cached = sorted(Beacon.objects.filter(coordinator_id=user.pk).values_list("pk", flat=True))
        user._beacons_coordinated = cached
    return cached


def beacon_visible_q(user) -> Q:
    """Every signed-in person reads every Beacon, ended designations included."""
    return EVERYTHING if roles.is_signed_in(user) else NOTHING


def coordinates_q(user) -> Q:
    """The Beacons this person runs: theirs as coordinator, every one for national moderators."""
    if roles.is_national_moderator(user):
        return EVERYTHING
    ids = coordinated_beacon_ids(user)
    return Q(pk__in=ids) if ids else NOTHING


def is_coordinator_of(user, beacon: Beacon) -> bool:
    return roles.is_signed_in(user) and beacon.coordinator_id == user.pk


def can_manage(user, beacon: Beacon) -> bool:
    """The coordinator's page, open days and example links: the coordinator,
    and national moderators (who see what is overdue everywhere)."""
    return matches(beacon, coordinates_q(user))


def can_designate(user) -> bool:
    return roles.is_national_moderator(user)


def visit_visible_q(user) -> Q:
    """The requester, the Beacon's coordinator and national moderators; a 404 for others."""
    if not roles.is_signed_in(user):
        return NOTHING
    if roles.is_national_moderator(user):
        return EVERYTHING
    ids = coordinated_beacon_ids(user)
    rule = Q(requester_id=user.pk)
    return rule | Q(beacon_id__in=ids) if ids else rule


def allowed_visit_actions(user, visit: VisitRequest) -> list[str]:
    """The moves this person may make on this request in its current status.

    Answering is the coordinator's alone: a national moderator sees the
    request but does not answer for the Beacon."""
    allowed = []
    for name, action in VISIT_ACTIONS.items():
        if visit.status not in action.from_statuses:
            continue
        if may_act_as(user, visit, action.by):
            allowed.append(name)
    return allowed


def may_act_as(user, visit: VisitRequest, by: str) -> bool:
    if by == VisitActor.REQUESTER:
        return visit.requester_id == getattr(user, "pk", None)
    return is_coordinator_of(user, visit.beacon)


def organised_sessions_q(user) -> Q:
    """The engine's question: which open days does this person organise? Those
    of the Beacons they coordinate (eager ids, so `matches` can answer too)."""
    ids = coordinated_beacon_ids(user)
    if not ids:
        return NOTHING
    return Q(owner_type_id=ContentType.objects.get_for_model(Beacon).pk, owner_id__in=ids)


def coordinates_any(user) -> bool:
    """Whether "Beacons you coordinate" belongs in this person's work links."""
    return roles.is_national_moderator(user) or bool(coordinated_beacon_ids(user))
