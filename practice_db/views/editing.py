"""Writing an example: the form for a new one, editing, and "Your examples"."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from directory.models import Topic
from learning_network.errors import Conflict, DomainError, Invalid, NotAllowed, add_to_form
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.forms import SECTIONS, SECTIONS_BY_SLUG, PracticeExampleForm, Section
from practice_db.models import (
    ModerationEvent,
    PracticeExample,
    Revision,
    RevisionStatus,
    Status,
)
from practice_db.moderation import latest_moderator_comment, next_step
from practice_db.revisions import revision_initial
from practice_db.tasks import answers, draft_of, task_list
from practice_db.uploads import limit_uploads, received_documents
from practice_db.views.browse import PAGE_SIZE
from practice_db.views.examples import get_example_for_user

# The buttons of the whole-example form: what each asks for.
SAVE_DRAFT, SUBMIT, SAVE = "draft", "submit", "save"
# The buttons of a section's page. Both save; neither submits for review. The
# first is what Enter in a field presses.
CONTINUE, LATER = "continue", "later"


def _lead_from_profile(user) -> dict:
    return {"lead_name": user.full_name, "lead_role": user.job_title, "lead_email": user.email}


@limit_uploads
@require_http_methods(["GET", "POST"])
def example_create(request: HttpRequest) -> HttpResponse:
    """A new example starts with its first section; saving it makes the draft."""
    first = SECTIONS[0]
    if request.method == "POST":
        if "section" in request.POST:
            return _save_section(request, example=None, section=first)
        # The whole example in one post, as the single-page form sent it.
        return _save_from_form(request, example=None)
    user = request.user
    form = PracticeExampleForm(
        initial={"organisation": user.organisation_id}, user=user, section=first.slug
    )
    return _render_section(request, form, example=None, section=first)


def _editable_example(request: HttpRequest, pk: int) -> PracticeExample:
    example = get_example_for_user(request, pk)
    if not permissions.can_edit(request.user, example):
        raise NotAllowed("You cannot edit this example now.")
    return example


@limit_uploads
@require_http_methods(["GET", "POST"])
def example_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The example's task list: each section, its status, and the way to submit."""
    example = _editable_example(request, pk)
    if request.method == "POST":
        return _save_from_form(request, example=example)
    user = request.user
    draft = draft_of(example, user)
    tasks = task_list(draft)
    return render(
        request,
        "practice_db/example_tasks.html",
        {
            "example": example,
            "tasks": tasks,
            "completed": sum(task.status == "Completed" for task in tasks),
            "revision": draft.revision,
            "can_submit": permissions.can_submit(user, example),
            **_editing_context(request, example),
        },
    )


@limit_uploads
@require_http_methods(["GET", "POST"])
def example_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One section of an example, saved on its own."""
    example = _editable_example(request, pk)
    part = SECTIONS_BY_SLUG.get(section)
    if part is None:
        raise Http404("No such part of the form.")
    if request.method == "POST":
        return _save_section(request, example=example, section=part)
    user = request.user
    initial = {}
    revision = example.revisions.filter(status=RevisionStatus.PENDING, author=user).first()
    if revision:
        # Carry on from the changes already waiting, not from the live text.
        initial = revision_initial(revision)
    if part.slug == "contact" and permissions.is_submitter(user, example):
        # The person writing is the likeliest lead: offered, never saved unasked.
        initial |= {
            name: value
            for name, value in _lead_from_profile(user).items()
            if not initial.get(name, getattr(example, name))
        }
    form = PracticeExampleForm(instance=example, initial=initial, user=user, section=part.slug)
    return _render_section(request, form, example=example, section=part)


@require_http_methods(["GET", "POST"])
def example_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then "Submit for review"."""
    example = _editable_example(request, pk)
    user = request.user
    if request.method == "POST":
        try:
            services.transition_example(
                actor=user,
                example_id=example.pk,
                action="submit",
                # Submitted without the version read: treated as out of date.
                expected_version=_posted_version(request),
            )
        except (Conflict, Invalid) as error:
            example = _editable_example(request, pk)
            return _render_check(request, example, problem=str(error), status=error.status_code)
        messages.success(
            request,
            "Your example has been submitted. The moderators of your region will review it, "
            "usually within 10 working days.",
        )
        return redirect(example)
    return _render_check(request, example)


def _posted_version(request: HttpRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0


def _render_check(
    request: HttpRequest, example: PracticeExample, *, problem: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    draft = draft_of(example, user)
    sections = [(section, answers(draft, section)) for section in SECTIONS]
    missing = [(section, answer) for section, rows in sections for answer in rows if answer.missing]
    return render(
        request,
        "practice_db/example_check.html",
        {
            "example": example,
            "sections": sections,
            "missing": missing,
            "problem": problem,
            "revision": draft.revision,
            "can_submit": permissions.can_submit(user, example) and not missing,
            "may_submit": permissions.can_submit(user, example),
            **_editing_context(request, example, here="Check your answers"),
        },
        status=status,
    )


def _editing_context(request: HttpRequest, example: PracticeExample | None, here: str = ""):
    user = request.user
    trail = [("Practice database", reverse("practice_db:browse"))]
    if example is None:
        trail.append(("Your examples", reverse("practice_db:mine")))
    else:
        trail.append((example.title, example.get_absolute_url()))
        if here:
            trail.append(
                ("Your example's sections", reverse("practice_db:edit", args=[example.pk]))
            )
    return {
        "is_moderator_edit": example is not None and not permissions.is_submitter(user, example),
        "is_published": example is not None and example.is_published,
        "latest_comment": latest_moderator_comment(example)
        if example is not None and example.status == Status.CHANGES_REQUESTED
        else None,
        "breadcrumbs": breadcrumbs(*trail),
    }


def _render_section(
    request: HttpRequest,
    form: PracticeExampleForm,
    *,
    example: PracticeExample | None,
    section: Section,
    status: int = 200,
) -> HttpResponse:
    index = SECTIONS.index(section)
    return render(
        request,
        "practice_db/example_section.html",
        {
            "form": form,
            "example": example,
            "section": section,
            "number": index + 1,
            "count": len(SECTIONS),
            "fields": form.sections()[0][1],
            **_editing_context(request, example, here=section.title),
        },
        status=status,
    )


def _save_section(
    request: HttpRequest, *, example: PracticeExample | None, section: Section
) -> HttpResponse:
    """Save one section. A draft's section needs nothing (the first needs a title
    and an organisation); a moderator's edit, or a published example's, needs
    what a moderator needs in this section. Nothing is submitted for review."""
    user = request.user
    is_moderator_edit = example is not None and not permissions.is_submitter(user, example)
    strict = is_moderator_edit or (example is not None and example.is_published)
    data = request.POST.copy()
    upload_errors: list = []
    if "documents" in section.fields:
        documents, refused = received_documents(request)
        staged, errors = services.stage_uploads(actor=user, uploads=documents)
        upload_errors = refused + errors
        for attachment in staged:
            data.appendlist("keep", str(attachment.pk))
    form_kwargs = {
        "instance": example,
        "intent": PracticeExampleForm.SUBMIT if strict else PracticeExampleForm.SAVE_DRAFT,
        "upload_errors": upload_errors,
        "staged_ids": [
            int(value)
            for value in data.getlist("keep")
            if value.isascii() and value.isdigit() and len(value) < 12
        ],
        "user": user,
        "section": section.slug,
    }
    form = PracticeExampleForm(data, **form_kwargs)
    if not form.is_valid():
        return _render_section(request, form, example=example, section=section, status=400)

    cleaned = form.cleaned_data
    draft = draft_of(example, user) if example else None
    # The other sections stay as this person left them.
    values = dict(draft.values) if draft else {}
    for name in section.fields:
        if name == "organisation":
            values["organisation_id"] = cleaned["organisation"].pk
        elif name in services.CONTENT_FIELDS:
            values[name] = cleaned[name]
    if "topics" in section.fields:
        topics = list(cleaned["topics"])
    else:
        topics = list(Topic.objects.filter(pk__in=draft.topic_ids)) if draft else []
    if "keep" in section.fields:
        attachment_ids = [attachment.pk for attachment in cleaned["keep"]]
    else:
        attachment_ids = draft.attachment_ids if draft and draft.revision else None
    try:
        saved, revision = services.save_example(
            actor=user,
            example=example,
            values=values,
            topics=topics,
            # A form without its version is treated as stale, never as "save anyway".
            expected_version=(cleaned.get("version") or 0) if example else None,
            attachment_ids=attachment_ids,
        )
    except Conflict as error:
        # Keep everything typed; base the next save on the version now stored.
        example.refresh_from_db()
        data["version"] = str(example.version)
        form = PracticeExampleForm(data, **form_kwargs)
        form.is_valid()
        add_to_form(form, error)
        return _render_section(request, form, example=example, section=section, status=409)
    except Invalid as error:
        add_to_form(form, error)
        return _render_section(request, form, example=example, section=section, status=400)

    if revision:
        messages.success(
            request,
            "Your changes have been sent to a moderator. The published text stays as it is "
            "until they approve them.",
        )
    elif is_moderator_edit:
        messages.success(request, "Your changes are saved and recorded in the history.")
    elif request.POST.get("next") == LATER or example is None:
        messages.success(request, "Your draft is saved. You can come back to it at any time.")
    if request.POST.get("next") == LATER:
        return redirect("practice_db:edit", pk=saved.pk)
    index = SECTIONS.index(section)
    if index + 1 < len(SECTIONS):
        return redirect("practice_db:edit_section", pk=saved.pk, section=SECTIONS[index + 1].slug)
    if permissions.can_submit(user, saved):
        return redirect("practice_db:check", pk=saved.pk)
    return redirect("practice_db:edit", pk=saved.pk)


def _render_form(
    request: HttpRequest,
    form: PracticeExampleForm,
    *,
    example: PracticeExample | None,
    revision: Revision | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_moderator_edit = example is not None and not permissions.is_submitter(user, example)
    trail = [("Practice database", reverse("practice_db:browse"))]
    if example is None:
        trail.append(("Your examples", reverse("practice_db:mine")))
    else:
        trail.append((example.title, example.get_absolute_url()))
    return render(
        request,
        "practice_db/example_form.html",
        {
            "form": form,
            "example": example,
            "revision": revision,
            "is_moderator_edit": is_moderator_edit,
            "is_published": example is not None and example.is_published,
            "latest_comment": latest_moderator_comment(example)
            if example is not None and example.status == Status.CHANGES_REQUESTED
            else None,
            "breadcrumbs": breadcrumbs(*trail),
        },
        status=status,
    )


def _save_from_form(request: HttpRequest, *, example: PracticeExample | None) -> HttpResponse:
    user = request.user
    is_moderator_edit = example is not None and not permissions.is_submitter(user, example)
    button = request.POST.get("intent", SAVE_DRAFT)
    strict = is_moderator_edit or button in {SUBMIT, SAVE} or (example and example.is_published)
    data = request.POST.copy()
    documents, refused = received_documents(request)
    staged, upload_errors = services.stage_uploads(actor=user, uploads=documents)
    upload_errors = refused + upload_errors
    for attachment in staged:
        data.appendlist("keep", str(attachment.pk))
    form_kwargs = {
        "instance": example,
        "intent": PracticeExampleForm.SUBMIT if strict else PracticeExampleForm.SAVE_DRAFT,
        "upload_errors": upload_errors,
        "staged_ids": [
            int(value)
            for value in data.getlist("keep")
            if value.isascii() and value.isdigit() and len(value) < 12
        ],
        "user": user,
    }
    form = PracticeExampleForm(data, **form_kwargs)
    if not form.is_valid():
        return _render_form(request, form, example=example, status=400)

    cleaned = form.cleaned_data
    values = {field: cleaned[field] for field in services.CONTENT_FIELDS if field in cleaned}
    values["organisation_id"] = form.cleaned_data["organisation"].pk
    try:
        saved, revision = services.save_example(
            actor=user,
            example=example,
            values=values,
            topics=list(form.cleaned_data["topics"]),
            # A form without its version is treated as stale, never as "save anyway".
            expected_version=(form.cleaned_data.get("version") or 0) if example else None,
            attachment_ids=[attachment.pk for attachment in form.cleaned_data["keep"]],
        )
    except Conflict as error:
        # Keep everything typed; base the next save on the version now stored.
        example.refresh_from_db()
        data["version"] = str(example.version)
        form = PracticeExampleForm(data, **form_kwargs)
        form.is_valid()
        add_to_form(form, error)
        return _render_form(request, form, example=example, status=409)
    except Invalid as error:
        # For example a move into a region this moderator does not moderate.
        add_to_form(form, error)
        return _render_form(request, form, example=example, status=400)

    if revision:
        messages.success(
            request,
            "Your changes have been sent to a moderator. The published text stays as it is "
            "until they approve them.",
        )
    elif button == SUBMIT and permissions.can_submit(user, saved):
        try:
            services.transition_example(actor=user, example_id=saved.pk, action="submit")
        except DomainError as error:
            messages.error(request, f"Your example is saved as a draft. {error}")
            return redirect("practice_db:edit", pk=saved.pk)
        messages.success(
            request,
            "Your example has been submitted. The moderators of your region will review it, "
            "usually within 10 working days.",
        )
    elif is_moderator_edit:
        messages.success(request, "Your changes are saved and recorded in the history.")
    else:
        messages.success(request, "Your draft is saved. You can come back to it at any time.")
    return redirect(saved)


@require_safe
def my_examples(request: HttpRequest) -> HttpResponse:
    user = request.user
    latest_comment = (
        ModerationEvent.objects.filter(example=OuterRef("pk"))
        .exclude(comment="")
        .exclude(actor=user)
        .order_by("-created_at", "-pk")
    )
    examples = (
        PracticeExample.objects.filter(submitter=user)
        .select_related("organisation__region")
        .annotate(
            latest_comment=Subquery(latest_comment.values("comment")[:1]),
            latest_decision=Subquery(latest_comment.values("kind")[:1]),
            has_pending_revision=Exists(
                Revision.objects.filter(example=OuterRef("pk"), status=RevisionStatus.PENDING)
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    for example in page:
        example.next_step = next_step(example)
    return render(
        request,
        "practice_db/my_examples.html",
        {
            "page": page,
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )
