"""Reading and moderating practice examples."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts import permissions as roles
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.models import Attachment, PracticeExample, RevisionStatus, Status
from practice_db.moderation import overdue_cutoff


def _get_example_for_user(request: HttpRequest, pk: int) -> PracticeExample:
    """The example, if this user may see it; a 404 otherwise, never a leak."""
    example = get_object_or_404(
        PracticeExample.objects.select_related("organisation__region", "submitter"), pk=pk
    )
    if not permissions.can_view(request.user, example):
        raise Http404("No such example.")
    return example


@require_safe
def example_detail(request: HttpRequest, pk: int) -> HttpResponse:
    example = _get_example_for_user(request, pk)
    user = request.user
    can_moderate = permissions.can_moderate(user, example)
    context = {
        "example": example,
        "topics": example.topics.select_related("parent").order_by("name"),
        "attachments": example.attachments.all(),
        "can_moderate": can_moderate,
        "can_submit": permissions.can_submit(user, example),
        "is_submitter": permissions.is_submitter(user, example),
        "actions": [
            (name, action)
            for name, action in services.ACTIONS.items()
            if action.by_moderator
            and example.can_move_to(action.to_status)
            and not (name == "restore" and example.status != Status.ARCHIVED)
            and not (name == "publish" and example.status == Status.ARCHIVED)
        ]
        if can_moderate
        else [],
        "history": example.events.select_related("actor")
        if permissions.can_see_history(user, example) or permissions.is_submitter(user, example)
        else None,
        "pending_revision": example.revisions.filter(status=RevisionStatus.PENDING).first(),
        "missing": services.missing_for_review(example)
        if permissions.can_submit(user, example)
        else {},
        "breadcrumbs": breadcrumbs(),
    }
    return render(request, "practice_db/example_detail.html", context)


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
    messages.success(request, "You have taken this example.")
    if request.POST.get("next") == "queue":
        return redirect("practice_db:queue")
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


def queue_tabs() -> dict[str, tuple[str, Q]]:
    """The queue's tabs: name -> (label, condition). Overdue depends on today."""
    return {
        "pending": ("Waiting for review", Q(status=Status.SUBMITTED)),
        "changes": ("Changes requested", Q(status=Status.CHANGES_REQUESTED)),
        "overdue": (
            "Overdue",
            Q(status=Status.SUBMITTED, submitted_at__date__lte=overdue_cutoff()),
        ),
        "published": ("Published", Q(status=Status.PUBLISHED)),
        "rejected": ("Rejected", Q(status=Status.REJECTED)),
    }


@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    """A moderator's queue for their region(s), oldest first."""
    if not roles.is_moderator(request.user):
        raise PermissionDenied("The moderation queue is for moderators.")
    tabs = queue_tabs()
    current = request.GET.get("tab", "pending")
    if current not in tabs:
        current = "pending"
    examples = PracticeExample.objects.moderated_by(request.user)
    counts = examples.aggregate(
        **{name: Count("pk", filter=condition) for name, (_, condition) in tabs.items()}
    )
    rows = (
        examples.filter(tabs[current][1])
        .select_related("organisation__region", "submitter", "assigned_to")
        .order_by("submitted_at", "pk")[:200]
    )
    return render(
        request,
        "practice_db/queue.html",
        {
            "tabs": [(name, label, counts[name]) for name, (label, _) in tabs.items()],
            "current": current,
            "examples": rows,
            "breadcrumbs": breadcrumbs(),
        },
    )
