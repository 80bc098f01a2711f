"""Changes proposed to a published example: compared, then approved or declined."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from learning_network.errors import Conflict, Invalid, NotAllowed, add_to_form
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.forms import RevisionDecisionForm
from practice_db.models import PracticeExample, Revision, RevisionStatus
from practice_db.revisions import revision_changes
from practice_db.views.examples import get_example_for_user


def _pending_revision(example: PracticeExample, *, deciding: bool) -> Revision:
    """The changes waiting on this example. None waiting is a 404 to someone
    reading, and a 409 to someone deciding (another moderator got there first)."""
    revision = (
        example.revisions.select_related("author").filter(status=RevisionStatus.PENDING).first()
    )
    if revision is None:
        if deciding:
            raise Conflict(
                "These changes have been decided already, or withdrawn. "
                "The example's page shows where it stands."
            )
        raise Http404("No such revision.")
    return revision


def _decision_form(example: PracticeExample, revision: Revision, **initial) -> RevisionDecisionForm:
    """A fresh decision form carrying the revision and version on the page."""
    return RevisionDecisionForm(
        initial={"revision": revision.pk, "version": example.version, **initial}
    )


@require_http_methods(["GET", "POST"])
def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The pending changes beside the published text; a moderator decides here.

    The form posts the revision and the example's version the moderator read;
    when the submitter has replaced the changes meanwhile, the decision is
    refused and the page shows the new changes to decide on.
    """
    example = get_example_for_user(request, pk)
    user = request.user
    can_moderate = permissions.can_moderate(user, example)
    if not (can_moderate or permissions.is_submitter(user, example)):
        raise Http404("No such revision.")
    revision = _pending_revision(example, deciding=request.method == "POST")
    form = _decision_form(example, revision)
    status, conflict = 200, ""
    if request.method == "POST":
        if not can_moderate:
            raise NotAllowed("Only a moderator of the region decides on changes.")
        form = RevisionDecisionForm(request.POST)
        status = 400
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                if form.cleaned_data["revision"] != revision.pk:
                    raise Conflict(services.REPLACED_WHILE_READING)
                services.decide_revision(
                    actor=user,
                    revision_id=revision.pk,
                    approve=approve,
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                )
            except Conflict as error:
                # Show what is waiting now, with the comment typed kept.
                example = get_example_for_user(request, pk)
                revision = _pending_revision(example, deciding=True)
                form = _decision_form(example, revision, comment=form.cleaned_data["comment"])
                status, conflict = error.status_code, error.message
            except Invalid as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request,
                    "The changes are approved and published."
                    if approve
                    else "The changes are not approved. The submitter has been told why.",
                )
                return redirect(example)
    move = services.region_move(example, revision.content.get("organisation_id"))
    return render(
        request,
        "practice_db/revision_detail.html",
        {
            "example": example,
            "revision": revision,
            "changes": revision_changes(example, revision),
            "move": move,
            "may_approve_move": move is None or permissions.can_moderate_at(user, example, move),
            "proposed_documents": revision.proposed_attachments.all(),
            "form": form,
            "conflict": conflict,
            "can_moderate": can_moderate,
            "breadcrumbs": breadcrumbs(
                ("Practice database", reverse("practice_db:browse")),
                (example.title, example.get_absolute_url()),
            ),
        },
        status=status,
    )
