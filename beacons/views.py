"""Beacon pages: finding a Beacon, its page, visit requests, the coordinator's page."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from beacons import calendar, permissions, search, services
from beacons.forms import (
    ConfirmVisitForm,
    DeclineForm,
    DesignateForm,
    EndDesignationForm,
    LinkExampleForm,
    OutcomeForm,
    PackForm,
    VisitRequestForm,
    WithdrawForm,
)
from beacons.models import (
    VISIT_ACTIONS,
    Beacon,
    BeaconExample,
    SpreadExample,
    VisitOutcome,
    VisitRequest,
    VisitStatus,
    overdue_q,
    overdue_since,
)
from directory.models import Organisation
from learning_network.errors import DomainError, NotAllowed, add_to_form
from learning_network.views import breadcrumbs, posted
from opportunities import permissions as session_permissions
from opportunities.forms import SessionForm
from opportunities.models import Feedback, Kind, Session
from practice_db.uploads import limit_uploads

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(("Beacons", reverse("beacons:index")), *trail)


def get_beacon_for_user(request: HttpRequest, pk: int) -> Beacon:
    return get_object_or_404(
        Beacon.objects.visible_to(request.user).select_related(
            "organisation__region", "coordinator"
        ),
        pk=pk,
    )


def get_managed_beacon(request: HttpRequest, pk: int) -> Beacon:
    """The Beacon, for its coordinator and national moderators; 403 for others who see it."""
    beacon = get_beacon_for_user(request, pk)
    if not permissions.can_manage(request.user, beacon):
        raise NotAllowed("Only the Beacon's coordinator can do that.")
    return beacon


def get_visit_for_user(request: HttpRequest, pk: int) -> VisitRequest:
    return get_object_or_404(
        VisitRequest.objects.visible_to(request.user).select_related(
            "beacon__organisation__region", "beacon__coordinator", "requester__organisation"
        ),
        pk=pk,
    )


def _beacon_sessions(beacon_ids) -> Q:
    return Q(
        kind=Kind.BEACON_OPEN_DAY,
        owner_type_id=ContentType.objects.get_for_model(Beacon).pk,
        owner_id__in=list(beacon_ids),
    )


# -- finding and reading ------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every designated Beacon, searched and narrowed from the address."""
    params = search.params_from(request.GET)
    visible = Beacon.objects.visible_to(request.user)
    found = search.results(visible, params)
    page = Paginator(found, search.PAGE_SIZE).get_page(request.GET.get("page"))
    organisations = Organisation.objects.filter(
        pk__in=Beacon.objects.values("organisation_id")
    ).only("pk", "name")
    return render(
        request,
        "beacons/beacon_list.html",
        {
            "page": page,
            "params": params,
            "facets": search.facets(visible, params),
            "organisations": organisations,
            "query_without_page": _without_page(request),
            "can_designate": permissions.can_designate(request.user),
            "breadcrumbs": breadcrumbs(),
        },
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    beacon = get_beacon_for_user(request, pk)
    now = timezone.now()
    # Its coordinator organises its open days and sees their drafts too;
    # everyone else the published ones (so no other app is asked).
    visible = (
        Q()
        if permissions.is_coordinator_of(request.user, beacon)
        else session_permissions.published_q(request.user)
    )
    open_days = Session.objects.filter(
        visible, _beacon_sessions([beacon.pk]), ends_at__gte=now
    ).order_by("starts_at")[:10]
    took_away = [
        {"text": f.will_change, "who": f.booking.user, "where": "an open day", "at": f.submitted_at}
        for f in Feedback.objects.filter(
            may_share=True,
            booking__session__kind=Kind.BEACON_OPEN_DAY,
            booking__session__owner_type_id=ContentType.objects.get_for_model(Beacon).pk,
            booking__session__owner_id=beacon.pk,
        )
        .select_related("booking__user__organisation")
        .order_by("-submitted_at")[:10]
    ] + [
        {"text": o.will_change, "who": o.visit.requester, "where": "a visit", "at": o.submitted_at}
        for o in VisitOutcome.objects.filter(may_share=True, visit__beacon=beacon)
        .select_related("visit__requester__organisation")
        .order_by("-submitted_at")[:10]
    ]
    took_away.sort(key=lambda item: item["at"], reverse=True)
    examples = [
        link.example
        for link in BeaconExample.objects.filter(beacon=beacon, example__status="published")
        .select_related("example__organisation")
        .order_by("-example__published_at")
    ]
    spread_count = SpreadExample.objects.filter(beacon=beacon).count()
    return render(
        request,
        "beacons/beacon_detail.html",
        {
            "beacon": beacon,
            "open_days": open_days,
            "took_away": took_away[:10],
            "examples": examples,
            "spread_count": spread_count,
            "can_manage": permissions.can_manage(request.user, beacon),
            "is_coordinator": permissions.is_coordinator_of(request.user, beacon),
            "can_designate": permissions.can_designate(request.user),
            "breadcrumbs": _crumbs(),
        },
    )


@require_safe
def for_example(request: HttpRequest, example_pk: int) -> HttpResponse:
    """The Beacon a practice example describes (the practice pages link here)."""
    link = get_object_or_404(
        BeaconExample.objects.filter(beacon__in=Beacon.objects.visible_to(request.user)),
        example_id=example_pk,
    )
    return redirect("beacons:detail", pk=link.beacon_id)


# -- visit requests ----------------------------------------------------------------------


@GET_POST
def request_visit(request: HttpRequest, pk: int) -> HttpResponse:
    beacon = get_beacon_for_user(request, pk)
    if not beacon.is_designated:
        return render(
            request,
            "beacons/designation_ended.html",
            {"beacon": beacon, "breadcrumbs": _crumbs((str(beacon), beacon.get_absolute_url()))},
            status=409,
        )
    form = VisitRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dates = [d for d in (data["date_1"], data["date_2"], data.get("date_3")) if d]
        try:
            visit = services.request_visit(
                actor=request.user,
                beacon_id=beacon.pk,
                party_size=data["party_size"],
                roles=data["roles"],
                wants_to_learn=data["wants_to_learn"],
                preferred_dates=dates,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"Your request is sent. {beacon.coordinator.full_name} will acknowledge it "
                "within two working days.",
            )
            return redirect(visit)
    return render(
        request,
        "beacons/visit_request_form.html",
        {
            "beacon": beacon,
            "form": form,
            "breadcrumbs": _crumbs((str(beacon), beacon.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    allowed = permissions.allowed_visit_actions(request.user, visit)
    is_requester = visit.requester_id == request.user.pk
    outcome = VisitOutcome.objects.filter(visit=visit).first()
    return render(
        request,
        "beacons/visit_detail.html",
        {
            "visit": visit,
            "beacon": visit.beacon,
            "allowed": allowed,
            "is_requester": is_requester,
            "is_coordinator": permissions.is_coordinator_of(request.user, visit.beacon),
            "events": visit.events.select_related("actor"),
            "outcome": outcome,
            "spread": SpreadExample.objects.filter(visit=visit).select_related("example").first(),
            "breadcrumbs": _crumbs(
                (str(visit.beacon), visit.beacon.get_absolute_url()),
            ),
        },
    )


@require_POST
def visit_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    services.acknowledge_visit(actor=request.user, visit_id=visit.pk)
    messages.success(request, "Acknowledged. We have emailed the person who asked.")
    return redirect(visit)


def _visit_form_page(request, visit, form, template, action=None, status=200):
    return render(
        request,
        template,
        {
            "visit": visit,
            "beacon": visit.beacon,
            "form": form,
            "action": VISIT_ACTIONS[action] if action else None,
            "breadcrumbs": _crumbs(
                (str(visit.beacon), visit.beacon.get_absolute_url()),
                ("Visit request", visit.get_absolute_url()),
            ),
        },
        status=400 if form.errors else status,
    )


def _refuse_unless_allowed(request, visit, action) -> None:
    """Show a form only to someone who may make the move now (403, or 409 when it is too late)."""
    if action in permissions.allowed_visit_actions(request.user, visit):
        return
    from learning_network.errors import Conflict

    if permissions.may_act_as(request.user, visit, VISIT_ACTIONS[action].by):
        raise Conflict(
            f"This request is {visit.get_status_display().lower()}, so that cannot be done now."
        )
    raise NotAllowed("You cannot do that to this visit request.")


def _bound(request: HttpRequest) -> tuple:
    # A form whose only field was a file too large to keep is still a POST.
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _checked(request: HttpRequest, form) -> bool:
    """Whether the form is valid, with any pack refused while the request was
    read (too large: never stored) said on the pack field."""
    valid = form.is_valid()
    handler = getattr(request, "document_upload", None)
    refusals = list(handler.refusals) if handler else []
    if refusals:
        form.errors.pop("pack", None)
        for refusal in refusals:
            form.add_error("pack", refusal)
    return valid and not refusals


@limit_uploads
@GET_POST
def visit_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    _refuse_unless_allowed(request, visit, "confirm")
    form = ConfirmVisitForm(*_bound(request))
    if request.method == "POST" and _checked(request, form):
        starts_at = form.cleaned_data["starts_at"]
        ends_at = timezone.make_aware(
            datetime.combine(timezone.localtime(starts_at).date(), form.cleaned_data["ends_at"])
        )
        try:
            services.confirm_visit(
                actor=request.user,
                visit_id=visit.pk,
                starts_at=starts_at,
                ends_at=ends_at,
                pack=form.cleaned_data.get("pack"),
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The visit is confirmed. We have emailed the visitor.")
            return redirect(visit)
    return _visit_form_page(request, visit, form, "beacons/visit_confirm.html", "confirm")


@GET_POST
def visit_decline(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    _refuse_unless_allowed(request, visit, "decline")
    form = DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_visit(
                actor=request.user, visit_id=visit.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The request is declined. We have emailed the reason.")
            return redirect(visit)
    return _visit_form_page(request, visit, form, "beacons/visit_decline.html", "decline")


@GET_POST
def visit_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first: a withdrawn request cannot be put back."""
    visit = get_visit_for_user(request, pk)
    _refuse_unless_allowed(request, visit, "withdraw")
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.withdraw_visit(
            actor=request.user, visit_id=visit.pk, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Your request is withdrawn. We have told the coordinator.")
        return redirect(visit)
    return _visit_form_page(request, visit, form, "beacons/visit_withdraw.html", "withdraw")


@require_POST
def visit_complete(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    services.complete_visit(actor=request.user, visit_id=visit.pk)
    messages.success(request, "Recorded. We have asked the visitor what they will change.")
    return redirect(visit)


@limit_uploads
@GET_POST
def visit_pack_upload(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    if not permissions.is_coordinator_of(request.user, visit.beacon):
        raise NotAllowed("Only the Beacon's coordinator can add the visitor pack.")
    form = PackForm(*_bound(request))
    if request.method == "POST" and _checked(request, form):
        try:
            services.add_visitor_pack(
                actor=request.user, visit_id=visit.pk, pack=form.cleaned_data["pack"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The visitor pack is added. We have told the visitor.")
            return redirect(visit)
    return _visit_form_page(request, visit, form, "beacons/visit_pack.html")


@require_safe
def visit_pack(request: HttpRequest, pk: int) -> FileResponse:
    visit = get_visit_for_user(request, pk)
    if not visit.pack:
        raise Http404("No visitor pack")
    response = FileResponse(
        visit.pack.open("rb"),
        as_attachment=True,
        filename=visit.pack_download_name(),
        content_type=visit.pack_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
def visit_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmed visit as a calendar file, for the visitor and the coordinator."""
    visit = get_visit_for_user(request, pk)
    if visit.visit_starts_at is None:
        raise Http404("No date yet")
    response = HttpResponse(calendar.visit_ics(visit), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beacon-visit-{visit.pk}.ics"'
    # A private visit's details: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@GET_POST
def visit_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    if visit.requester_id != request.user.pk:
        raise NotAllowed("Only the person who visited can say what they took away.")
    form = OutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit_outcome(
                actor=request.user,
                visit_id=visit.pk,
                will_change=form.cleaned_data["will_change"],
                may_share=form.cleaned_data["may_share"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Thank you. You can now turn it into a practice example.")
            return redirect(visit)
    return _visit_form_page(request, visit, form, "beacons/visit_outcome.html")


@require_POST
def draft_from_visit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request, pk)
    spread = services.draft_example_from_visit(actor=request.user, visit_id=visit.pk)
    messages.success(request, "Your draft example is saved. Add the detail, then submit it.")
    return redirect("practice_db:edit", pk=spread.example_id)


@require_POST
def draft_from_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    spread = services.draft_example_from_feedback(actor=request.user, feedback_id=pk)
    messages.success(request, "Your draft example is saved. Add the detail, then submit it.")
    return redirect("practice_db:edit", pk=spread.example_id)


@require_safe
def my_requests(request: HttpRequest) -> HttpResponse:
    """My visit requests: the requester's side, beside My bookings."""
    visits = (
        VisitRequest.objects.filter(requester_id=request.user.pk)
        .select_related("beacon__organisation")
        .order_by("-requested_at", "-pk")
    )
    feedback = (
        Feedback.objects.filter(
            booking__user_id=request.user.pk,
            booking__session__kind=Kind.BEACON_OPEN_DAY,
        )
        .filter(beacon_spread__isnull=True)
        .select_related("booking__session")
    )
    return render(
        request,
        "beacons/my_requests.html",
        {
            "current": [v for v in visits if v.status in calendar.CURRENT],
            "past": [v for v in visits if v.status not in calendar.CURRENT],
            "open_day_feedback": feedback,
            "breadcrumbs": _crumbs(),
        },
    )


# -- coordinators and national moderators ------------------------------------------------

TABS = {
    "new": ("New", Q(status=VisitStatus.REQUESTED)),
    "overdue": ("Overdue", None),
    "awaiting": ("Awaiting a date", Q(status=VisitStatus.ACKNOWLEDGED)),
    "confirmed": ("Confirmed", Q(status=VisitStatus.CONFIRMED)),
    "past": (
        "Past",
        Q(status__in=[VisitStatus.DECLINED, VisitStatus.WITHDRAWN, VisitStatus.COMPLETED]),
    ),
}


@require_safe
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's page: visit requests by tab, open days and their bookings."""
    beacon = get_managed_beacon(request, pk)
    tab = request.GET.get("tab", "new")
    if tab not in TABS:
        tab = "new"
    requests = VisitRequest.objects.filter(beacon=beacon)
    counts = requests.aggregate(
        **{
            name: Count("pk", filter=(overdue_q() if rule is None else rule))
            for name, (_, rule) in TABS.items()
        }
    )
    rule = TABS[tab][1] if TABS[tab][1] is not None else overdue_q()
    shown = requests.filter(rule).select_related("requester__organisation")
    shown = shown.order_by("requested_at", "pk") if tab != "past" else shown.order_by("-pk")
    open_days = Session.objects.filter(_beacon_sessions([beacon.pk])).order_by("-starts_at")[:30]
    return render(
        request,
        "beacons/manage.html",
        {
            "beacon": beacon,
            "tab": tab,
            "tabs": [(name, label, counts[name]) for name, (label, _) in TABS.items()],
            "visits": shown[:100],
            "open_days": open_days,
            "is_coordinator": permissions.is_coordinator_of(request.user, beacon),
            "breadcrumbs": _crumbs((str(beacon), beacon.get_absolute_url())),
        },
    )


@require_safe
def coordinating(request: HttpRequest) -> HttpResponse:
    """The Beacons this person coordinates, with what waits for them."""
    beacons = (
        Beacon.objects.filter(coordinator_id=request.user.pk)
        .select_related("organisation")
        .annotate(
            waiting=Count("visit_requests", filter=Q(visit_requests__status="requested")),
            overdue=Count(
                "visit_requests",
                filter=Q(
                    visit_requests__status="requested",
                    visit_requests__requested_at__lt=overdue_since(),
                ),
            ),
        )
    )
    return render(
        request,
        "beacons/coordinating.html",
        {"beacons": beacons, "breadcrumbs": _crumbs()},
    )


@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    """Every overdue request, for national moderators."""
    if not permissions.can_designate(request.user):
        raise NotAllowed("Only national moderators see every Beacon's overdue requests.")
    visits = (
        VisitRequest.objects.overdue()
        .select_related("beacon__organisation__region", "beacon__coordinator", "requester")
        .order_by("requested_at", "pk")[:200]
    )
    return render(request, "beacons/overdue.html", {"visits": visits, "breadcrumbs": _crumbs()})


@GET_POST
def open_day_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new open day, on the booking engine's own session form; published at once."""
    beacon = get_beacon_for_user(request, pk)
    if not permissions.is_coordinator_of(request.user, beacon):
        raise NotAllowed("Only the Beacon's coordinator can add its open days.")
    form = SessionForm(posted(request), organisation=beacon.organisation)
    if request.method == "POST" and form.is_valid():
        values = form.create_kwargs()
        try:
            session = services.create_open_day(
                actor=request.user, beacon_id=beacon.pk, publish=True, **values
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The open day is published. Staff can book it now.")
            return redirect(session)
    return render(
        request,
        "beacons/open_day_form.html",
        {
            "beacon": beacon,
            "form": form,
            "breadcrumbs": _crumbs(
                (str(beacon), beacon.get_absolute_url()),
                ("Coordinator's page", reverse("beacons:manage", args=[beacon.pk])),
            ),
        },
        status=400 if form.errors else 200,
    )


@GET_POST
def examples(request: HttpRequest, pk: int) -> HttpResponse:
    """Link or unlink the practice examples that describe this Beacon's service."""
    beacon = get_managed_beacon(request, pk)
    form = LinkExampleForm(posted(request))
    if request.method == "POST":
        try:
            if "unlink" in request.POST:
                services.unlink_example(
                    actor=request.user,
                    beacon_id=beacon.pk,
                    example_id=int(request.POST.get("unlink") or 0),
                )
                messages.success(request, "The example is no longer linked.")
                return redirect("beacons:examples", pk=beacon.pk)
            if form.is_valid():
                services.link_example(
                    actor=request.user, beacon_id=beacon.pk, example_id=form.cleaned_data["example"]
                )
                messages.success(request, "The example is linked to this Beacon.")
                return redirect("beacons:examples", pk=beacon.pk)
        except ValueError:
            form.add_error(None, "Choose an example to unlink.")
        except DomainError as error:
            add_to_form(form, error)
    links = BeaconExample.objects.filter(beacon=beacon).select_related("example")
    return render(
        request,
        "beacons/examples.html",
        {
            "beacon": beacon,
            "form": form,
            "links": links,
            "breadcrumbs": _crumbs((str(beacon), beacon.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


@GET_POST
def designate(request: HttpRequest) -> HttpResponse:
    if not permissions.can_designate(request.user):
        raise NotAllowed("Only national moderators designate Beacons.")
    form = DesignateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            beacon = services.designate_beacon(
                actor=request.user,
                organisation_id=data["organisation"].pk,
                service_name=data["service_name"],
                theme=data["theme"],
                year=data["year"],
                coordinator=data["coordinator_email"],
                what_it_does=data["what_it_does"],
                what_others_can_learn=data["what_others_can_learn"],
                offers=data["offers"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{beacon} is designated a Beacon.")
            return redirect(beacon)
    return render(
        request,
        "beacons/designate.html",
        {"form": form, "breadcrumbs": _crumbs()},
        status=400 if form.errors else 200,
    )


@GET_POST
def end_designation(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first: ending a designation stops new requests and cannot be undone here."""
    beacon = get_beacon_for_user(request, pk)
    if not permissions.can_designate(request.user):
        raise NotAllowed("Only national moderators end a designation.")
    form = EndDesignationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end_designation(
                actor=request.user, beacon_id=beacon.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"The designation of {beacon} has ended.")
            return redirect(beacon)
    return render(
        request,
        "beacons/end_designation.html",
        {
            "beacon": beacon,
            "form": form,
            "breadcrumbs": _crumbs((str(beacon), beacon.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )
