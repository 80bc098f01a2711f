"""The rules for leadership programmes: who may see, apply to and decide on what.

Each rule is one `Q`. Querysets filter by it, so a view that fetches through
`Application.objects.visible_to(user)` gives an outsider a 404 from the query
itself, and the per-object questions evaluate the same `Q` against a row
already loaded (`learning_network.rules.matches`): a list and a button cannot
disagree. The sponsor has no account: their authority is the signed link
(`leadership.sponsor_links`), never a rule here.
"""

from __future__ import annotations

from django.db.models import Q

from accounts import permissions as roles
from leadership.models import ACTIONS, Actor, Application, Cohort, Programme, Status
from learning_network.rules import EVERYTHING, NOTHING, matches


def coordinated_programme_ids(user) -> frozenset[int]:
    """The programmes this user coordinates: the Coordinator role and a hold on each."""
    if not roles.is_coordinator(user):
        return frozenset()
    cached = getattr(user, "_leadership_programme_ids", None)
    if cached is None:
        cached = frozenset(user.programme_links.values_list("programme_id", flat=True))
        user._leadership_programme_ids = cached
    return cached


def coordinates_any_programme(user) -> bool:
    return bool(coordinated_programme_ids(user))


def _own_q(user) -> Q:
    return Q(applicant_id=user.pk) if roles.is_signed_in(user) else NOTHING


def _coordinated_q(user, prefix: str) -> Q:
    ids = coordinated_programme_ids(user)
    return Q(**{f"{prefix}__in": sorted(ids)}) if ids else NOTHING


def programmes_q(user) -> Q:
    """Every signed-in member of staff sees every programme and cohort."""
    return EVERYTHING if roles.is_signed_in(user) else NOTHING


def manageable_programme_q(user) -> Q:
    """The programmes whose cohorts this user manages (a rule on Programme)."""
    return _coordinated_q(user, "pk")


def manageable_cohort_q(user) -> Q:
    """The cohorts whose applications this user sees and decides on (a rule on Cohort)."""
    return _coordinated_q(user, "programme_id")


def _coordinator_of_application_q(user) -> Q:
    return _coordinated_q(user, "cohort__programme_id")


def visible_q(user) -> Q:
    """An applicant sees their own, drafts included; a coordinator of the
    programme sees everything submitted to it, never a draft."""
    return _own_q(user) | (_coordinator_of_application_q(user) & ~Q(status=Status.DRAFT))


def decidable_q(user) -> Q:
    """What a coordinator may decide on: their programmes' applications, less their own."""
    return _coordinator_of_application_q(user) & ~_own_q(user)


def action_q(user, action: str) -> Q:
    """The applications on which this user may take this action now.

    The sponsor's actions match nothing here: only their link allows them.
    """
    rule = ACTIONS[action]
    if rule.by == Actor.APPLICANT:
        who = _own_q(user)
    elif rule.by == Actor.COORDINATOR:
        who = decidable_q(user)
    else:
        return NOTHING
    return who & Q(status__in=sorted(rule.from_statuses))


def editable_q(user) -> Q:
    """The applicant edits their application while it is a draft."""
    return _own_q(user) & Q(status=Status.DRAFT)


def can_manage_programme(user, programme: Programme) -> bool:
    return matches(programme, manageable_programme_q(user))


def can_manage_cohort(user, cohort: Cohort) -> bool:
    return matches(cohort, manageable_cohort_q(user))


def is_applicant(user, application: Application) -> bool:
    return matches(application, _own_q(user))


def can_decide(user, application: Application) -> bool:
    """Whether the user is one who decides on this application (whatever its status)."""
    return matches(application, decidable_q(user))


def can_edit(user, application: Application) -> bool:
    return matches(application, editable_q(user))


def may(user, action: str, application: Application) -> bool:
    return matches(application, action_q(user, action))


def allowed_actions(user, application: Application) -> list[str]:
    """The actions this user may take on this application now, in table order."""
    return [name for name in ACTIONS if may(user, name, application)]
