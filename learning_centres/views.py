"""Learning Centres for staff, their coordinators, and those who designate them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Region
from learning_centres import permissions, queries, services
from learning_centres.forms import DesignationForm, EventForm
from learning_centres.models import Basis, Follow, LearningCentre
from learning_centres.summary import year_summary
from learning_network.errors import DomainError, add_to_form
from learning_network.views import breadcrumbs
from practice_db.models import PracticeExample
from practice_db.published import published_version

HOST_EXAMPLES = 10
# The host's examples as HTML are kept this long in the pages cache, under
# what is published now (`published_version`): the same for every reader.
HOST_EXAMPLES_CACHE_SECONDS = 24 * 60 * 60


def _crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(("Learning Centres", reverse("learning_centres:regions")), *trail)


def get_centre_for_user(request: HttpRequest, pk: int) -> LearningCentre:
    """The centre, if this person may see it; a 404 from the query otherwise."""
    centres = LearningCentre.objects.filter(permissions.visible_q(request.user))
    return get_object_or_404(
        centres.select_related(
            "organisation", "region", "coordinator", "replaced_by__organisation"
        ),
        pk=pk,
    )


def _coordinated_centre(request: HttpRequest, pk: int) -> LearningCentre:
    centre = get_centre_for_user(request, pk)
    if not permissions.can_coordinate(request.user, centre):
        raise PermissionDenied("Only the centre's coordinator can do that.")
    return centre


@require_safe
def regions(request: HttpRequest) -> HttpResponse:
    """The eight regions, each with its Learning Centre or who to ask about one."""
    current = LearningCentre.objects.current().select_related("organisation", "coordinator")
    all_regions = (
        Region.objects.order_by("name")
        .select_related("learning_centre_office")
        .prefetch_related(Prefetch("learning_centres", queryset=current, to_attr="current"))
    )
    rows = [
        {
            "region": region,
            "centre": region.current[0] if region.current else None,
            "office": getattr(region, "learning_centre_office", None),
        }
        for region in all_regions
    ]
    user_region_id = getattr(request.user.organisation, "region_id", None)
    return render(
        request,
        "learning_centres/region_list.html",
        {
            "rows": rows,
            "user_region_id": user_region_id,
            "can_designate": permissions.can_designate(request.user),
            "breadcrumbs": breadcrumbs(),
        },
    )


@require_safe
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    centre = get_centre_for_user(request, pk)
    user = request.user
    examples = (
        PracticeExample.objects.published()
        .filter(organisation_id=centre.organisation_id)
        .select_related("organisation__region")
        .order_by("-published_at")[:HOST_EXAMPLES]
    )
    upcoming = list(queries.upcoming_events(user, centre))
    can_coordinate = permissions.can_coordinate(user, centre)
    past = queries.past_events(user, centre)
    if can_coordinate:
        # The engine's organiser page: attendees, CSV, attendance, emails, feedback.
        for session in [*upcoming, *past]:
            if session.centre_event.centre_id == centre.pk:
                session.manage_url = reverse("opportunities:manage", args=[session.pk])
    return render(
        request,
        "learning_centres/centre_detail.html",
        {
            "centre": centre,
            "upcoming": upcoming,
            "past": past,
            # Read only when the pages cache does not have them as HTML.
            "examples": examples,
            "examples_version": published_version(),
            "examples_cache_seconds": HOST_EXAMPLES_CACHE_SECONDS,
            "is_following": Follow.objects.filter(user_id=user.pk, centre=centre).exists(),
            "can_coordinate": can_coordinate,
            "can_see_summary": permissions.can_see_summary(user, centre),
            "breadcrumbs": _crumbs(),
        },
    )


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow or stop following, from the centre's page."""
    centre = get_centre_for_user(request, pk)
    action = request.POST.get("action")
    if action == "follow":
        services.follow_centre(user=request.user, centre_id=centre.pk)
        messages.success(
            request,
            f"You are following {centre.organisation.name}: we will email you its new events.",
        )
    elif action == "unfollow":
        services.unfollow_centre(user=request.user, centre_id=centre.pk)
        messages.success(request, f"You no longer follow {centre.organisation.name}.")
    else:
        return HttpResponse("Choose to follow or stop following.", status=400)
    return redirect(centre)


@require_http_methods(["GET", "HEAD", "POST"])
def designate(request: HttpRequest, slug: str) -> HttpResponse:
    """Name a region's Learning Centre, replacing the current one if there is one."""
    if not permissions.can_designate(request.user):
        raise PermissionDenied("Only a site admin or a national moderator can designate a centre.")
    region = get_object_or_404(Region, slug=slug)
    current = (
        LearningCentre.objects.current()
        .select_related("organisation")
        .filter(region=region)
        .first()
    )
    form = DesignationForm(
        request.POST if request.method == "POST" else None, region=region, current=current
    )
    replacing = request.method == "POST" and form.is_valid() and current is not None
    if replacing and "change" in request.POST:
        # Back from the confirmation page, with what was entered.
        return render(
            request,
            "learning_centres/centre_designate.html",
            {"form": form, "region": region, "current": current, "breadcrumbs": _crumbs()},
        )
    if replacing and form.cleaned_data.get("replace") and request.POST.get("confirm") != "yes":
        # Replacing cannot be undone here: say what will happen, and ask again.
        return render(
            request,
            "learning_centres/centre_designate_confirm.html",
            {
                "form": form,
                "region": region,
                "current": current,
                "organisation": form.cleaned_data["organisation"],
                "basis_label": Basis(form.cleaned_data["basis"]).label,
                "followers": current.follows.count(),
                "past_events": current.events.filter(session__ends_at__lt=timezone.now()).count(),
                "breadcrumbs": _crumbs(),
            },
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            centre = services.designate_centre(
                actor=request.user,
                region_id=region.pk,
                organisation_id=data["organisation"].pk,
                basis=data["basis"],
                basis_detail=data["basis_detail"],
                known_for=data["known_for"],
                offers=data["offers"],
                coordinator=data["coordinator_email"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                replace=bool(data.get("replace")),
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"{centre.organisation.name} is now the Learning Centre for {region}."
            )
            return redirect(centre)
    return render(
        request,
        "learning_centres/centre_designate.html",
        {"form": form, "region": region, "current": current, "breadcrumbs": _crumbs()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def create_event(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator's new event; the engine's pages run its bookings from then on."""
    centre = _coordinated_centre(request, pk)
    form = EventForm(request.POST if request.method == "POST" else None, centre=centre)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_event(
                actor=request.user, centre_id=centre.pk, **form.create_kwargs()
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                "The event is published and the centre's followers are being emailed."
                if form.cleaned_data["publish"]
                else "The event is saved as a draft. Publish it from the centre's page.",
            )
            return redirect(session)
    return render(
        request,
        "learning_centres/event_form.html",
        {
            "form": form,
            "centre": centre,
            "breadcrumbs": _crumbs((centre.organisation.name, centre.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def publish_event(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    centre = _coordinated_centre(request, pk)
    session = services.publish_event(actor=request.user, session_id=session_pk)
    messages.success(
        request, f"{session.title} is published; the centre's followers are being emailed."
    )
    return redirect(centre)


@require_safe
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The centre's year in figures."""
    centre = get_centre_for_user(request, pk)
    if not permissions.can_see_summary(request.user, centre):
        raise PermissionDenied("Only the centre's coordinator can see its summary.")
    this_year = timezone.localdate().year
    first_year = timezone.localtime(centre.designated_at).year
    years = list(range(this_year, min(first_year, this_year) - 1, -1))
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    return render(
        request,
        "learning_centres/centre_summary.html",
        {
            "centre": centre,
            "summary": year_summary(centre, year),
            "years": years,
            "breadcrumbs": _crumbs((centre.organisation.name, centre.get_absolute_url())),
        },
    )


@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """The coordinator's way in: their current centre's page."""
    centre = (
        LearningCentre.objects.filter(permissions.coordinated_q(request.user))
        .order_by("replaced_at", "-designated_at")
        .first()
    )
    if centre is None:
        raise PermissionDenied("You do not coordinate a Learning Centre.")
    return redirect(centre)
