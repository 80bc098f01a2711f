"""The NHS Management Forum: reviews of promising examples, evaluations and
their results, and the people following examples and topics who hear of them.

Each write is one transaction that locks the example, writes its history row
and queues the followers' emails (each follower once per review or result,
whichever of the example and its topics they follow).
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory.models import Topic
from learning_network import unsubscribe
from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed
from practice_db import permissions
from practice_db.models import (
    Evaluation,
    EventKind,
    EvidenceRating,
    Follow,
    ForumReview,
    ModerationEvent,
    PracticeExample,
    Verdict,
)
from practice_db.published import forget_published_counts
from practice_db.uploads import check_attachment

UNSUBSCRIBE_KIND = "practice_db.follow"


def _locked_example(example_id: int) -> PracticeExample:
    example = (
        PracticeExample.objects.select_for_update(of=("self",))
        .select_related("organisation__region")
        .filter(pk=example_id)
        .first()
    )
    if example is None:
        raise Invalid("That example no longer exists.")
    return example


def _history(example: PracticeExample, actor: User, kind: EventKind, comment: str = "") -> None:
    ModerationEvent.objects.create(
        example=example,
        actor=actor,
        from_status=example.status,
        to_status=example.status,
        kind=kind,
        comment=comment,
    )


def _require_forum(actor: User, example: PracticeExample) -> None:
    if not permissions.can_act_for_forum(actor, example):
        raise NotAllowed(
            "Only national moderators act for the Management Forum, and only on published examples."
        )


@transaction.atomic
def review_example(
    *, actor: User, example_id: int, verdict: str, reasons: str, evaluation_recommended: bool
) -> ForumReview:
    """Record and publish the Forum's review of a published example."""
    example = _locked_example(example_id)
    _require_forum(actor, example)
    if verdict not in Verdict.values:
        raise Invalid("Choose the Forum's verdict.", field="verdict")
    reasons = reasons.strip()
    if not reasons:
        raise Invalid("Give the Forum's reasons.", field="reasons")
    review = ForumReview.objects.create(
        example=example,
        reviewer=actor,
        verdict=verdict,
        reasons=reasons,
        evaluation_recommended=evaluation_recommended,
    )
    _history(example, actor, EventKind.FORUM_REVIEWED, review.get_verdict_display())
    forget_published_counts()  # the example's page keeps its Forum panel until then
    _tell_followers(
        example,
        about=f"forum_review:{review.pk}",
        template="practice_db/email/forum_review",
        context={"review": review},
    )
    return review


@transaction.atomic
def commission_evaluation(
    *, actor: User, example_id: int, evaluator: str, expected_on: date
) -> Evaluation:
    example = _locked_example(example_id)
    _require_forum(actor, example)
    evaluator = evaluator.strip()
    if not evaluator:
        raise Invalid("Say who will evaluate it.", field="evaluator")
    if expected_on <= timezone.localdate():
        raise Invalid("The date the result is expected must be in the future.", field="expected_on")
    evaluation = Evaluation.objects.create(
        example=example, evaluator=evaluator, expected_on=expected_on, commissioned_by=actor
    )
    _history(example, actor, EventKind.EVALUATION_COMMISSIONED, f"Evaluated by {evaluator}")
    forget_published_counts()  # the example's page keeps its Forum panel until then
    return evaluation


@transaction.atomic
def publish_result(
    *,
    actor: User,
    evaluation_id: int,
    summary: str,
    findings: str,
    strength: str,
    report: UploadedFile | None = None,
) -> Evaluation:
    """Publish what an evaluation found; its followers are told. The example's
    own strength of evidence changes only when a moderator accepts it."""
    example_id = (
        Evaluation.objects.filter(pk=evaluation_id).values_list("example_id", flat=True).first()
    )
    if example_id is None:
        raise Invalid("That evaluation no longer exists.")
    example = _locked_example(example_id)
    _require_forum(actor, example)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation_id)
    if evaluation.has_result:
        raise Conflict("This evaluation's result is already published.")
    summary, findings = summary.strip(), findings.strip()
    if not summary:
        raise Invalid("Summarise the result.", field="summary")
    if strength not in EvidenceRating.values:
        raise Invalid("Choose the strength of the evidence it found.", field="strength")
    if report is not None:
        checked = check_attachment(report)  # Raises ValidationError, shown on the form.
        evaluation.report_content_type = checked.content_type
        evaluation.report_name = report.name[:200]
        evaluation.report.save(report.name, report, save=False)
    evaluation.summary = summary
    evaluation.findings = findings
    evaluation.strength = strength
    evaluation.result_published_at = timezone.now()
    evaluation.result_published_by = actor
    evaluation.save()
    _history(example, actor, EventKind.EVALUATION_REPORTED, summary[:500])
    forget_published_counts()  # the example's page keeps its Forum panel until then
    _tell_followers(
        example,
        about=f"evaluation_result:{evaluation.pk}",
        template="practice_db/email/evaluation_result",
        context={"evaluation": evaluation},
    )
    return evaluation


@transaction.atomic
def accept_rating(*, actor: User, evaluation_id: int) -> PracticeExample:
    """The example's strength of evidence becomes the evaluation's, recorded in its history."""
    example_id = (
        Evaluation.objects.filter(pk=evaluation_id).values_list("example_id", flat=True).first()
    )
    if example_id is None:
        raise Invalid("That evaluation no longer exists.")
    example = _locked_example(example_id)
    if not permissions.can_accept_rating(actor, example):
        raise NotAllowed("Only a moderator of this example's region can change its evidence.")
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation_id)
    if not evaluation.has_result:
        raise Conflict("This evaluation has no published result yet.")
    if evaluation.rating_accepted_at is not None:
        raise Conflict("This evaluation's strength of evidence was accepted already.")
    before = example.get_evidence_rating_display() or "not rated"
    example.evidence_rating = evaluation.strength
    example.save(update_fields=["evidence_rating"])
    forget_published_counts()  # the search's evidence facet counts it
    evaluation.rating_accepted_at = timezone.now()
    evaluation.rating_accepted_by = actor
    evaluation.save(update_fields=["rating_accepted_at", "rating_accepted_by"])
    _history(
        example,
        actor,
        EventKind.EVIDENCE_RATING_CHANGED,
        f"From {before} to {evaluation.get_strength_display()}, after the evaluation by "
        f"{evaluation.evaluator}.",
    )
    return example


# -- following -------------------------------------------------------------------


def follow(
    *, user: User, example: PracticeExample | None = None, topic: Topic | None = None
) -> Follow:
    """Follow a published example, or a topic; following twice changes nothing."""
    if (example is None) == (topic is None):
        raise ValueError("Follow an example or a topic.")
    if example is not None and not permissions.can_view(user, example):
        raise NotAllowed("You cannot follow that example.")
    try:
        with transaction.atomic():
            found, _ = Follow.objects.get_or_create(user=user, example=example, topic=topic)
    except IntegrityError:  # Two clicks at once: the other one made it.
        found = Follow.objects.get(user=user, example=example, topic=topic)
    return found


def unfollow(
    *, user: User, example: PracticeExample | None = None, topic: Topic | None = None
) -> None:
    Follow.objects.filter(user=user, example=example, topic=topic).delete()


def followers(example: PracticeExample) -> list[User]:
    """Everyone following the example or any of its topics (or their parents), once each."""
    topic_ids = list(example.topics.values_list("pk", flat=True))
    parent_ids = list(
        Topic.objects.filter(pk__in=topic_ids, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    return list(
        User.objects.filter(is_active=True)
        .filter(
            pk__in=Follow.objects.filter(example=example)
            .values("user_id")
            .union(Follow.objects.filter(topic_id__in=topic_ids + parent_ids).values("user_id"))
        )
        .order_by("pk")
    )


def _tell_followers(example: PracticeExample, *, about: str, template: str, context: dict) -> int:
    sent = 0
    for person in followers(example):
        sent += send_once(
            key=("practice_db.follow", f"user:{person.pk}", about),
            to=person.email,
            template=template,
            context={
                "person": person,
                "example": example,
                "link": absolute_url(reverse("practice_db:example", args=[example.pk])),
                "following_link": absolute_url(reverse("practice_db:following")),
                **context,
            },
            unsubscribe=unsubscribe.link(UNSUBSCRIBE_KIND, user=person.pk),
        )
    return sent
