"""Sessions as staff see them (the calendar, one session, booking, My bookings)
and as their organisers run them (changing, publishing, the attendee list)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learning_network.errors import DomainError, NotAllowed, add_to_form
from learning_network.views import breadcrumbs
from opportunities import permissions, services
from opportunities.forms import FeedbackForm, SessionForm
from opportunities.models import ACTIVE, Booking, BookingStatus, Session

PAGE_SIZE = 20


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


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """Every open session, soonest first."""
    sessions = (
        Session.objects.visible_to(request.user)
        .listed()
        .select_related("region", "organisation")
        .order_by("starts_at", "pk")
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opportunities/calendar.html",
        {"page": page, "breadcrumbs": breadcrumbs()},
    )


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
        (past if booking.session.state == "finished" else upcoming).append(booking)
    return render(
        request,
        "opportunities/my_bookings.html",
        {"upcoming": upcoming, "past": list(reversed(past)), "breadcrumbs": breadcrumbs()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """What an attendee will change in their own service, asked after the session."""
    booking = get_object_or_404(
        Booking.objects.select_related("session"), pk=pk, user_id=request.user.pk
    )
    form = FeedbackForm(request.POST or None)
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


# -- organisers -----------------------------------------------------------------------


def _manage_crumbs(session: Session) -> list[dict[str, str]]:
    return breadcrumbs(
        ("Learning opportunities", reverse("opportunities:calendar")),
        (session.title, reverse("opportunities:manage", args=[session.pk])),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a session's details; a change of time or place is emailed to
    everyone booked or waiting (the service does that)."""
    session = get_session_to_organise(request, pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            # One change: a refused number of places keeps the details unchanged too.
            with transaction.atomic():
                services.update_session(
                    actor=request.user, session_id=session.pk, **form.update_kwargs()
                )
                changed, capacity = form.capacity_change()
                if changed:
                    services.change_capacity(
                        actor=request.user, session_id=session.pk, capacity=capacity
                    )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The session is saved.")
            return redirect("opportunities:manage", session.pk)
    return render(
        request,
        "opportunities/session_form.html",
        {"form": form, "session": session, "breadcrumbs": _manage_crumbs(session)},
        status=400 if form.errors else 200,
    )


@require_POST
def publish_session(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft opens for booking and appears in the calendar."""
    session = get_session_to_organise(request, pk)
    services.publish_session(actor=request.user, session_id=session.pk)
    messages.success(request, "The session is published: people can book it now.")
    return redirect("opportunities:manage", session.pk)


@require_safe
def manage_session(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's page for one session: who is booked and waiting."""
    session = get_session_to_organise(request, pk)
    bookings = list(
        session.bookings.active()
        .select_related("user__organisation")
        .order_by("waiting_position", "booked_at", "pk")
    )
    return render(
        request,
        "opportunities/manage.html",
        {
            "session": session,
            "confirmed": [b for b in bookings if b.holds_place],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "breadcrumbs": breadcrumbs(
                ("Learning opportunities", reverse("opportunities:calendar"))
            ),
        },
    )
