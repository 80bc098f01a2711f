"""Reading a centre's events, for its page, the home page and the summary."""

from __future__ import annotations

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from learning_centres import permissions
from learning_centres.models import LearningCentre
from opportunities import permissions as engine_permissions
from opportunities.models import (
    Booking,
    BookingStatus,
    Feedback,
    Meeting,
    Session,
    SessionStatus,
)

# What attendees agreed to share: the first few answers of each past event.
SHARED_SHOWN = 3


def _events(user, centre: LearningCentre | None = None) -> QuerySet[Session]:
    """Learning Centre events this person may see, each with its centre and
    type: the published ones, and every one of `centre` for its coordinator.

    Only a centre's coordinator runs its events, so whether its drafts show
    is theirs to know (`permissions.can_coordinate`, asked of the loaded
    centre): the pages ask no other app who organises what."""
    sessions = Session.objects.filter(centre_event__isnull=False)
    if centre is None or not permissions.can_coordinate(user, centre):
        sessions = sessions.filter(engine_permissions.published_q(user))
    return sessions.select_related("centre_event__centre__organisation", "region")


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(session=OuterRef("pk")).values("session")


def _feedback() -> QuerySet[Feedback]:
    return Feedback.objects.filter(booking__session=OuterRef("pk")).values("booking__session")


def _attended() -> QuerySet[Booking]:
    return Booking.objects.filter(session=OuterRef("pk"), status=BookingStatus.ATTENDED).values(
        "session"
    )


def _per_event(rows, aggregate) -> Subquery:
    """One figure over an event's rows, as a subquery on the event's row: worked
    out for the events listed only (None for an event with no rows)."""
    return Subquery(rows().order_by().annotate(figure=aggregate).values("figure"))


def upcoming_events(user, centre: LearningCentre, *, meetings: bool = True) -> QuerySet[Session]:
    """The centre's events that have not ended, soonest first (drafts for its
    coordinator), each with how many meetings it has (`meeting_count`: None
    for an event that is not an action learning set) unless `meetings` is
    False (the home page's panel shows none)."""
    events = (
        _events(user, centre)
        .filter(centre_event__centre=centre, ends_at__gte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    if meetings:
        events = events.annotate(meeting_count=_per_event(_meetings, Count("pk")))
    return events


def past_events(user, centre: LearningCentre, *, limit: int = 20) -> list[Session]:
    """The region's past events, newest first: this centre's, and those of the
    centres it replaced (each labelled with the centre that ran it), with a
    summary of their feedback and the first SHARED_SHOWN answers attendees
    agreed to share (`shared_bookings`), and, for an action learning set, how
    many came to each meeting (`meetings_came`). A replaced centre's page
    shows its own events only."""
    whose = (
        Q(centre_event__centre__region_id=centre.region_id)
        if centre.is_current
        else Q(centre_event__centre=centre)
    )
    return list(
        _events(user)
        .filter(whose, ends_at__lt=timezone.now())
        .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.DRAFT])
        # Subqueries, not joins: the figures are worked out for the events
        # listed, not for every past event of the region before the newest
        # are picked.
        .annotate(
            feedback_count=Coalesce(_per_event(_feedback, Count("pk")), 0),
            mean_usefulness=_per_event(_feedback, Avg("usefulness")),
            attended_count=Coalesce(_per_event(_attended, Count("pk")), 0),
        )
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(feedback__may_share=True)
                .select_related("feedback", "user__organisation")
                .order_by("feedback__submitted_at", "pk")[:SHARED_SHOWN],
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
