"""Leadership programmes for staff, their coordinators, and sponsors by their link.

Applications are fetched through `Application.objects.visible_to(user)`, so
someone who may not know an application exists gets a 404 from the query;
someone who may see it but not do the thing gets a 403; a move the
application's status does not allow is a 409 from the service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from leadership import permissions, search, services, sponsor_links
from leadership.forms import ApplicationForm, CohortForm, DecisionForm, SponsorForm
from leadership.models import (
    ACTIONS,
    COORDINATOR_ACTIONS,
    Alumnus,
    Application,
    Cohort,
    CohortState,
    Programme,
    Status,
)
from learning_network import site_search
from learning_network.errors import Conflict, Invalid, NotAllowed, add_to_form
from learning_network.views import breadcrumbs, posted

COHORT_PAGE_SIZE = 50


def _crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(("Leadership", reverse("leadership:index")), *trail)


def _application_for_user(request: HttpRequest, pk: int) -> Application:
    """The application, if this user may see it; a 404 from the query otherwise."""
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related(
            "cohort__programme", "cohort__region", "applicant__organisation"
        ),
        pk=pk,
    )


def _cohort_for_coordinator(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("programme", "region"), pk=pk)
    if not permissions.can_manage_cohort(request.user, cohort):
        raise NotAllowed("Only the programme's coordinators can manage its cohorts.")
    return cohort


# -- Programmes --------------------------------------------------------------------------


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    """Every programme, with its cohorts' states, so staff see what is open now;
    with `?q=`, only those that match the words, best first."""
    query = site_search.tidy(request.GET.get("q", ""))
    programmes = Programme.objects.all()
    if query:
        programmes = search.matching(programmes, query)
    programmes = programmes.prefetch_related(
        Prefetch("cohorts", queryset=Cohort.objects.select_related("region").order_by("starts_on"))
    )
    today = timezone.localdate()
    rows = []
    for programme in programmes:
        cohorts = list(programme.cohorts.all())
        rows.append(
            {
                "programme": programme,
                "open": [c for c in cohorts if c.state(today) == CohortState.OPEN],
                "upcoming": [c for c in cohorts if c.state(today) == CohortState.UPCOMING],
            }
        )
    return render(
        request,
        "leadership/programme_list.html",
        {"rows": rows, "query": query, "breadcrumbs": breadcrumbs()},
    )


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """What a programme is, who it is for, its cohorts and the alumni who agree to be listed."""
    programme = get_object_or_404(Programme, slug=slug)
    today = timezone.localdate()
    cohorts = list(
        programme.cohorts.select_related("region").with_accepted_count().order_by("starts_on")
    )
    mine = {
        application.cohort_id: application
        for application in Application.objects.filter(
            applicant_id=request.user.pk, cohort__programme=programme
        ).exclude(status=Status.WITHDRAWN)
    }
    for cohort in cohorts:
        cohort.current_state = cohort.state(today)
        cohort.my_application = mine.get(cohort.pk)
    return render(
        request,
        "leadership/programme_detail.html",
        {
            "programme": programme,
            "cohorts": cohorts,
            "States": CohortState,
            "alumni": programme.alumni.filter(listed=True).select_related(
                "person__organisation", "cohort"
            ),
            "coordinators": programme.coordinators.filter(is_active=True).order_by("full_name"),
            "can_manage": permissions.can_manage_programme(request.user, programme),
            "breadcrumbs": _crumbs(),
        },
    )


# -- Applying ----------------------------------------------------------------------------


def _save_answers(request: HttpRequest, form: ApplicationForm, cohort: Cohort, pk: int | None):
    """Save the draft, then go where the applicant asked: back later, or on to check."""
    try:
        application = services.save_draft(
            actor=request.user, cohort=cohort, values=form.cleaned_data, application_id=pk
        )
    except Invalid as error:
        add_to_form(form, error)
        return None
    if request.POST.get("intent") == ApplicationForm.CONTINUE:
        return redirect("leadership:check", pk=application.pk)
    messages.success(
        request,
        f"Your draft is saved. You can finish it later: applications close on "
        f"{cohort.applications_close:%-d %B %Y}.",
    )
    return redirect(application)


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an application to a cohort; refused, saying when, outside its window."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    existing = (
        Application.objects.filter(applicant_id=request.user.pk, cohort=cohort)
        .exclude(status__in=[Status.WITHDRAWN, Status.DECLINED])
        .first()
    )
    if existing is not None:
        return redirect(existing)
    message = services.window_message(cohort)
    if message:
        raise Conflict(message)
    form = ApplicationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        response = _save_answers(request, form, cohort, None)
        if response is not None:
            return response
    return render(
        request,
        "leadership/application_form.html",
        {
            "form": form,
            "cohort": cohort,
            "application": None,
            "breadcrumbs": _crumbs((cohort.programme.title, cohort.programme.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_user(request, pk)
    _require_editable(request, application)
    form = ApplicationForm(posted(request), instance=application)
    if request.method == "POST" and form.is_valid():
        response = _save_answers(request, form, application.cohort, application.pk)
        if response is not None:
            return response
    return render(
        request,
        "leadership/application_form.html",
        {
            "form": form,
            "cohort": application.cohort,
            "application": application,
            "breadcrumbs": _crumbs(("Your applications", reverse("leadership:mine"))),
        },
        status=400 if form.errors else 200,
    )


def _require_editable(request: HttpRequest, application: Application) -> None:
    if not permissions.is_applicant(request.user, application):
        raise NotAllowed("Only the applicant can change an application.")
    if not permissions.can_edit(request.user, application):
        raise Conflict(
            f"This application is {application.get_status_display().lower()}, so its answers "
            "can no longer be changed."
        )


@require_http_methods(["GET", "HEAD", "POST"])
def application_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit: the sponsor is emailed at once."""
    application = _application_for_user(request, pk)
    _require_editable(request, application)
    error = None
    if request.method == "POST":
        try:
            services.transition_application(
                actor=request.user, application_id=application.pk, action="submit"
            )
        except Invalid as refused:
            error = refused.message
        else:
            messages.success(
                request,
                f"Your application is submitted. We have emailed {application.sponsor_name} "
                f"a link to endorse it; it works for {sponsor_links.LINK_LIFETIME.days} days.",
            )
            return redirect(application)
    return render(
        request,
        "leadership/application_check.html",
        {
            "application": application,
            "cohort": application.cohort,
            "missing": services.missing_answers(application),
            "window_message": services.window_message(application.cohort),
            "error": error,
            "breadcrumbs": _crumbs(("Your applications", reverse("leadership:mine"))),
        },
        status=400 if error else 200,
    )


@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application with its history, for the applicant and the programme's coordinators."""
    application = _application_for_user(request, pk)
    user = request.user
    allowed = permissions.allowed_actions(user, application)
    is_applicant = permissions.is_applicant(user, application)
    can_decide = permissions.can_decide(user, application)
    cohort = application.cohort
    return render(
        request,
        "leadership/application_detail.html",
        {
            "application": application,
            "cohort": cohort,
            "is_applicant": is_applicant,
            "can_decide": can_decide,
            "can_edit": "submit" in allowed,
            "can_withdraw": "withdraw" in allowed,
            "decisions": [
                (name, ACTIONS[name])
                for name in COORDINATOR_ACTIONS
                if name in allowed and name != "decline"
            ],
            "can_decline": "decline" in allowed,
            "can_complete": can_decide
            and application.status == Status.ACCEPTED
            and cohort.state() == CohortState.STARTED,
            "history": application.events.all(),
            "breadcrumbs": _crumbs(("Your applications", reverse("leadership:mine")))
            if is_applicant
            else _crumbs((str(cohort), cohort.get_absolute_url())),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Are you sure? Withdrawing cannot be undone."""
    application = _application_for_user(request, pk)
    if not permissions.is_applicant(request.user, application):
        raise NotAllowed("Only the applicant can withdraw an application.")
    if request.method == "POST":
        services.transition_application(
            actor=request.user, application_id=application.pk, action="withdraw"
        )
        messages.success(request, f"Your application for {application.cohort} is withdrawn.")
        return redirect("leadership:mine")
    if not permissions.may(request.user, "withdraw", application):
        raise Conflict(
            f"This application is {application.get_status_display().lower()}, so there is "
            "nothing to withdraw."
        )
    return render(
        request,
        "leadership/application_withdraw.html",
        {
            "application": application,
            "breadcrumbs": _crumbs(("Your applications", reverse("leadership:mine"))),
        },
    )


@require_POST
def resend_sponsor_link(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_user(request, pk)
    services.resend_sponsor_link(actor=request.user, application_id=application.pk)
    messages.success(
        request,
        f"We have emailed {application.sponsor_name} a new link. The one sent before no "
        "longer works.",
    )
    return redirect(application)


@require_safe
def my_applications(request: HttpRequest) -> HttpResponse:
    """Where each of my applications stands, and the programmes I completed."""
    applications = (
        Application.objects.filter(applicant_id=request.user.pk)
        .select_related("cohort__programme")
        .order_by("-updated_at", "-pk")
    )
    return render(
        request,
        "leadership/my_applications.html",
        {
            "applications": applications,
            "completions": Alumnus.objects.filter(person_id=request.user.pk).select_related(
                "programme"
            ),
            "breadcrumbs": _crumbs(),
        },
    )


@require_POST
def alumni_listing(request: HttpRequest, pk: int) -> HttpResponse:
    listed = request.POST.get("listed") == "yes"
    alumnus = services.set_alumni_listing(actor=request.user, alumnus_id=pk, listed=listed)
    messages.success(
        request,
        f"You are listed on {alumnus.programme}'s page."
        if listed
        else f"You are no longer listed on {alumnus.programme}'s page.",
    )
    return redirect("leadership:mine")


# -- Coordinating -------------------------------------------------------------------------


@require_safe
def coordinating(request: HttpRequest) -> HttpResponse:
    """The programmes I coordinate, each cohort with its applications counted by status."""
    ids = permissions.coordinated_programme_ids(request.user)
    if not ids:
        raise NotAllowed("This page is for the coordinators of leadership programmes.")
    counts = {
        status: Count("applications", filter=Q(applications__status=status))
        for status in (
            Status.AWAITING_SPONSOR,
            Status.ENDORSED,
            Status.SHORTLISTED,
            Status.ACCEPTED,
            Status.RESERVE,
        )
    }
    cohorts = Cohort.objects.annotate(**{f"n_{key}": value for key, value in counts.items()})
    programmes = Programme.objects.filter(pk__in=sorted(ids)).prefetch_related(
        Prefetch("cohorts", queryset=cohorts.order_by("-starts_on"))
    )
    return render(
        request,
        "leadership/coordinating.html",
        {"programmes": programmes, "breadcrumbs": _crumbs()},
    )


@require_safe
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort's applications for its coordinators, filtered by status."""
    cohort = _cohort_for_coordinator(request, pk)
    status = request.GET.get("status", "")
    if status not in Status.values or status == Status.DRAFT:
        status = ""
    applications = (
        cohort.applications.exclude(status=Status.DRAFT)
        .select_related("applicant__organisation")
        .order_by("submitted_at", "pk")
    )
    if status:
        applications = applications.filter(status=status)
    counts = dict(
        cohort.applications.exclude(status=Status.DRAFT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    taken = counts.get(Status.ACCEPTED, 0)
    reserve = services.first_reserve(cohort) if taken < cohort.places else None
    return render(
        request,
        "leadership/cohort_detail.html",
        {
            "cohort": cohort,
            "page": Paginator(applications, COHORT_PAGE_SIZE).get_page(request.GET.get("page")),
            "status": status,
            "tabs": [
                (value, label, counts.get(value, 0))
                for value, label in Status.choices
                if value != Status.DRAFT
            ],
            "total": sum(counts.values()),
            "taken": taken,
            "first_reserve": reserve,
            "breadcrumbs": _crumbs(
                ("Programmes you coordinate", reverse("leadership:coordinating"))
            ),
        },
    )


@require_POST
def act(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator shortlists, accepts or reserves (declining has its own page)."""
    application = _application_for_user(request, pk)
    action = request.POST.get("action", "")
    if action not in {"shortlist", "accept", "reserve"}:
        raise Invalid("Choose shortlist, accept or reserve.")
    services.transition_application(
        actor=request.user, application_id=application.pk, action=action
    )
    messages.success(
        request,
        f"{application.applicant.full_name}: {ACTIONS[action].event.label.lower()}. "
        "They have been emailed.",
    )
    return redirect(application.cohort)


@require_http_methods(["GET", "HEAD", "POST"])
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline, with the reason the applicant sees: a page of its own, since it is final."""
    application = _application_for_user(request, pk)
    if not permissions.can_decide(request.user, application):
        raise NotAllowed("Only the programme's coordinators can decline an application.")
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.transition_application(
                actor=request.user,
                application_id=application.pk,
                action="decline",
                reason=form.cleaned_data["reason"],
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"{application.applicant.full_name}'s application is declined. "
                "They have been emailed the reason.",
            )
            return redirect(application.cohort)
    elif not permissions.may(request.user, "decline", application):
        raise Conflict(
            f"This application is {application.get_status_display().lower()}, so it cannot "
            "be declined now."
        )
    return render(
        request,
        "leadership/application_decline.html",
        {
            "application": application,
            "form": form,
            "breadcrumbs": _crumbs(
                (str(application.cohort), application.cohort.get_absolute_url())
            ),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def move_up(request: HttpRequest, pk: int) -> HttpResponse:
    """A place is free: the coordinator confirms offering it to this reserve."""
    application = _application_for_user(request, pk)
    if not permissions.can_decide(request.user, application):
        raise NotAllowed("Only the programme's coordinators can offer places.")
    if not permissions.may(request.user, "accept", application) or (
        application.status != Status.RESERVE
    ):
        raise Conflict("This applicant is no longer on the reserve list.")
    cohort = application.cohort
    return render(
        request,
        "leadership/move_up.html",
        {
            "application": application,
            "cohort": cohort,
            "taken": services.places_taken(cohort),
            "breadcrumbs": _crumbs((str(cohort), cohort.get_absolute_url())),
        },
    )


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_user(request, pk)
    services.record_completion(actor=request.user, application_id=application.pk)
    messages.success(
        request,
        f"{application.applicant.full_name} is recorded as having completed the programme. "
        "They choose whether to be listed on its page.",
    )
    return redirect(application)


@require_http_methods(["GET", "HEAD", "POST"])
def cohort_edit(request: HttpRequest, pk: int | None = None, slug: str | None = None):
    """Add a cohort to a programme, or change one."""
    if pk is not None:
        cohort = _cohort_for_coordinator(request, pk)
        programme = cohort.programme
    else:
        cohort = None
        programme = get_object_or_404(Programme, slug=slug)
        if not permissions.can_manage_programme(request.user, programme):
            raise NotAllowed("Only the programme's coordinators can add cohorts.")
    form = CohortForm(posted(request), instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_cohort(
                actor=request.user,
                programme=programme,
                values=form.cleaned_data,
                cohort_id=cohort.pk if cohort else None,
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"{saved.name} is saved.")
            return redirect(saved)
    return render(
        request,
        "leadership/cohort_form.html",
        {
            "form": form,
            "cohort": cohort,
            "programme": programme,
            "breadcrumbs": _crumbs((programme.title, programme.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


# -- The sponsor, by their link -------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def sponsor(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The page the sponsor's emailed link opens. No sign-in: the sponsor need
    not have an account; the signed link is their authority, for this one
    application, for 14 days, once. Opening it changes nothing; only the
    form's button (a POST) answers."""
    application = (
        Application.objects.select_related("cohort__programme", "applicant__organisation")
        .filter(pk=pk)
        .first()
    )
    refusal = sponsor_links.check(token, application, pk)
    if refusal is not None:
        return render(
            request, "leadership/sponsor_refused.html", {"refusal": refusal}, status=refusal.status
        )
    form = SponsorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        endorse = form.cleaned_data["answer"] == SponsorForm.ENDORSE
        try:
            services.answer_as_sponsor(
                application_id=pk,
                token=token,
                endorse=endorse,
                comment=form.cleaned_data["comment"],
            )
        except Invalid as error:
            add_to_form(form, error)
        else:
            return render(
                request,
                "leadership/sponsor_done.html",
                {"application": application, "endorsed": endorse},
            )
    return render(
        request,
        "leadership/sponsor.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )
