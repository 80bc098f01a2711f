"""An example: reading it, writing it, moderating it and contacting its lead."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Topic
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.browse_views import PAGE_SIZE
from practice_db.forms import (
    ContactLeadForm,
    ModerationForm,
    PracticeExampleForm,
    RevisionDecisionForm,
)
from practice_db.models import (
    Attachment,
    ModerationEvent,
    PracticeExample,
    Revision,
    RevisionStatus,
    Status,
)


def _get_example_for_user(request: HttpRequest, pk: int) -> PracticeExample:
    """The example, if this user may see it; a 404 otherwise, never a leak."""
    example = get_object_or_404(
        PracticeExample.objects.select_related("organisation__region", "submitter"), pk=pk
    )
    if not permissions.can_view(request.user, example):
        raise Http404("No such example.")
    return example


def _related_examples(example: PracticeExample, limit: int = 5) -> list[PracticeExample]:
    """Published examples sharing the most topics with this one, newest first."""
    topic_ids = [topic.pk for topic in example.topics.all()]
    if not topic_ids:
        return []
    return list(
        PracticeExample.objects.published()
        .exclude(pk=example.pk)
        .filter(topics__in=topic_ids)
        .annotate(shared=Count("topics"))
        .select_related("organisation__region")
        .order_by("-shared", "-published_at")[:limit]
    )


def _detail_context(request: HttpRequest, example: PracticeExample, **extra) -> dict:
    user = request.user
    can_moderate = permissions.can_moderate(user, example)
    is_submitter = permissions.is_submitter(user, example)
    pending_revision = (
        example.revisions.filter(status=RevisionStatus.PENDING).first()
        if can_moderate or is_submitter
        else None
    )
    return {
        "example": example,
        "topics": example.topics.select_related("parent").order_by("name"),
        "attachments": example.attachments.all(),
        "can_moderate": can_moderate,
        "can_edit": permissions.can_edit(user, example),
        "can_submit": permissions.can_submit(user, example),
        "is_submitter": is_submitter,
        "actions": _moderator_actions(example) if can_moderate else [],
        "history": example.events.select_related("actor")
        if permissions.can_see_history(user, example) or is_submitter
        else None,
        "pending_revision": pending_revision,
        "missing": services.missing_for_review(example)
        if permissions.can_submit(user, example)
        else {},
        "can_contact_lead": permissions.can_contact_lead(user, example) and not is_submitter,
        "contact_form": extra.pop("contact_form", None) or ContactLeadForm(),
        "moderation_form": extra.pop("moderation_form", None) or ModerationForm(),
        "latest_comment": latest_moderator_comment(example)
        if is_submitter and example.status in {Status.CHANGES_REQUESTED, Status.REJECTED}
        else None,
        "related": _related_examples(example) if example.is_published else [],
        "review_due": (can_moderate or is_submitter)
        and example.is_published
        and example.review_date is not None
        and example.review_date <= timezone.localdate(),
        "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        **extra,
    }


def _moderator_actions(example: PracticeExample) -> list[tuple[str, services.Action]]:
    return [
        (name, action)
        for name, action in services.ACTIONS.items()
        if action.by_moderator
        and example.can_move_to(action.to_status)
        and not (name == "restore" and example.status != Status.ARCHIVED)
        and not (name == "publish" and example.status == Status.ARCHIVED)
    ]


@require_safe
def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    example = _get_example_for_user(request, pk)
    return render(request, "practice_db/example_detail.html", _detail_context(request, example))


@require_POST
def act_on_example(request: HttpRequest, pk: int) -> HttpResponse:
    example = _get_example_for_user(request, pk)
    action = request.POST.get("action", "")
    try:
        services.transition_example(
            actor=request.user,
            example_id=example.pk,
            action=action,
            comment=request.POST.get("comment", ""),
        )
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.TransitionError as error:
        if action in services.ACTIONS and services.ACTIONS[action].comment_required:
            # The comment was missing: show the rule beside the box, in the form.
            form = ModerationForm(request.POST)
            form.is_valid()
            form.add_error("comment", str(error).rstrip("."))
            context = _detail_context(request, example, moderation_form=form)
            return render(request, "practice_db/example_detail.html", context, status=400)
        messages.error(request, str(error))
        return redirect(example)
    messages.success(request, f"{services.ACTIONS[action].label}: “{example.title}”.")
    return redirect(example)


@require_POST
def take_example(request: HttpRequest, pk: int) -> HttpResponse:
    example = _get_example_for_user(request, pk)
    try:
        services.assign_example(actor=request.user, example_id=example.pk)
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(example)
    messages.success(request, f"You have taken “{example.title}”.")
    back = request.POST.get("next", "")
    if back.startswith(reverse("practice_db:queue")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)  # the queue, with the tab and filters in use
    return redirect(example)


@require_safe
def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("example"), pk=pk)
    if attachment.example is None:
        raise Http404("No such attachment.")
    _get_example_for_user(request, attachment.example_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Writing an example ---------------------------------------------------------

# The buttons of the example form: what each asks for.
SAVE_DRAFT, SUBMIT, SAVE = "draft", "submit", "save"


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


@require_http_methods(["GET", "POST"])
def example_edit(request: HttpRequest, pk: int) -> HttpResponse:
    example = _get_example_for_user(request, pk)
    if not permissions.can_edit(request.user, example):
        raise PermissionDenied("You cannot edit this example now.")
    if request.method == "POST":
        return _save_from_form(request, example=example)
    initial = {}
    revision = example.revisions.filter(status=RevisionStatus.PENDING, author=request.user).first()
    if revision:
        # Carry on from the changes already waiting, not from the live text.
        initial = revision_initial(revision)
    form = PracticeExampleForm(instance=example, initial=initial, user=request.user)
    return _render_form(request, form, example=example, revision=revision)


def revision_initial(revision: Revision) -> dict:
    content = dict(revision.content)
    attachment_ids = content.pop(services.REVISION_ATTACHMENTS_KEY, None)
    initial = {field.removesuffix("_id"): value for field, value in content.items()}
    initial["topics"] = revision.topic_ids
    if attachment_ids is not None:
        initial["keep"] = attachment_ids
    return initial


def latest_moderator_comment(example: PracticeExample) -> ModerationEvent | None:
    return (
        example.events.exclude(comment="")
        .exclude(actor_id=example.submitter_id)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


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
    staged, upload_errors = services.stage_uploads(
        actor=user, uploads=request.FILES.getlist("documents")
    )
    for attachment in staged:
        data.appendlist("keep", str(attachment.pk))
    form_kwargs = {
        "instance": example,
        "intent": PracticeExampleForm.SUBMIT if strict else PracticeExampleForm.SAVE_DRAFT,
        "upload_errors": upload_errors,
        "staged_ids": [int(value) for value in data.getlist("keep") if value.isdigit()],
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
    except services.StaleVersionError as error:
        # Keep everything typed; base the next save on the version now stored.
        example.refresh_from_db()
        data["version"] = str(example.version)
        form = PracticeExampleForm(data, **form_kwargs)
        form.is_valid()
        form.add_error(None, str(error))
        return _render_form(request, form, example=example, status=409)
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from error

    if revision:
        messages.success(
            request,
            "Your changes have been sent to a moderator. The published text stays as it is "
            "until they approve them.",
        )
    elif button == SUBMIT and permissions.can_submit(user, saved):
        try:
            services.transition_example(actor=user, example_id=saved.pk, action="submit")
        except services.PracticeError as error:
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


# What the submitter is asked to do next, by status.
NEXT_STEPS = {
    Status.DRAFT: "Finish it and submit it for review.",
    Status.SUBMITTED: "Nothing: a moderator of your region will review it.",
    Status.CHANGES_REQUESTED: "Make the changes the moderator asked for, then submit it again.",
    Status.PUBLISHED: "Nothing. Keep it up to date: propose changes when the service changes.",
    Status.REJECTED: "Read the moderator's reason. You can start a new example.",
    Status.ARCHIVED: "Nothing: it is no longer shown to staff.",
}


def _next_step(example: PracticeExample) -> str:
    if example.has_pending_revision:
        return "Nothing: a moderator is looking at the changes you proposed."
    if example.status == Status.PUBLISHED and example.latest_decision == "Changes not approved":
        return "Read why your changes were not approved. You can propose changes again."
    return NEXT_STEPS[example.status]


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
            latest_decision=Subquery(latest_comment.values("action")[:1]),
            has_pending_revision=Exists(
                Revision.objects.filter(example=OuterRef("pk"), status=RevisionStatus.PENDING)
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    for example in page:
        example.next_step = _next_step(example)
    return render(
        request,
        "practice_db/my_examples.html",
        {
            "page": page,
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )


# Revisions of published examples ---------------------------------------------


@require_http_methods(["GET", "POST"])
def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The pending changes beside the published text; a moderator decides here."""
    example = _get_example_for_user(request, pk)
    user = request.user
    can_moderate = permissions.can_moderate(user, example)
    if not (can_moderate or permissions.is_submitter(user, example)):
        raise Http404("No such revision.")
    revision = get_object_or_404(
        example.revisions.select_related("author"), status=RevisionStatus.PENDING
    )
    form = RevisionDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_moderate:
            raise PermissionDenied("Only a moderator of the region decides on changes.")
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.decide_revision(
                    actor=user,
                    revision_id=revision.pk,
                    approve=approve,
                    comment=form.cleaned_data["comment"],
                )
            except services.TransitionError as error:
                form.add_error("comment" if "reason" in str(error) else None, str(error))
            else:
                messages.success(
                    request,
                    "The changes are approved and published."
                    if approve
                    else "The changes are not approved. The submitter has been told why.",
                )
                return redirect(example)
        status = 400
    return render(
        request,
        "practice_db/revision_detail.html",
        {
            "example": example,
            "revision": revision,
            "changes": revision_changes(example, revision),
            "form": form,
            "can_moderate": can_moderate,
            "breadcrumbs": breadcrumbs(
                ("Practice database", reverse("practice_db:browse")),
                (example.title, example.get_absolute_url()),
            ),
        },
        status=status,
    )


def revision_changes(example: PracticeExample, revision: Revision) -> list[dict[str, str]]:
    """Each thing the revision changes: its label, the published and the proposed value."""
    content = dict(revision.content)
    proposed_attachments = content.pop(services.REVISION_ATTACHMENTS_KEY, None)
    changes = []
    # In the form's order (the stored JSON keeps its keys in its own order).
    for attname in [name for name in services.CONTENT_FIELDS if name in content]:
        field = PracticeExample._meta.get_field(attname.removesuffix("_id"))
        published, proposed = getattr(example, attname), field.to_python(content[attname])
        if isinstance(published, str) and isinstance(proposed, str):
            # Text typed in a browser comes with \r\n; it is the same text.
            published, proposed = published.replace("\r\n", "\n"), proposed.replace("\r\n", "\n")
        if published != proposed:
            changes.append(
                {
                    "label": capfirst(field.verbose_name),
                    "published": _shown(field, published),
                    "proposed": _shown(field, proposed),
                }
            )
    topics = {topic.pk: topic.name for topic in Topic.objects.all()}
    published_topic_ids = {topic.pk for topic in example.topics.all()}
    if published_topic_ids != set(revision.topic_ids):
        changes.append(
            {
                "label": "Topics",
                "published": ", ".join(sorted(topics[pk] for pk in published_topic_ids)),
                "proposed": ", ".join(sorted(topics.get(pk, "") for pk in revision.topic_ids)),
            }
        )
    if proposed_attachments is not None:
        attached = {a.pk: a.original_name for a in example.attachments.all()}
        if set(attached) != set(proposed_attachments):
            names = dict(
                Attachment.objects.filter(pk__in=proposed_attachments).values_list(
                    "pk", "original_name"
                )
            )
            changes.append(
                {
                    "label": "Documents",
                    "published": ", ".join(sorted(attached.values())),
                    "proposed": ", ".join(sorted(names.values())),
                }
            )
    return changes


def _shown(field, value) -> str:
    """A field's value as a reader sees it."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or "")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


# Contacting an example's lead --------------------------------------------------


@require_POST
def contact_lead(request: HttpRequest, pk: int) -> HttpResponse:
    example = _get_example_for_user(request, pk)
    if not permissions.can_contact_lead(request.user, example):
        raise PermissionDenied("The lead of this example cannot be contacted through the portal.")
    form = ContactLeadForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.contact_lead(
                sender=request.user, example=example, message=form.cleaned_data["message"]
            )
        except services.RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        else:
            messages.success(
                request,
                f"Your message has been sent to {example.lead_name or 'the lead'}. "
                "They will reply to your email address.",
            )
            return redirect(example)
    context = _detail_context(request, example, contact_form=form)
    return render(request, "practice_db/example_detail.html", context, status=status)
