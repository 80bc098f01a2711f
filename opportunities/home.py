"""The "For you" panel on the home page (declared in apps.py).

Upcoming sessions open for booking in the person's region, or on topics they
care about: those of sessions they booked, and those other apps say they
follow (`opportunities.registry.SessionInterests`, for example the topics of
the practice examples they submitted). Three statements whatever the data:
the topics of their recent bookings (capped), then the sessions (capped at
five, with their regions and organisations by join).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from directory.models import Organisation
from opportunities import registry
from opportunities.models import BOOKABLE, Booking, Session

SHOWN = 5
# Enough of a person's history to know their interests; older bookings add little.
RECENT_BOOKINGS = 50


def for_you(user) -> dict[str, Any] | None:
    """Up to five upcoming sessions for this person; None hides the panel."""
    recent = (
        Booking.objects.filter(user_id=user.pk)
        .order_by("-booked_at")
        .values("session_id")[:RECENT_BOOKINGS]
    )
    topic_ids = set(
        Session.topics.through.objects.filter(session_id__in=recent).values_list(
            "topic_id", flat=True
        )[:100]
    ) | registry.interest_topic_ids(user)
    wanted = Q(pk__in=[])
    if user.organisation_id:
        wanted |= Q(
            region_id__in=Organisation.objects.filter(pk=user.organisation_id).values("region_id")
        )
    if topic_ids:
        wanted |= Q(
            pk__in=Session.topics.through.objects.filter(topic_id__in=sorted(topic_ids)).values(
                "session_id"
            )
        )
    if not user.organisation_id and not topic_ids:
        return None
    sessions = list(
        Session.objects.filter(wanted, status__in=sorted(BOOKABLE), starts_at__gt=timezone.now())
        .exclude(bookings__user_id=user.pk, bookings__status__in=["confirmed", "waiting"])
        .select_related("region", "organisation")
        .order_by("starts_at", "pk")[:SHOWN]
    )
    return {"for_you_sessions": sessions}
