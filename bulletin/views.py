"""ImpAct for readers (every signed-in member of staff) and for its editors."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Max, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bulletin import permissions, services
from bulletin.forms import ExampleSearchForm, IssueForm, ScheduleForm, StoryForm
from bulletin.models import Issue, IssueStatus, Story, Subscription
from bulletin.unsubscribe import link_for_legacy_token
from directory.models import Topic
from learning_network.errors import Conflict, Invalid, NotAllowed, add_to_form
from learning_network.unsubscribe_views import legacy_unsubscribe
from learning_network.views import breadcrumbs, posted
from practice_db import search
from practice_db.models import PracticeExample

EXAMPLE_SEARCH_LIMIT = 20


def _impact_crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return breadcrumbs(("ImpAct", reverse("bulletin:current")), *trail)


def _editor_crumbs(*trail: tuple[str, str]) -> list[dict[str, str]]:
    return _impact_crumbs(("Editor's dashboard", reverse("bulletin:dashboard")), *trail)


# Reading


def _render_issue(request: HttpRequest, issue: Issue, *, is_current: bool) -> HttpResponse:
    stories = issue.stories.order_by("position")
    return render(
        request,
        "bulletin/issue_detail.html",
        {
            "issue": issue,
            "stories": stories,
            "is_current": is_current,
            "is_public": issue.is_published(),
            "can_edit": permissions.can_edit_bulletin(request.user),
            "breadcrumbs": breadcrumbs()
            if is_current
            else _impact_crumbs(("Back issues", reverse("bulletin:issues"))),
        },
    )


@require_safe
def current_issue(request: HttpRequest) -> HttpResponse:
    """The latest published issue."""
    issue = Issue.objects.published().order_by("-number").first()
    if issue is None:
        return render(
            request,
            "bulletin/no_issue.html",
            {
                "can_edit": permissions.can_edit_bulletin(request.user),
                "breadcrumbs": breadcrumbs(),
            },
        )
    return _render_issue(request, issue, is_current=True)


@require_safe
def issue_detail(request: HttpRequest, number: int) -> HttpResponse:
    """An issue, current or back; an editor sees a draft here as its preview."""
    issue = get_object_or_404(Issue.objects.visible_to(request.user), number=number)
    return _render_issue(request, issue, is_current=False)


@require_safe
def issue_list(request: HttpRequest) -> HttpResponse:
    """Every published issue, newest first, grouped by year."""
    issues = (
        Issue.objects.published()
        .annotate(story_count=Count("stories"))
        .order_by("-publication_date", "-number")
    )
    by_year = groupby(issues, key=lambda issue: issue.publication_date.year)
    years = [(year, list(group)) for year, group in by_year]
    return render(
        request,
        "bulletin/issue_list.html",
        {"years": years, "breadcrumbs": _impact_crumbs()},
    )


@require_safe
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A story, with the previous and next story in its issue."""
    story = get_object_or_404(Story.objects.visible_to(request.user).select_related("issue"), pk=pk)
    issue = story.issue
    siblings = issue.stories.only("pk", "title", "position")
    previous_story = siblings.filter(position__lt=story.position).order_by("-position").first()
    next_story = siblings.filter(position__gt=story.position).order_by("position").first()
    return render(
        request,
        "bulletin/story_detail.html",
        {
            "story": story,
            "issue": issue,
            "is_public": issue.is_published(),
            "previous_story": previous_story,
            "next_story": next_story,
            "topics": story.topics.select_related("parent").order_by("name"),
            "examples": story.related_examples.published()
            .select_related("organisation")
            .order_by("title"),
            "corrections": story.corrections.all(),
            "can_edit": permissions.can_edit_bulletin(request.user),
            "breadcrumbs": _impact_crumbs((f"Issue {issue.number}", issue.get_absolute_url())),
        },
    )


def _published_stories():
    return Story.objects.published().select_related("issue").newest_first()


@require_safe
def subject_index(request: HttpRequest) -> HttpResponse:
    """Every subject with its published stories across all issues, newest first."""
    published = Story.objects.published()
    topics = (
        Topic.objects.filter(bulletin_stories__in=published)
        .distinct()
        .in_tree_order()
        .prefetch_related(
            Prefetch("bulletin_stories", queryset=_published_stories(), to_attr="stories")
        )
    )
    # The index is two levels deep: each subject, with its sub-topics under it.
    by_subject = groupby(topics, key=lambda topic: topic.parent or topic)
    subjects = [(subject, list(group)) for subject, group in by_subject]
    return render(
        request,
        "bulletin/subject_index.html",
        {"subjects": subjects, "breadcrumbs": _impact_crumbs()},
    )


@require_safe
def subject_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    stories = _published_stories().filter(topics=topic)
    return render(
        request,
        "bulletin/subject_detail.html",
        {
            "topic": topic,
            "stories": stories,
            "breadcrumbs": _impact_crumbs(("Subject index", reverse("bulletin:subjects"))),
        },
    )


# Subscribing


@require_POST
def subscription(request: HttpRequest) -> HttpResponse:
    """Subscribe or unsubscribe from the profile page."""
    action = request.POST.get("action")
    if action == "subscribe":
        services.subscribe(user=request.user)
        messages.success(request, "You will get each new issue of ImpAct by email.")
    elif action == "unsubscribe":
        services.unsubscribe(user=request.user)
        messages.success(request, "You will no longer get ImpAct by email.")
    else:
        return HttpResponse("Choose to subscribe or unsubscribe.", status=400)
    return redirect("accounts:profile")


@login_not_required
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in issues emailed before the portal had one unsubscribe page:
    it still works (see `learning_network.unsubscribe_views`)."""
    return legacy_unsubscribe(request, link_for_legacy_token(token))


# Editing


def _require_editor(request: HttpRequest) -> None:
    if not permissions.can_edit_bulletin(request.user):
        raise NotAllowed("Only ImpAct editors can put issues together.")


def _issue_for_editor(request: HttpRequest, pk: int) -> Issue:
    _require_editor(request)
    return get_object_or_404(Issue, pk=pk)


def _story_for_editor(request: HttpRequest, pk: int) -> Story:
    _require_editor(request)
    return get_object_or_404(Story.objects.select_related("issue"), pk=pk)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Draft, scheduled and published issues, for editors."""
    _require_editor(request)
    now = timezone.now()
    issues = Issue.objects.annotate(story_count=Count("stories")).order_by("-number")
    groups = {status: [] for status in IssueStatus}
    for issue in issues:
        groups[issue.status(now)].append(issue)
    return render(
        request,
        "bulletin/dashboard.html",
        {
            "groups": [(status.label, status.value, groups[status]) for status in IssueStatus],
            "subscriber_count": Subscription.objects.count(),
            "breadcrumbs": _impact_crumbs(),
        },
    )


@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    last_number = Issue.objects.aggregate(last=Max("number"))["last"] or 0
    form = IssueForm(posted(request), initial={"number": last_number + 1})
    if request.method == "POST" and form.is_valid():
        issue = services.save_issue(actor=request.user, issue=None, values=form.cleaned_data)
        messages.success(request, f"Issue {issue.number} is created as a draft. Add its stories.")
        return redirect("bulletin:issue_manage", pk=issue.pk)
    return render(
        request,
        "bulletin/issue_form.html",
        {"form": form, "issue": None, "breadcrumbs": _editor_crumbs()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    form = IssueForm(posted(request), instance=issue)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_issue(actor=request.user, issue=issue, values=form.cleaned_data)
        except (Invalid, Conflict) as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The issue's details are saved.")
            return redirect("bulletin:issue_manage", pk=issue.pk)
    return render(
        request,
        "bulletin/issue_form.html",
        {
            "form": form,
            "issue": issue,
            "breadcrumbs": _editor_crumbs((f"Issue {issue.number}", _manage_url(issue))),
        },
        status=400 if form.errors else 200,
    )


def _manage_url(issue: Issue) -> str:
    return reverse("bulletin:issue_manage", kwargs={"pk": issue.pk})


def _schedule_form_for(issue: Issue) -> ScheduleForm:
    """The publishing choice, pre-filled with the issue's schedule when it has one."""
    if issue.publish_at is None:
        return ScheduleForm()
    when = timezone.localtime(issue.publish_at)
    return ScheduleForm(
        initial={
            "when": "later",
            "date": when.date().isoformat(),
            "time": when.strftime("%H:%M"),
        }
    )


def _render_manage(request: HttpRequest, issue: Issue, schedule_form: ScheduleForm) -> HttpResponse:
    return render(
        request,
        "bulletin/issue_manage.html",
        {
            "issue": issue,
            "status": issue.status(),
            "stories": issue.stories.order_by("position"),
            "schedule_form": schedule_form,
            "form": schedule_form,  # for the error summary
            "breadcrumbs": _editor_crumbs(),
        },
        status=400 if schedule_form.errors else 200,
    )


@require_safe
def issue_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """An issue's stories in order, with moving, preview and publishing."""
    issue = _issue_for_editor(request, pk)
    return _render_manage(request, issue, _schedule_form_for(issue))


@require_POST
def issue_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _render_manage(request, issue, form)
    if request.POST.get("confirmed") != "yes":
        # Check your answers: publishing emails every subscriber.
        return render(
            request,
            "bulletin/issue_publish_check.html",
            {
                "issue": issue,
                "publish_at": form.cleaned_data["publish_at"],
                "story_count": issue.stories.count(),
                "subscriber_count": services.subscribers().count(),
                # What was posted goes back with the confirmation, whatever the fields.
                "posted": [
                    (name, value)
                    for name, values in request.POST.lists()
                    if name not in {"csrfmiddlewaretoken", "confirmed"}
                    for value in values
                ],
                "breadcrumbs": _editor_crumbs((f"Issue {issue.number}", _manage_url(issue))),
            },
        )
    try:
        issue = services.schedule_issue(
            actor=request.user, issue=issue, publish_at=form.cleaned_data["publish_at"]
        )
    except (Invalid, Conflict) as error:
        form.add_error(None, str(error))
        return _render_manage(request, issue, form)
    if issue.is_published():
        messages.success(
            request, f"Issue {issue.number} is published. Subscribers will be emailed."
        )
    else:
        when = timezone.localtime(issue.publish_at)
        messages.success(
            request,
            f"Issue {issue.number} will be published at {date_format(when, 'H:i')} "
            f"on {date_format(when, 'j F Y')}.",
        )
    return redirect("bulletin:issue_manage", pk=issue.pk)


@require_POST
def issue_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    try:
        services.unschedule_issue(actor=request.user, issue=issue)
    except (Invalid, Conflict) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Issue {issue.number} is back to draft.")
    return redirect("bulletin:issue_manage", pk=issue.pk)


def _story_form_page(
    request: HttpRequest,
    form: StoryForm,
    issue: Issue,
    story: Story | None,
    status: int | None = None,
    saved_story: Story | None = None,
) -> HttpResponse:
    return render(
        request,
        "bulletin/story_form.html",
        {
            "form": form,
            "issue": issue,
            "story": story,
            "saved_story": saved_story,
            "breadcrumbs": _editor_crumbs((f"Issue {issue.number}", _manage_url(issue))),
        },
        status=status or (400 if form.errors else 200),
    )


@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_for_editor(request, pk)
    if issue.is_published():
        messages.error(request, services.PUBLISHED_ISSUE_IS_FIXED)
        return redirect("bulletin:issue_manage", pk=issue.pk)
    form = StoryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            story = services.add_story(
                actor=request.user,
                issue=issue,
                values=form.cleaned_data,
                topics=form.cleaned_data["topics"],
            )
        except (Invalid, Conflict) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{story.title}” is added to issue {issue.number}.")
        return redirect("bulletin:issue_manage", pk=issue.pk)
    return _story_form_page(request, form, issue, None)


@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story_for_editor(request, pk)
    form_kwargs = {"instance": story, "is_correction": permissions.correction_needed(story)}
    data = posted(request)
    form = StoryForm(data, initial={"version": story.version}, **form_kwargs)
    status = saved_story = None
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_story(
                actor=request.user,
                story=story,
                values=form.cleaned_data,
                topics=form.cleaned_data["topics"],
                correction_note=form.cleaned_data.get("correction_note", ""),
                # A form without its version is treated as stale, never as "save anyway".
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except Conflict as error:
            # Keep everything typed; base the next save on the version now stored.
            story.refresh_from_db()
            data = data.copy()
            data["version"] = str(story.version)
            form = StoryForm(data, **form_kwargs)
            form.is_valid()
            add_to_form(form, error)
            status = error.status_code
            # Read afresh: validating the form wrote the typed text onto `story`.
            saved_story = Story.objects.get(pk=story.pk)
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” is saved.")
            return redirect("bulletin:issue_manage", pk=story.issue_id)
    return _story_form_page(
        request, form, story.issue, story, status=status, saved_story=saved_story
    )


@require_http_methods(["GET", "POST"])
def story_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET), then takes the story out of its issue (POST)."""
    story = _story_for_editor(request, pk)
    if request.method == "POST":
        try:
            services.remove_story(actor=request.user, story=story)
        except (Invalid, Conflict) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"“{story.title}” is removed from issue {story.issue.number}."
            )
        return redirect("bulletin:issue_manage", pk=story.issue_id)
    return render(
        request,
        "bulletin/story_remove.html",
        {
            "story": story,
            "breadcrumbs": _editor_crumbs(
                (f"Issue {story.issue.number}", _manage_url(story.issue))
            ),
        },
    )


@require_POST
def story_move(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story_for_editor(request, pk)
    try:
        services.move_story(
            actor=request.user, story=story, direction=request.POST.get("direction", "")
        )
    except (Invalid, Conflict) as error:
        messages.error(request, str(error))
    return redirect(f"{_manage_url(story.issue)}#story-{story.pk}")


@require_safe
def story_examples(request: HttpRequest, pk: int) -> HttpResponse:
    """Related practice examples: search published ones and add them."""
    story = _story_for_editor(request, pk)
    search_form = ExampleSearchForm(request.GET if "find" in request.GET else None)
    query = search_form.query()
    linked = story.related_examples.select_related("organisation").order_by("title")
    results = None
    if query:
        # The practice database's own search, best matches first, less those linked.
        linked_ids = set(story.related_examples.values_list("pk", flat=True))
        wanted = search.SearchParams(q=search.clean_query(query))
        ids = [
            row.id
            for row in search.iter_results(wanted, limit=EXAMPLE_SEARCH_LIMIT + len(linked_ids))
            if row.id not in linked_ids
        ][:EXAMPLE_SEARCH_LIMIT]
        found = PracticeExample.objects.select_related("organisation").in_bulk(ids)
        results = [found[pk] for pk in ids if pk in found]
    return render(
        request,
        "bulletin/story_examples.html",
        {
            "story": story,
            "search": search_form,
            "query": query,
            "linked": linked,
            "results": results,
            "limit": EXAMPLE_SEARCH_LIMIT,
            "breadcrumbs": _editor_crumbs(
                (f"Issue {story.issue.number}", _manage_url(story.issue))
            ),
        },
        status=400 if search_form.errors else 200,
    )


def _example_id(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("example", ""))
    except ValueError:
        raise Http404("No such example.") from None


@require_POST
def story_example_add(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story_for_editor(request, pk)
    try:
        example = services.link_example(
            actor=request.user, story=story, example_id=_example_id(request)
        )
    except (Invalid, Conflict) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{example.title}” is linked to this story.")
    return _back_to_examples(request, story)


def _back_to_examples(request: HttpRequest, story: Story) -> HttpResponse:
    """Back to the related examples page, with the editor's search still there."""
    query = request.POST.get("find", "")
    url = reverse("bulletin:story_examples", kwargs={"pk": story.pk})
    return redirect(f"{url}?{urlencode({'find': query})}" if query else url)


@require_POST
def story_example_remove(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story_for_editor(request, pk)
    services.unlink_example(actor=request.user, story=story, example_id=_example_id(request))
    messages.success(request, "The example is no longer linked to this story.")
    return _back_to_examples(request, story)
