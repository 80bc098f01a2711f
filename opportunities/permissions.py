"""The rules for sessions and bookings: who sees, books and runs them.

Each rule is a `Q` (see `learning_network.rules`), used by querysets and by
the per-object questions alike.
"""

from __future__ import annotations

from django.db.models import Q

from accounts import permissions as roles
from learning_network.rules import NOTHING, matches
from opportunities import registry
from opportunities.models import LISTED, Booking, Session


def organised_q(user) -> Q:
    """The sessions this person runs, as their owning apps answer."""
    return registry.organised_q(user)


def published_q(user) -> Q:
    """Every published session, finished ones too (a cancelled one stays
    readable), for anyone signed in: what lists that show no drafts ask,
    without asking the owning apps who organises what."""
    if not roles.is_signed_in(user):
        return NOTHING
    return Q(status__in=sorted(LISTED | {"finished"}))


def visible_q(user) -> Q:
    """Staff see every published session; organisers also see their drafts."""
    if not roles.is_signed_in(user):
        return NOTHING
    return published_q(user) | organised_q(user)


def own_bookings_q(user) -> Q:
    return Q(user_id=user.pk) if roles.is_signed_in(user) else NOTHING


def can_view(user, session: Session) -> bool:
    return matches(session, visible_q(user))


def can_organise(user, session: Session) -> bool:
    """Runs the session's bookings: attendee list, attendance, capacity, emails."""
    return matches(session, organised_q(user))


def can_cancel_booking(user, booking: Booking) -> bool:
    """The person who booked, or the session's organiser."""
    return booking.user_id == getattr(user, "pk", None) or can_organise(user, booking.session)
