"""Management training as staff and providers see it: find a course, read it,
register interest, rate it; a provider's courses, intakes and interest.

Booking is the engine's (`opportunities`): a course page links each intake to
the engine's session page, and a provider's page links to the engine's
organiser pages for attendance, capacity and emails.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Exists, Prefetch, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.versions import topics_and_regions_version
from learning_network.errors import DomainError, NotAllowed, add_to_form
from learning_network.page_cache import FILTERS_SECONDS, filter_values
from learning_network.views import breadcrumbs, posted
from opportunities import permissions as session_permissions
from opportunities.models import Booking, BookingStatus, Session
from practice_db import search as example_search
from practice_db.models import PracticeExample, ResearchProject
from training import permissions, services
from training.filters import (
    CourseFilter,
    upcoming_intakes,
)
from training.forms import CourseForm, ExampleSearchForm, IntakeForm, RatingForm
from training.models import (
    RATINGS_SHOWN_FROM,
    Course,
    Interest,
    Provider,
    Rating,
    TrainingContact,
)

PAGE_SIZE = 20
EXAMPLE_SEARCH_LIMIT = 20
# The ready-made view for clinicians taking on management: the filters it
# starts with (anyone may change them on the page).
FOR_CLINICIANS = {"clinical": ["yes"], "level": ["introductory"]}


def _trail(*more: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(("Training", reverse("training:index")), *more)


def engine_manage_url(session: Session) -> str:
    """The engine's organiser page for a session, or its session page until
    the organiser pages are installed."""
    try:
        return reverse("opportunities:manage", args=[session.pk])
    except NoReverseMatch:
        return session.get_absolute_url()


def _get_course(request: HttpRequest, pk: int) -> Course:
    """The course, if this person may see it; a 404 from the query otherwise."""
    return get_object_or_404(
        Course.objects.visible_to(request.user).select_related("provider__organisation__region"),
        pk=pk,
    )


def _get_managed_course(request: HttpRequest, pk: int) -> Course:
    course = _get_course(request, pk)
    if not permissions.can_manage(request.user, course):
        raise NotAllowed("Only the course's coordinators can manage its intakes.")
    return course


def _with_next_intake(courses):
    now = timezone.now()
    return courses.select_related("provider__organisation__region").annotate(
        next_intake_at=Subquery(upcoming_intakes().order_by("starts_at").values("starts_at")[:1]),
        open_now=Exists(upcoming_intakes().filter(booking_deadline__gt=now)),
    )


def _find(request: HttpRequest, *, ready_made: bool) -> HttpResponse:
    data = request.GET
    if ready_made:
        data = request.GET.copy()
        for name, values in FOR_CLINICIANS.items():
            if name not in data:
                data.setlist(name, values)
    filters = CourseFilter(data, queryset=Course.objects.visible_to(request.user))
    if not filters.is_valid():
        return render(
            request,
            "training/course_search_invalid.html",
            {"errors": filters.form.errors, "breadcrumbs": _trail()},
            status=400,
        )
    courses = filters.qs
    if not filters.searching:
        courses = courses.order_by("title", "pk")
    page = Paginator(_with_next_intake(courses), PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = QueryDict(mutable=True)
    for name in filters.filters:
        values = [v for v in data.getlist(name) if v]
        if values:
            chosen.setlist(name, values)
    return render(
        request,
        "training/course_list.html",
        {
            "page": page,
            "filters": filters,
            "form": filters.form,
            "ready_made": ready_made,
            "filtered": bool(chosen),
            # The filters as HTML are the same for everyone who sent the same values.
            "filter_values": filter_values(filters),
            "filters_version": topics_and_regions_version(),
            "filters_cache_seconds": FILTERS_SECONDS,
            "breadcrumbs": _trail() if ready_made else breadcrumbs(),
        },
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Find a course: words and filters in the address."""
    return _find(request, ready_made=False)


@require_safe
def for_clinicians(request: HttpRequest) -> HttpResponse:
    """A ready-made search: introductory courses open to clinical staff."""
    return _find(request, ready_made=True)


@require_safe
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course(request, pk)
    now = timezone.now()
    can_manage = permissions.can_manage(request.user, course)
    # The course's managers organise its intakes and see its drafts too;
    # everyone else its published ones (so no other app is asked).
    visible = Q() if can_manage else session_permissions.published_q(request.user)
    intakes = list(
        Session.objects.filter(visible, permissions.intakes_q(course), ends_at__gt=now)
        .select_related("region")
        .order_by("starts_at", "pk")
    )
    my_bookings = {
        b.session_id: b
        for b in Booking.objects.active().filter(
            user_id=request.user.pk, session_id__in=[i.pk for i in intakes]
        )
    }
    for intake in intakes:
        intake.my_booking = my_bookings.get(intake.pk)
    summary = course.ratings.aggregate(count=Count("pk"), average=Avg("stars"))
    shown = summary["count"] >= RATINGS_SHOWN_FROM
    has_rated = course.ratings.filter(user_id=request.user.pk).exists()
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "topics": course.topics.order_by("name"),
            "examples": PracticeExample.objects.visible_to(request.user)
            .filter(courses=course)
            .select_related("organisation")
            .order_by("title"),
            "research": course.research.select_related("programme").order_by("title"),
            "intakes": intakes,
            "any_open": any(intake.is_bookable for intake in intakes),
            "interested": Interest.objects.filter(course=course, user_id=request.user.pk).exists(),
            "ratings_shown": shown,
            "ratings_count": summary["count"],
            "ratings_average": summary["average"],
            "ratings_needed": RATINGS_SHOWN_FROM,
            "comments": course.ratings.exclude(comment="").select_related("user__organisation")[:20]
            if shown
            else [],
            "has_rated": has_rated,
            "can_rate": not has_rated and permissions.has_attended(request.user, course),
            "can_manage": can_manage,
            "breadcrumbs": _trail(),
        },
    )


@require_POST
def register_interest(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course(request, pk)
    services.register_interest(actor=request.user, course_id=course.pk)
    messages.success(request, "We will email you when a new intake of this course opens.")
    return redirect(course)


@require_POST
def withdraw_interest(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course(request, pk)
    services.withdraw_interest(actor=request.user, course_id=course.pk)
    messages.success(request, "We will not email you about new intakes of this course.")
    return redirect(course)


@require_http_methods(["GET", "HEAD", "POST"])
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course(request, pk)
    if not permissions.has_attended(request.user, course):
        raise NotAllowed("Only people who attended an intake of this course can rate it.")
    already = Rating.objects.filter(course=course, user_id=request.user.pk).first()
    form = RatingForm(posted(request))
    if request.method == "POST" and already is None and form.is_valid():
        try:
            services.rate_course(
                actor=request.user,
                course_id=course.pk,
                stars=form.cleaned_data["stars"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Thank you for rating this course.")
            return redirect(course)
    return render(
        request,
        "training/course_rate.html",
        {
            "course": course,
            "form": form,
            "already": already,
            "breadcrumbs": _trail((course.title, course.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


# -- providers ----------------------------------------------------------------------


@require_safe
def provider_home(request: HttpRequest) -> HttpResponse:
    """The courses this person runs, with interest and the next intake."""
    courses = _with_next_intake(
        Course.objects.managed_by(request.user).annotate(interest_count=Count("interests"))
    ).order_by("title", "pk")
    return render(
        request,
        "training/provider_home.html",
        {
            "courses": courses,
            "can_add": _providers_of(request.user).exists(),
            "breadcrumbs": _trail(),
        },
    )


def _providers_of(user):
    """The providers whose courses this person may add to."""
    if not user.is_authenticated:
        return Provider.objects.none()
    return Provider.objects.filter(coordinators=user).select_related("organisation")


def _course_form_page(
    request, form: CourseForm, *, course: Course | None, provider: Provider | None = None
) -> HttpResponse:
    crumbs = [("Courses you run", reverse("training:provider_home"))]
    if course is not None:
        crumbs.append((course.title, reverse("training:course_manage", args=[course.pk])))
    return render(
        request,
        "training/course_form.html",
        {"course": course, "provider": provider, "form": form, "breadcrumbs": _trail(*crumbs)},
        status=400 if form.errors else 200,
    )


def _save_course_from(
    request, form: CourseForm, *, course: Course | None, provider: Provider | None = None
) -> Course | None:
    data = form.cleaned_data
    provider = data.get("provider", provider)
    try:
        return services.save_course(
            actor=request.user,
            values={name: data[name] for name in services.COURSE_FIELDS},
            topic_ids=[topic.pk for topic in data["topics"]],
            course_id=course.pk if course else None,
            provider_id=provider.pk if provider else None,
        )
    except DomainError as error:
        if isinstance(error, NotAllowed):
            raise
        add_to_form(form, error)
        return None


@require_http_methods(["GET", "HEAD", "POST"])
def course_add(request: HttpRequest) -> HttpResponse:
    """A provider's coordinator adds a course; intakes are added to it next."""
    providers = _providers_of(request.user)
    if not providers.exists():
        raise NotAllowed("Only a provider's coordinators can add its courses.")
    only = providers.first() if providers.count() == 1 else None
    # With one provider there is nothing to choose: the form does not ask.
    form = CourseForm(posted(request), providers=None if only else providers)
    if request.method == "POST" and form.is_valid():
        course = _save_course_from(request, form, course=None, provider=only)
        if course is not None:
            messages.success(request, "The course is listed. Add its first intake when ready.")
            return redirect("training:course_manage", pk=course.pk)
    return _course_form_page(request, form, course=None, provider=only)


@require_http_methods(["GET", "HEAD", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A course's details, as its coordinators keep them."""
    course = _get_managed_course(request, pk)
    form = CourseForm(posted(request), instance=course)
    if request.method == "POST" and form.is_valid():
        saved = _save_course_from(request, form, course=course)
        if saved is not None:
            messages.success(request, "The course's details are saved.")
            return redirect("training:course_manage", pk=course.pk)
    return _course_form_page(request, form, course=course)


@require_safe
def course_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """A course's intakes (with their bookings) and the people waiting for one."""
    course = _get_managed_course(request, pk)
    intakes = list(
        Session.objects.filter(permissions.intakes_q(course))
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.exclude(status=BookingStatus.CANCELLED)
                .select_related("user__organisation")
                .order_by("status", "waiting_position", "booked_at"),
            )
        )
        .order_by("-starts_at", "-pk")
    )
    now = timezone.now()
    for intake in intakes:
        intake.manage_url = engine_manage_url(intake)
    return render(
        request,
        "training/course_manage.html",
        {
            "course": course,
            "upcoming": [i for i in reversed(intakes) if i.ends_at > now],
            "past": [i for i in intakes if i.ends_at <= now],
            "interests": course.interests.select_related("user__organisation"),
            "example_count": course.practice_examples.count(),
            "research_count": course.research.count(),
            "breadcrumbs": _trail(("Courses you run", reverse("training:provider_home"))),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def intake_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_managed_course(request, pk)
    initial = {"format": course.format, "region": course.provider.organisation.region_id}
    form = IntakeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = services.add_intake(
                actor=request.user,
                course_id=course.pk,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                booking_deadline=data["booking_deadline"],
                region_id=data["region"].pk,
                capacity=data["capacity"],
                format=data["format"],
                venue=data["venue"],
                address=data["address"],
                joining_link=data["joining_link"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                "The intake is saved as a draft. Open it for booking when you are ready.",
            )
            return redirect("training:intake_open", pk=intake.pk)
    return render(
        request,
        "training/intake_form.html",
        {
            "course": course,
            "form": form,
            "breadcrumbs": _trail(
                ("Courses you run", reverse("training:provider_home")),
                (course.title, reverse("training:course_manage", args=[course.pk])),
            ),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def intake_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the intake, then open it for booking: everyone interested is emailed."""
    intake = get_object_or_404(
        Session.objects.organised_by(request.user).select_related("region"),
        pk=pk,
        kind="course_intake",
    )
    course = _get_managed_course(request, intake.owner_id)
    if request.method == "POST":
        told = services.open_intake(actor=request.user, session_id=intake.pk)
        messages.success(
            request,
            f"The intake is open for booking. We have emailed {told} "
            f"{'person' if told == 1 else 'people'} who asked to hear of it.",
        )
        return redirect("training:course_manage", pk=course.pk)
    return render(
        request,
        "training/intake_open.html",
        {
            "course": course,
            "intake": intake,
            "interest_count": course.interests.count(),
            "breadcrumbs": _trail(
                ("Courses you run", reverse("training:provider_home")),
                (course.title, reverse("training:course_manage", args=[course.pk])),
            ),
        },
    )


# -- what a course draws on ---------------------------------------------------------


@require_safe
def course_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The practice examples and research the course draws on: find, add, remove."""
    course = _get_managed_course(request, pk)
    search_form = ExampleSearchForm(request.GET if "find" in request.GET else None)
    query = search_form.query()
    linked = list(course.practice_examples.select_related("organisation").order_by("title"))
    results = None
    if query:
        # The practice database's own search, best matches first, less those linked.
        linked_ids = {example.pk for example in linked}
        wanted = example_search.SearchParams(q=example_search.clean_query(query))
        ids = [
            row.id
            for row in example_search.iter_results(
                wanted, limit=EXAMPLE_SEARCH_LIMIT + len(linked_ids)
            )
            if row.id not in linked_ids
        ][:EXAMPLE_SEARCH_LIMIT]
        found = PracticeExample.objects.select_related("organisation").in_bulk(ids)
        results = [found[i] for i in ids if i in found]
    research = list(course.research.select_related("programme").order_by("title"))
    other_research = ResearchProject.objects.exclude(
        pk__in=[project.pk for project in research]
    ).select_related("programme")
    return render(
        request,
        "training/course_evidence.html",
        {
            "course": course,
            "search": search_form,
            "query": query,
            "linked": linked,
            "results": results,
            "limit": EXAMPLE_SEARCH_LIMIT,
            "research": research,
            "other_research": other_research.order_by("title"),
            "breadcrumbs": _trail(
                ("Courses you run", reverse("training:provider_home")),
                (course.title, reverse("training:course_manage", args=[course.pk])),
            ),
        },
        status=400 if search_form.errors else 200,
    )


def _posted_id(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404("No such item.") from None


def _back_to_evidence(request: HttpRequest, course: Course, anchor: str) -> HttpResponse:
    """Back to the evidence page, with the provider's search still there."""
    query = request.POST.get("find", "")
    url = reverse("training:course_evidence", args=[course.pk])
    return redirect(f"{url}?{urlencode({'find': query})}#{anchor}" if query else f"{url}#{anchor}")


@require_POST
def evidence_link(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_managed_course(request, pk)
    if "project" in request.POST:
        project = services.link_research(
            actor=request.user, course_id=course.pk, project_id=_posted_id(request, "project")
        )
        messages.success(request, f"The course now draws on “{project.title}”.")
        return _back_to_evidence(request, course, "research")
    # An example that is not published is refused with a 400 page that says so.
    example = services.link_example(
        actor=request.user, course_id=course.pk, example_id=_posted_id(request, "example")
    )
    messages.success(request, f"The course now draws on “{example.title}”.")
    return _back_to_evidence(request, course, "examples")


@require_POST
def evidence_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_managed_course(request, pk)
    if "project" in request.POST:
        services.unlink_research(
            actor=request.user, course_id=course.pk, project_id=_posted_id(request, "project")
        )
        messages.success(request, "The research is no longer linked to this course.")
        return _back_to_evidence(request, course, "research")
    services.unlink_example(
        actor=request.user, course_id=course.pk, example_id=_posted_id(request, "example")
    )
    messages.success(request, "The example is no longer linked to this course.")
    return _back_to_evidence(request, course, "examples")


# -- regional contacts --------------------------------------------------------------


@require_safe
def contacts(request: HttpRequest) -> HttpResponse:
    """Each region's local education and training representatives."""
    return render(
        request,
        "training/contacts.html",
        {
            "contacts": TrainingContact.objects.select_related("region"),
            "breadcrumbs": _trail(),
        },
    )
