"""The Management Forum's pages: reviews, evaluations and their results, and following."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from directory.models import Topic
from learning_network.errors import DomainError, NotAllowed, add_to_form
from learning_network.views import breadcrumbs
from practice_db import forum, permissions
from practice_db.forum_forms import CommissionForm, ResultForm, ReviewForm
from practice_db.models import Evaluation, Follow, PracticeExample
from practice_db.uploads import limit_uploads
from practice_db.views.examples import get_example_for_user


def _example_trail(example: PracticeExample) -> list[dict[str, str]]:
    return breadcrumbs(
        ("Practice database", reverse("practice_db:browse")),
        (example.title, example.get_absolute_url()),
    )


def _forum_example(request: HttpRequest, pk: int) -> PracticeExample:
    example = get_example_for_user(request, pk)
    if not permissions.can_act_for_forum(request.user, example):
        raise NotAllowed(
            "Only national moderators act for the Management Forum, and only on published examples."
        )
    return example


def _form_page(request, template: str, form, *, example, **extra) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "example": example, "breadcrumbs": _example_trail(example), **extra},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    example = _forum_example(request, pk)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            forum.review_example(actor=request.user, example_id=example.pk, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The Forum's review is published; followers are emailed.")
            return redirect(example)
    return _form_page(request, "practice_db/forum_review_form.html", form, example=example)


@require_http_methods(["GET", "HEAD", "POST"])
def evaluation_commission(request: HttpRequest, pk: int) -> HttpResponse:
    example = _forum_example(request, pk)
    form = CommissionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = forum.commission_evaluation(
                actor=request.user, example_id=example.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The evaluation is recorded as commissioned.")
            return redirect(evaluation)
    return _form_page(request, "practice_db/forum_commission_form.html", form, example=example)


def _visible_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.filter(permissions.evaluation_visible_q(request.user)).select_related(
            "example__organisation__region", "commissioned_by"
        ),
        pk=pk,
    )


@require_safe
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _visible_evaluation(request, pk)
    example = evaluation.example
    return render(
        request,
        "practice_db/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "example": example,
            "can_act_for_forum": permissions.can_act_for_forum(request.user, example),
            "can_accept_rating": permissions.can_accept_rating(request.user, example),
            "breadcrumbs": _example_trail(example),
        },
    )


@limit_uploads
@require_http_methods(["GET", "HEAD", "POST"])
def evaluation_result(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _visible_evaluation(request, pk)
    example = _forum_example(request, evaluation.example_id)
    if evaluation.has_result:
        messages.info(request, "This evaluation's result is already published.")
        return redirect(evaluation)
    form = ResultForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST":
        handler = getattr(request, "document_upload", None)
        valid = form.is_valid()
        for refusal in getattr(handler, "refusals", []):
            form.add_error("report", refusal)
        if valid and not form.errors:
            try:
                forum.publish_result(
                    actor=request.user, evaluation_id=evaluation.pk, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("report", error)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "The result is published; followers are emailed.")
                return redirect(evaluation)
    return _form_page(
        request,
        "practice_db/forum_result_form.html",
        form,
        example=example,
        evaluation=evaluation,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def evaluation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then make the evaluation's strength of evidence the example's own."""
    evaluation = _visible_evaluation(request, pk)
    example = evaluation.example
    if not permissions.can_accept_rating(request.user, example):
        raise NotAllowed("Only a moderator of this example's region can change its evidence.")
    if request.method == "POST":
        forum.accept_rating(actor=request.user, evaluation_id=evaluation.pk)
        messages.success(
            request,
            f"The example's strength of evidence is now {evaluation.get_strength_display()}.",
        )
        return redirect(example)
    return render(
        request,
        "practice_db/evaluation_accept.html",
        {"evaluation": evaluation, "example": example, "breadcrumbs": _example_trail(example)},
    )


@require_safe
def evaluation_report(request: HttpRequest, pk: int) -> FileResponse:
    evaluation = _visible_evaluation(request, pk)
    if not evaluation.report:
        raise Http404("This evaluation has no report.")
    response = FileResponse(
        evaluation.report.open("rb"),
        as_attachment=True,
        filename=evaluation.report_download_name(),
        content_type=evaluation.report_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def follow_example(request: HttpRequest, pk: int) -> HttpResponse:
    example = get_example_for_user(request, pk)
    if request.POST.get("follow") == "no":
        forum.unfollow(user=request.user, example=example)
        messages.success(request, "You no longer follow this example.")
    else:
        forum.follow(user=request.user, example=example)
        messages.success(
            request,
            "You follow this example. We will email you when the Management Forum reviews it "
            "or publishes an evaluation of it.",
        )
    return redirect(example)


@require_POST
def follow_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    if request.POST.get("follow") == "no":
        forum.unfollow(user=request.user, topic=topic)
        messages.success(request, f"You no longer follow {topic.name}.")
    else:
        forum.follow(user=request.user, topic=topic)
        messages.success(
            request,
            f"You follow {topic.name}. We will email you when the Management Forum reviews, or "
            "publishes an evaluation of, an example on it.",
        )
    return redirect("practice_db:topic", slug=topic.slug)


@require_safe
def following(request: HttpRequest) -> HttpResponse:
    """You follow: the examples and topics, with the Forum's latest on each example."""
    follows = Follow.objects.filter(user=request.user).select_related(
        "example__organisation", "topic__parent"
    )
    examples = [f.example for f in follows if f.example_id and f.example.is_published]
    topics = [f.topic for f in follows if f.topic_id]
    return render(
        request,
        "practice_db/following.html",
        {
            "examples": examples,
            "topics": topics,
            "breadcrumbs": breadcrumbs(("Practice database", reverse("practice_db:browse"))),
        },
    )
