"""Sessions as iCalendar, built with the `icalendar` package.

One session's file ("Add to calendar") and each person's feed of their
bookings carry the same event for a session: its `calendar_uid` as UID and
its `sequence` as SEQUENCE, so a calendar program that has the event
replaces it when the session changes. A cancelled session is sent with
STATUS:CANCELLED and the higher SEQUENCE that `cancel_session` gave it, so
calendars remove it; a booking the person cancelled themselves appears in
their feed as cancelled too, one SEQUENCE on.

Times are written in UTC (a trailing Z): a calendar program shows them in
its own zone, and nothing depends on a time-zone table being right about
when the clocks change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event

from learning_network.email import absolute_url
from opportunities.models import Booking, BookingStatus, Session, SessionStatus

PRODUCT = "-//NHS Learning Network//Learning opportunities//EN"
ICS_TYPE = "text/calendar; charset=utf-8"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def session_event(
    session: Session, *, show_joining_link: bool, withdrawn: bool = False, waiting: bool = False
) -> Event:
    """The event for one session. `withdrawn` marks a booking the person
    cancelled: the event is cancelled in their calendar though the session is
    not. `waiting` marks a place on the waiting list (tentative)."""
    event = Event()
    cancelled = session.status == SessionStatus.CANCELLED or withdrawn
    event.add("uid", session.calendar_uid)
    event.add("sequence", session.sequence + (1 if withdrawn else 0))
    event.add("dtstamp", _utc(session.updated_at))
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    if cancelled:
        summary, status = f"Cancelled: {session.title}", "CANCELLED"
    elif waiting:
        summary, status = f"Waiting list: {session.title}", "TENTATIVE"
    else:
        summary, status = session.title, "CONFIRMED"
    event.add("summary", summary)
    event.add("status", status)
    link = absolute_url(session.get_absolute_url())
    event.add("url", link)
    where = ", ".join(part for part in (session.venue, session.address.replace("\n", ", ")) if part)
    if session.is_online and show_joining_link and session.joining_link:
        where = f"{where} / Online: {session.joining_link}" if where else session.joining_link
    elif session.is_online:
        where = f"{where} / Online" if where else "Online"
    if where:
        event.add("location", where)
    lines = []
    if session.status == SessionStatus.CANCELLED and session.cancellation_reason:
        lines.append(f"This session is cancelled: {session.cancellation_reason}")
    if session.description:
        lines.append(session.description)
    lines.append(f"Run by {session.organisation.name}.")
    if session.is_online and show_joining_link and session.joining_link:
        lines.append(f"Joining link: {session.joining_link}")
    lines.append(f"Details and your booking: {link}")
    event.add("description", "\n\n".join(lines))
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def session_calendar(session: Session, *, show_joining_link: bool) -> bytes:
    """The .ics file of one session."""
    calendar = _calendar(session.title)
    calendar.add("method", "CANCEL" if session.status == SessionStatus.CANCELLED else "PUBLISH")
    calendar.add_component(session_event(session, show_joining_link=show_joining_link))
    return calendar.to_ical()


def bookings_calendar(bookings: Iterable[Booking]) -> bytes:
    """A person's feed: each session they booked or wait for, and those they
    cancelled, once each (an active booking wins over an older cancelled one)."""
    calendar = _calendar("My learning opportunities")
    by_session: dict[int, Booking] = {}
    for booking in bookings:
        held = by_session.get(booking.session_id)
        if held is None or (held.status == BookingStatus.CANCELLED and booking.is_active):
            by_session[booking.session_id] = booking
    for booking in by_session.values():
        calendar.add_component(
            session_event(
                booking.session,
                show_joining_link=booking.status == BookingStatus.CONFIRMED,
                withdrawn=booking.status == BookingStatus.CANCELLED,
                waiting=booking.status == BookingStatus.WAITING,
            )
        )
    return calendar.to_ical()
