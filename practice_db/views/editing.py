"""Writing an example: the form for a new one, editing, and "Your examples"."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from learning_network.errors import Conflict, DomainError, Invalid, NotAllowed, add_to_form
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.forms import PracticeExampleForm
from practice_db.models import (
    ModerationEvent,
    PracticeExample,
    Revision,
    RevisionStatus,
    Status,
)
from practice_db.moderation import latest_moderator_comment, next_step
from practice_db.revisions import revision_initial
from practice_db.uploads import limit_uploads, received_documents
from practice_db.views.browse import PAGE_SIZE
from practice_db.views.examples import get_example_for_user

# The buttons of the example form: what each asks for.
SAVE_DRAFT, SUBMIT, SAVE = "draft", "submit", "save"


@limit_uploads
@require_http_methods(["GET", "POST"])
def example_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save_from_form(request, example=None)
    user = request.user
    form = PracticeExampleForm(
        initial={
            "organisation": user.organisation_id,
            "lead_name": user.full_name,
            "lead_role": user.job_title,
            "lead_email": user.email,
        },
        user=user,
    )
    return _render_form(request, form, example=None)


@limit_uploads
@require_http_methods(["GET", "POST"])
def example_edit(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(request, pk)
    if not permissions.can_edit(request.user, example):
        raise NotAllowed("You cannot edit this example now.")
    if request.method == "POST":
        return _save_from_form(request, example=example)
    initial = {}
    revision = example.revisions.filter(status=RevisionStatus.PENDING, author=request.user).first()
    if revision:
        # Carry on from the changes already waiting, not from the live text.
        initial = revision_initial(revision)
    form = PracticeExampleForm(instance=example, initial=initial, user=request.user)
    return _render_form(request, form, example=example, revision=revision)


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
