"""Changes proposed to a published example: compared, then approved or declined."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from learning_network.errors import Invalid, NotAllowed, add_to_form
from learning_network.views import breadcrumbs
from practice_db import permissions, services
from practice_db.forms import RevisionDecisionForm
from practice_db.models import RevisionStatus
from practice_db.revisions import revision_changes
from practice_db.views.examples import get_example_for_user


@require_http_methods(["GET", "POST"])
def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The pending changes beside the published text; a moderator decides here."""
    example = get_example_for_user(request, pk)
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
            raise NotAllowed("Only a moderator of the region decides on changes.")
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.decide_revision(
                    actor=user,
                    revision_id=revision.pk,
                    approve=approve,
                    comment=form.cleaned_data["comment"],
                )
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
