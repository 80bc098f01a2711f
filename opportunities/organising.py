"""The organisers' pages for one session: who is booked and waiting (and as
CSV), attendance, the number of places, emailing everyone, changing,
publishing and cancelling the session, and what attendees said.

Every page fetches the session through `get_session_to_organise`: a session
this person may not see is a 404, one they see but do not run a 403. The
services check again; each change is one service call.
"""

from __future__ import annotations

import csv
from statistics import mean

from django.contrib import messages
from django.db import transaction
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learning_network.errors import DomainError, add_to_form
from learning_network.views import breadcrumbs, posted
from opportunities import services
from opportunities.forms import (
    AttendanceForm,
    CancelSessionForm,
    CapacityForm,
    EmailAttendeesForm,
    SessionForm,
)
from opportunities.models import (
    HOLDS_PLACE,
    BookingStatus,
    Feedback,
    MeetingAttendance,
    Session,
    SessionStatus,
)
from opportunities.views import get_session_to_organise

# Characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _crumbs(session: Session, *more: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(
        ("Learning opportunities", reverse("opportunities:calendar")),
        (session.title, session.get_absolute_url()),
        *more,
    )


def _manage_crumbs(session: Session) -> list[dict[str, str]]:
    return _crumbs(session, ("Bookings", reverse("opportunities:manage", args=[session.pk])))


def _bookings(session: Session):
    return (
        session.bookings.active()
        .select_related("user__organisation")
        .order_by("waiting_position", "confirmed_at", "booked_at", "pk")
    )


@require_safe
def manage_session(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendee list, the waiting list and what an organiser can do."""
    session = get_session_to_organise(request, pk)
    bookings = list(_bookings(session))
    summary = Feedback.objects.filter(booking__session=session).aggregate(
        count=Count("pk"), usefulness=Avg("usefulness")
    )
    return render(
        request,
        "opportunities/manage.html",
        {
            "session": session,
            "confirmed": [b for b in bookings if b.holds_place],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "feedback": summary,
            "can_mark": session.starts_at <= timezone.now()
            and session.status != SessionStatus.CANCELLED,
            "breadcrumbs": _crumbs(session),
        },
    )


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a
    leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@require_safe
def attendees_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone booked or waiting, as CSV for a spreadsheet."""
    session = get_session_to_organise(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}-attendees.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        ["Name", "Email", "Job title", "Organisation", "Status", "Waiting position", "Booked at"]
    )
    for booking in _bookings(session):
        user = booking.user
        writer.writerow(
            csv_cell(value)
            for value in (
                user.full_name,
                user.email,
                user.job_title,
                user.organisation.name if user.organisation else "",
                booking.get_status_display(),
                booking.waiting_position or "",
                timezone.localtime(booking.booked_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came: for the session, or for one of its meetings (`?meeting=`)."""
    session = get_session_to_organise(request, pk)
    meetings = list(session.meetings.all())
    meeting = None
    if meetings:
        chosen = request.GET.get("meeting", "")
        meeting = next((m for m in meetings if str(m.pk) == chosen), None)
        if meeting is None:
            started = [m for m in meetings if m.starts_at <= timezone.now()]
            meeting = started[-1] if started else meetings[0]
    bookings = list(
        session.bookings.filter(status__in=sorted(HOLDS_PLACE))
        .select_related("user__organisation")
        .order_by("user__full_name", "pk")
    )
    if meeting is not None:
        marked = dict(
            MeetingAttendance.objects.filter(meeting=meeting).values_list("booking_id", "attended")
        )
    else:
        marked = {
            b.pk: b.status == BookingStatus.ATTENDED
            for b in bookings
            if b.status != BookingStatus.CONFIRMED
        }
    form = AttendanceForm(posted(request), bookings=bookings, marked=marked)
    if request.method == "POST" and form.is_valid():
        came, missed = form.answers()
        try:
            count = services.mark_attendance(
                actor=request.user,
                session_id=session.pk,
                attended=came,
                did_not_attend=missed,
                meeting_id=meeting.pk if meeting else None,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Attendance saved for {count} {pluralise(count)}.")
            return redirect("opportunities:manage", session.pk)
    return render(
        request,
        "opportunities/manage_attendance.html",
        {
            "session": session,
            "form": form,
            "meetings": meetings,
            "meeting": meeting,
            "started": (meeting.starts_at if meeting else session.starts_at) <= timezone.now(),
            "breadcrumbs": _manage_crumbs(session),
        },
        status=400 if form.errors else 200,
    )


def pluralise(count: int) -> str:
    return "person" if count == 1 else "people"


@require_http_methods(["GET", "HEAD", "POST"])
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_to_organise(request, pk)
    form = CapacityForm(posted(request), initial={"capacity": session.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.change_capacity(
                actor=request.user, session_id=session.pk, capacity=form.cleaned_data["capacity"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            moved = f" {len(promoted)} moved up from the waiting list." if promoted else ""
            messages.success(request, f"The number of places is saved.{moved}")
            return redirect("opportunities:manage", session.pk)
    return render(
        request,
        "opportunities/manage_capacity.html",
        {"session": session, "form": form, "breadcrumbs": _manage_crumbs(session)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def email_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    """Write, check, send: the check-your-answers page says how many people
    will be emailed before anything is sent."""
    session = get_session_to_organise(request, pk)
    step = request.POST.get("step", "")
    form = EmailAttendeesForm(posted(request))
    recipients = services.recipients_count(session)
    context = {
        "session": session,
        "form": form,
        "recipients": recipients,
        "breadcrumbs": _manage_crumbs(session),
    }
    if request.method == "POST" and form.is_valid() and step in ("check", "send"):
        if step == "check":
            return render(request, "opportunities/manage_email_check.html", context)
        try:
            announcement = services.email_attendees(
                actor=request.user,
                session_id=session.pk,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"Your message is being sent to {announcement.recipients} "
                f"{pluralise(announcement.recipients)}.",
            )
            return redirect("opportunities:manage", session.pk)
    # "Change" on the check page comes back here with what was typed (step "edit").
    return render(
        request, "opportunities/manage_email.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first: a cancelled session cannot be opened again."""
    session = get_session_to_organise(request, pk)
    form = CancelSessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                actor=request.user, session_id=session.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The session is cancelled. Everyone booked is being emailed.")
            return redirect("opportunities:manage", session.pk)
    return render(
        request,
        "opportunities/manage_cancel.html",
        {
            "session": session,
            "form": form,
            "recipients": services.recipients_count(session),
            "breadcrumbs": _manage_crumbs(session),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What attendees will change in their own services, and how useful it was."""
    session = get_session_to_organise(request, pk)
    answers = list(
        Feedback.objects.filter(booking__session=session)
        .select_related("booking__user__organisation")
        .order_by("-submitted_at", "-pk")
    )
    scores = [answer.usefulness for answer in answers]
    return render(
        request,
        "opportunities/manage_feedback.html",
        {
            "session": session,
            "answers": answers,
            "mean": round(mean(scores), 1) if scores else None,
            "spread": [(n, scores.count(n)) for n in range(5, 0, -1)],
            "breadcrumbs": _manage_crumbs(session),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a session's details; a change of time or place is emailed to
    everyone booked or waiting (the service does that)."""
    session = get_session_to_organise(request, pk)
    form = SessionForm(posted(request), instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            # One change: a refused number of places keeps the details unchanged too.
            with transaction.atomic():
                services.update_session(
                    actor=request.user, session_id=session.pk, **form.update_kwargs()
                )
                changed, new_capacity = form.capacity_change()
                if changed:
                    services.change_capacity(
                        actor=request.user, session_id=session.pk, capacity=new_capacity
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
