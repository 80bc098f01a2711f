"""The "For you" panel on the home page (declared in apps.py).

Upcoming sessions open for booking in the person's region, or on topics they
care about: those of sessions they booked, and those other apps say they
follow (`opportunities.registry.SessionInterests`, for example the topics of
the practice examples they submitted). At most four statements whatever the data:
their recent bookings (capped), those sessions' topics, then up to five
sessions in their region and up to five on their topics (each walked in
date order on the listed-sessions index, with regions and organisations
by join).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from opportunities import registry
from opportunities.models import BOOKABLE, Booking, BookingStatus, Session

SHOWN = 5
# Enough of a person's history to know their interests; older bookings add little.
RECENT_BOOKINGS = 50
MAX_TOPICS = 100
WAITING_OR_HOLDING = {BookingStatus.CONFIRMED, BookingStatus.WAITING}


def for_you(user) -> dict[str, Any] | None:
    """Up to five upcoming sessions for this person; None hides the panel."""
    recent = list(
        Booking.objects.filter(user_id=user.pk)
        .order_by("-booked_at", "-pk")
        .values_list("session_id", "status")[:RECENT_BOOKINGS]
    )
    held = [session_id for session_id, status in recent if status in WAITING_OR_HOLDING]
    topic_ids = registry.interest_topic_ids(user)
    if recent:
        topic_ids |= set(
            Session.topics.through.objects.filter(
                session_id__in=[session_id for session_id, _ in recent]
            ).values_list("topic_id", flat=True)[:MAX_TOPICS]
        )
    if not user.organisation_id and not topic_ids:
        return None
    upcoming = (
        Session.objects.filter(status__in=sorted(BOOKABLE), starts_at__gt=timezone.now())
        .exclude(pk__in=held)
        .select_related("region", "organisation")
        .order_by("starts_at", "pk")
    )
    # Two short walks of the listed-sessions index in date order, one per
    # reason, each stopping at five; an OR of the two would read every
    # session's topics first.
    found: dict[int, Session] = {}
    if user.organisation_id:
        # The organisation is read with the user (accounts.backends).
        in_region = upcoming.filter(region_id=user.organisation.region_id)
        found |= {session.pk: session for session in in_region[:SHOWN]}
    if topic_ids:
        on_topics = upcoming.filter(
            Exists(
                Session.topics.through.objects.filter(
                    session_id=OuterRef("pk"), topic_id__in=sorted(topic_ids)
                )
            )
        )
        found |= {session.pk: session for session in on_topics[:SHOWN]}
    sessions = sorted(found.values(), key=lambda s: (s.starts_at, s.pk))[:SHOWN]
    return {"for_you_sessions": sessions}
