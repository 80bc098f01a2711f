"""Confirmed Beacon visits in people's calendars.

`visit_ics` gives one visit as an iCalendar file (the `icalendar` package),
for the visitor and the coordinator alike: the same UID, with SEQUENCE
bumped on each change, so a calendar program updates the one entry, and a
withdrawn visit arrives as CANCELLED.

`visits_for(user)` is this app's `OtherBookings` hook (declared in
apps.py) for the booking engine's My bookings: the confirmed visits this
person is going on or hosting, soonest first, each as the engine's
`BookedEntry` (title, when, where, link, ics link, label), so the engine
lists them beside its bookings without knowing what a Beacon is.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from beacons.models import VisitRequest, VisitStatus
from learning_network.email import absolute_url
from opportunities.registry import BookedEntry

# Statuses listed under "current" on My visit requests.
CURRENT = frozenset({VisitStatus.REQUESTED, VisitStatus.ACKNOWLEDGED, VisitStatus.CONFIRMED})


def visits_for(user, *, include_past: bool = False) -> list[BookedEntry]:
    """Confirmed visits the person asked for or hosts as the Beacon's coordinator."""
    if not getattr(user, "is_authenticated", False):
        return []
    visits = (
        VisitRequest.objects.filter(Q(requester_id=user.pk) | Q(beacon__coordinator_id=user.pk))
        .filter(status__in=[VisitStatus.CONFIRMED, VisitStatus.COMPLETED])
        .select_related("beacon__organisation")
        .order_by("visit_starts_at", "pk")
    )
    if not include_past:
        visits = visits.filter(visit_ends_at__gte=timezone.now())
    return [
        BookedEntry(
            title=f"Beacon visit: {visit.beacon.service_name}",
            starts_at=visit.visit_starts_at,
            ends_at=visit.visit_ends_at,
            where=str(visit.beacon.organisation),
            url=visit.get_absolute_url(),
            ics_url=reverse("beacons:visit_ics", args=[visit.pk]),
            label=_label(visit, hosting=visit.requester_id != user.pk),
        )
        for visit in visits
    ]


def _label(visit: VisitRequest, *, hosting: bool) -> str:
    if visit.status == VisitStatus.COMPLETED:
        return "Visit took place"
    return "You are hosting this visit" if hosting else "Visit confirmed"


def visit_ics(visit: VisitRequest) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//NHS Learning Network//Beacon visits//EN")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if visit.status == VisitStatus.WITHDRAWN else "PUBLISH")
    event = Event()
    event.add("uid", f"beacon-visit-{visit.calendar_uid}@learning-network.nhs.uk")
    event.add("sequence", visit.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", visit.visit_starts_at)
    event.add("dtend", visit.visit_ends_at)
    event.add("summary", f"Beacon visit: {visit.beacon.service_name}")
    event.add("location", str(visit.beacon.organisation))
    event.add(
        "description",
        f"{visit.party_size} visiting from {visit.requester.organisation or 'the NHS'}. "
        f"Hosted by {visit.beacon.coordinator.full_name}.",
    )
    event.add("url", absolute_url(visit.get_absolute_url()))
    event.add("status", "CANCELLED" if visit.status == VisitStatus.WITHDRAWN else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
