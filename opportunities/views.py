"""Sessions as staff see them: the calendar, one session, booking, My bookings,
and their calendar files. The organisers' pages are in `opportunities.organising`."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.feeds import BOOKINGS, feed_key, feed_view
from directory.versions import topics_and_regions_version
from learning_network.email import absolute_url
from learning_network.errors import DomainError, NotAllowed, add_to_form
from learning_network.page_cache import FILTERS_SECONDS, filter_values
from learning_network.views import breadcrumbs, posted
from opportunities import calendars, permissions, registry, services
from opportunities.filters import SessionFilter
from opportunities.forms import FeedbackForm
from opportunities.models import ACTIVE, Booking, BookingStatus, Session

PAGE_SIZE = 20
# The calendar's date filters: typed, so never part of a key.
DATES = ("date_from", "date_to")
# What the calendar's cards never show, left unread.
NOT_ON_A_CARD = ("description", "address", "joining_link", "cancellation_reason", "search_vector")
# Deep pages of a calendar are not what anyone reads: the filters narrow it.
MAX_PAGE = 1000
PAST_SHOWN = 50
# The feed keeps recent past sessions, so a calendar does not drop them at once.
FEED_HISTORY = timedelta(days=90)
FEED_LIMIT = 500


def get_session_for_user(request: HttpRequest, pk: int) -> Session:
    """The session, if this person may see it; a 404 from the query otherwise."""
    return get_object_or_404(
        Session.objects.visible_to(request.user).select_related("region", "organisation"),
        pk=pk,
    )


def get_session_to_organise(request: HttpRequest, pk: int) -> Session:
    """The session, for its organisers: a 404 for those who may not see it, a
    403 for those who see it but do not run it."""
    session = get_session_for_user(request, pk)
    if not permissions.can_organise(request.user, session):
        raise NotAllowed("Only the session's organisers can see this page.")
    return session


def _own_booking(request: HttpRequest, session: Session) -> Booking | None:
    return (
        session.bookings.filter(user_id=request.user.pk, status__in=sorted(ACTIVE))
        .order_by("-pk")
        .first()
    )


def parse_page(value: str | None) -> int:
    """A page number from the address: anything but a positive number is page 1."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 5:
        return 1
    return min(max(int(value), 1), MAX_PAGE)


def cards_key(sessions: list[Session]) -> str:
    """A name for the calendar's cards: everything a card shows of each
    session (its state and places as of now), and of its organisation and
    region, so any change or a deadline passing makes another."""
    shown = [
        (
            session.pk,
            session.title,
            session.kind,
            session.format,
            session.starts_at.isoformat(),
            session.ends_at.isoformat(),
            session.state,
            session.capacity,
            session.confirmed_count,
            str(session.organisation),
            str(session.region),
        )
        for session in sessions
    ]
    return hashlib.sha256(repr(shown).encode()).hexdigest()


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """Every open session, soonest first, filtered by what the address says.

    Statements: the session and the user (middleware), a name for the topics
    and regions (the filters' HTML is kept under it: the regions and topics
    themselves are read only when it is not), and one page of sessions (21
    rows: the 21st says whether there is a next page, so nothing counts the
    whole calendar); the cards' HTML is kept under what they show.
    """
    filters = SessionFilter(
        request.GET,
        # Published sessions that have not ended: it lists no drafts, so it
        # need not ask the owning apps who organises what (`visible_q`).
        queryset=Session.objects.filter(permissions.published_q(request.user))
        .listed()
        .select_related("region", "organisation")
        .defer(*NOT_ON_A_CARD)
        .order_by("starts_at", "pk"),
    )
    context = {"filters": filters, "breadcrumbs": breadcrumbs()}
    if not filters.is_valid():
        # Made afresh, never kept: what anyone types must not fill the cache.
        return render(request, "opportunities/calendar.html", context, status=400)
    number = parse_page(request.GET.get("page"))
    rows = list(filters.qs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    base = f"?{query.urlencode()}&" if query else "?"
    region = filters.form.cleaned_data.get("region")
    sessions = rows[:PAGE_SIZE]
    context |= {
        "sessions": sessions,
        # The cards as HTML are the same for everyone shown the same sessions;
        # each booking makes another key, so they are kept only the pages
        # cache's usual while.
        "cards_key": cards_key(sessions),
        "cards_cache_seconds": settings.PAGES_CACHE_SECONDS,
        # The choices' filters as HTML are the same for everyone who chose
        # the same (a few thousand combinations at most: the date boxes,
        # which could make millions, are left out and made each time) while
        # the topics and regions stay the same.
        "filter_values": filter_values(filters, leave_out=DATES),
        "filters_version": topics_and_regions_version(),
        "pages_cache_seconds": FILTERS_SECONDS,
        "page_number": number,
        "first_shown": (number - 1) * PAGE_SIZE + 1,
        "last_shown": (number - 1) * PAGE_SIZE + len(rows[:PAGE_SIZE]),
        "first_page_url": f"{base}page=1",
        "previous_url": f"{base}page={number - 1}" if number > 1 else "",
        "next_url": f"{base}page={number + 1}" if len(rows) > PAGE_SIZE else "",
        "active": filters.active(),
        "applications": registry.calendar_entries(
            *filters.window(), region=region.name if region else ""
        ),
    }
    return render(request, "opportunities/calendar.html", context)


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    booking = _own_booking(request, session)
    return render(
        request,
        "opportunities/session_detail.html",
        {
            "session": session,
            "booking": booking,
            "topics": session.topics.order_by("name"),
            "meetings": session.meetings.all(),
            "can_organise": permissions.can_organise(request.user, session),
            "breadcrumbs": breadcrumbs(
                ("Learning opportunities", reverse("opportunities:calendar"))
            ),
        },
    )


@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    booking = services.book(actor=request.user, session_id=session.pk)
    if booking.status == BookingStatus.WAITING:
        messages.info(
            request,
            f"The session is full, so you are number {booking.waiting_position} on the waiting "
            "list. We will email you if a place comes up.",
        )
    else:
        messages.success(request, "Your place is booked. We have emailed you the details.")
    return redirect(session)


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first, then cancel: a place given up may go to someone else at once."""
    booking = get_object_or_404(
        Booking.objects.select_related("session__region", "session__organisation"),
        pk=pk,
        user_id=request.user.pk,
    )
    if request.method == "POST":
        services.cancel_booking(actor=request.user, booking_id=booking.pk)
        messages.success(
            request,
            "Your booking is cancelled."
            if booking.status == BookingStatus.CONFIRMED
            else "You have left the waiting list.",
        )
        return redirect("opportunities:mine")
    return render(
        request,
        "opportunities/booking_cancel.html",
        {
            "booking": booking,
            "session": booking.session,
            "breadcrumbs": breadcrumbs(
                ("My bookings", reverse("opportunities:mine")),
            ),
        },
    )


@require_safe
def my_bookings(request: HttpRequest) -> HttpResponse:
    bookings = (
        Booking.objects.filter(user_id=request.user.pk)
        .select_related("session__region", "session__organisation")
        .order_by("session__starts_at", "pk")
    )
    upcoming, past = [], []
    for booking in bookings:
        row = (booking.session.starts_at, "booking", booking)
        (past if booking.session.state == "finished" else upcoming).append(row)
    # What other apps have booked this person on (a confirmed Beacon visit, say).
    now = timezone.now()
    for entry in registry.other_bookings(request.user, include_past=True):
        (past if entry.ends_at < now else upcoming).append((entry.starts_at, "entry", entry))
    upcoming.sort(key=lambda row: row[0])
    past.sort(key=lambda row: row[0], reverse=True)
    feed = reverse("opportunities:feed")
    return render(
        request,
        "opportunities/my_bookings.html",
        {
            "upcoming": [row[1:] for row in upcoming],
            "past": [row[1:] for row in past[:PAST_SHOWN]],
            "feed_url": absolute_url(f"{feed}?key={feed_key(request.user, BOOKINGS)}"),
            "breadcrumbs": breadcrumbs(),
        },
    )


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=calendars.ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One session as an .ics file, for "Add to calendar". The joining link is
    in it only for someone with a confirmed place (or the organisers)."""
    session = get_session_for_user(request, pk)
    booking = _own_booking(request, session)
    show_link = (booking is not None and booking.status == BookingStatus.CONFIRMED) or (
        permissions.can_organise(request.user, session)
    )
    return _ics(
        calendars.session_calendar(session, show_joining_link=show_link),
        f"learning-opportunity-{session.pk}.ics",
    )


@partial(feed_view, scope=BOOKINGS)
@require_safe
def bookings_feed(request: HttpRequest) -> HttpResponse:
    """Everything this person booked, waits for or cancelled, for a calendar
    program to subscribe to with the secret link (`accounts.feeds`)."""
    since = timezone.now() - FEED_HISTORY
    bookings = (
        Booking.objects.filter(user_id=request.user.pk, session__ends_at__gte=since)
        .exclude(session__status="draft")
        .select_related("session__organisation")
        .order_by("session__starts_at", "pk")[:FEED_LIMIT]
    )
    return _ics(calendars.bookings_calendar(bookings), "my-learning-opportunities.ics")


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """What an attendee will change in their own service, asked after the session."""
    booking = get_object_or_404(
        Booking.objects.select_related("session"), pk=pk, user_id=request.user.pk
    )
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(
                actor=request.user,
                booking_id=booking.pk,
                will_change=form.cleaned_data["will_change"],
                usefulness=int(form.cleaned_data["usefulness"]),
                may_share=form.cleaned_data["may_share"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("opportunities:mine")
    status = 400 if form.errors else 200
    return render(
        request,
        "opportunities/feedback_form.html",
        {
            "form": form,
            "booking": booking,
            "session": booking.session,
            "already_given": hasattr(booking, "feedback"),
            "breadcrumbs": breadcrumbs(("My bookings", reverse("opportunities:mine"))),
        },
        status=status,
    )
