"""The rules for courses: who sees them, who runs them, who may rate them.

Each rule is a `Q` (see `learning_network.rules`): querysets filter by it and
the per-object questions evaluate the same `Q` against a loaded object.
The courses a person runs are read once per request, as an eager list of
ids, so the rules need no subqueries and `matches` can answer them.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts import permissions as roles
from learning_network.rules import EVERYTHING, NOTHING, matches
from opportunities.models import BookingStatus, Kind, Session
from training.models import Course, Provider

# Where the courses a person runs are kept on their user for the request.
_MANAGED = "_training_course_ids"


def managed_course_ids(user) -> frozenset[int]:
    """The courses this person coordinates, themselves or through their provider."""
    if not roles.is_signed_in(user):
        return frozenset()
    cached = getattr(user, _MANAGED, None)
    if cached is None:
        cached = frozenset(
            Course.objects.filter(Q(coordinators=user) | Q(provider__coordinators=user))
            .values_list("pk", flat=True)
            .distinct()
        )
        setattr(user, _MANAGED, cached)
    return cached


def forget_managed_courses(user) -> None:
    """After a change to who coordinates what, within one request or test."""
    if hasattr(user, _MANAGED):
        delattr(user, _MANAGED)


def is_course_coordinator(user) -> bool:
    """Runs a course, or coordinates a provider (who may add its first course).

    One statement (the home page asks it of everyone): a course coordinator
    is named on the course, a provider's coordinator on the provider."""
    if not roles.is_signed_in(user):
        return False
    if getattr(user, _MANAGED, None):  # already read: runs at least one course
        return True
    on_a_course = Course.coordinators.through.objects.filter(user_id=user.pk)
    of_a_provider = Provider.coordinators.through.objects.filter(user_id=user.pk)
    return on_a_course.values("pk").union(of_a_provider.values("pk")).exists()


def visible_q(user) -> Q:
    """Every signed-in member of staff may read every course."""
    return EVERYTHING if roles.is_signed_in(user) else NOTHING


def managed_q(user) -> Q:
    """The courses whose intakes, interest and bookings this person manages."""
    ids = managed_course_ids(user)
    return Q(pk__in=sorted(ids)) if ids else NOTHING


def course_content_type_id() -> int:
    return ContentType.objects.get_for_model(Course).pk


def organised_sessions_q(user) -> Q:
    """The engine's hook: the intakes of the courses this person coordinates."""
    ids = managed_course_ids(user)
    if not ids:
        return NOTHING
    return Q(owner_type_id=course_content_type_id(), owner_id__in=sorted(ids))


def intakes_q(course: Course) -> Q:
    """A course's intakes, as a rule over sessions."""
    return Q(kind=Kind.COURSE_INTAKE, owner_type_id=course_content_type_id(), owner_id=course.pk)


def can_view(user, course: Course) -> bool:
    return matches(course, visible_q(user))


def can_manage(user, course: Course) -> bool:
    return matches(course, managed_q(user))


def has_attended(user, course: Course) -> bool:
    """Marked as attended on one of the course's intakes (by the engine's organiser pages)."""
    if not roles.is_signed_in(user):
        return False
    return Session.objects.filter(
        intakes_q(course), bookings__user_id=user.pk, bookings__status=BookingStatus.ATTENDED
    ).exists()
