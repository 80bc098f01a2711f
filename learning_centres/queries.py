"""Reading a centre's events, for its page, the home page and the summary."""

from __future__ import annotations

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from learning_centres.models import LearningCentre
from opportunities.models import Booking, BookingStatus, Meeting, Session, SessionStatus


def _events(user) -> QuerySet[Session]:
    """Learning Centre events this person may see, each with its centre and type."""
    return (
        Session.objects.visible_to(user)
        .filter(centre_event__isnull=False)
        .select_related("centre_event__centre__organisation", "region")
    )


def upcoming_events(user, centre: LearningCentre) -> QuerySet[Session]:
    """The centre's events that have not ended, soonest first (drafts for its coordinator)."""
    return (
        _events(user)
        .filter(centre_event__centre=centre, ends_at__gte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("meetings")
        .order_by("starts_at", "pk")
    )


def past_events(user, centre: LearningCentre, *, limit: int = 20) -> list[Session]:
    """The region's past events, newest first: this centre's, and those of the
    centres it replaced (each labelled with the centre that ran it), with a
    summary of their feedback and what attendees agreed to share, and, for an
    action learning set, how many came to each meeting (`meetings_came`). A
    replaced centre's page shows its own events only."""
    whose = (
        Q(centre_event__centre__region_id=centre.region_id)
        if centre.is_current
        else Q(centre_event__centre=centre)
    )
    return list(
        _events(user)
        .filter(whose, ends_at__lt=timezone.now())
        .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.DRAFT])
        .annotate(
            feedback_count=Count("bookings__feedback"),
            mean_usefulness=Avg("bookings__feedback__usefulness"),
            attended_count=Count("bookings", filter=Q(bookings__status=BookingStatus.ATTENDED)),
        )
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(feedback__may_share=True)
                .select_related("feedback", "user__organisation")
                .order_by("feedback__submitted_at", "pk"),
                to_attr="shared_bookings",
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.annotate(
                    came=Count("attendance", filter=Q(attendance__attended=True))
                ).order_by("starts_at", "pk"),
                to_attr="meetings_came",
            ),
        )
        .order_by("-starts_at", "-pk")[:limit]
    )
