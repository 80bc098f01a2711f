"""Demo data for the Management Forum: reviews, evaluations in each state, follows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from practice_db.models import (
    Evaluation,
    EventKind,
    Follow,
    ForumReview,
    ModerationEvent,
    PracticeExample,
    Status,
    Verdict,
)

NATIONAL_MODERATOR = "national.moderator@demo.nhs.uk"
EVALUATORS = (
    "Service Delivery and Organisation Programme",
    "Human Resources R&D programme",
    "University of Leeds, Nuffield Institute for Health",
    "King's Fund evaluation team",
)
REASONS = {
    Verdict.PROMISING: "A simple change that other trusts could copy, with audit results "
    "that are clear about what improved and by how much.",
    Verdict.RESERVATIONS: "The results look good, but they come from one site over a short "
    "time; the Forum would like to see them hold for a year before others copy it.",
    Verdict.NOT_YET: "Too early to judge: the work is still being set up and there is no "
    "measure of the effect on patients yet.",
}


def load(staff_email: str) -> dict[str, int]:
    """Create the Forum's demo records once; a second run creates nothing."""
    examples = list(
        PracticeExample.objects.filter(
            status=Status.PUBLISHED, submitter__email__endswith="@demo.nhs.uk"
        ).order_by("pk")[:16]
    )
    national = User.objects.filter(email=NATIONAL_MODERATOR).first()
    if (
        national is None
        or not examples
        or ForumReview.objects.filter(example__in=examples).exists()
    ):
        return {"forum reviews": 0, "evaluations": 0}
    now = timezone.now()
    verdicts = list(Verdict)
    reviews, evaluations, events = [], [], []
    for index, example in enumerate(examples[:12]):
        verdict = verdicts[index % len(verdicts)]
        when = now - timedelta(days=60 - index * 3)
        reviews.append(
            ForumReview(
                example=example,
                reviewer=national,
                verdict=verdict,
                reasons=REASONS[verdict],
                evaluation_recommended=verdict != Verdict.NOT_YET,
                published_at=when,
            )
        )
        events.append((example, when, EventKind.FORUM_REVIEWED, verdict.label))
    for index, example in enumerate(examples[:8]):
        commissioned = now - timedelta(days=50 - index * 2)
        evaluation = Evaluation(
            example=example,
            evaluator=EVALUATORS[index % len(EVALUATORS)],
            expected_on=(now + timedelta(days=90 + 30 * index)).date(),
            commissioned_by=national,
            commissioned_at=commissioned,
        )
        events.append((example, commissioned, EventKind.EVALUATION_COMMISSIONED, ""))
        if index % 2 == 0:  # Half have their result; half of those are accepted.
            evaluation.summary = (
                "Emergency admissions fell by a fifth in the year after the change, against "
                "no change in two neighbouring areas."
            )
            evaluation.findings = "A controlled before-and-after study across three sites."
            evaluation.strength = "strong" if index % 4 == 0 else "moderate"
            evaluation.result_published_at = commissioned + timedelta(days=20)
            evaluation.result_published_by = national
            events.append(
                (example, evaluation.result_published_at, EventKind.EVALUATION_REPORTED, "")
            )
        evaluations.append(evaluation)
    ForumReview.objects.bulk_create(reviews)
    Evaluation.objects.bulk_create(evaluations)
    ModerationEvent.objects.bulk_create(
        ModerationEvent(
            example=example,
            actor=national,
            from_status=Status.PUBLISHED,
            to_status=Status.PUBLISHED,
            kind=kind,
            comment=comment,
            created_at=when,
        )
        for example, when, kind, comment in events
    )
    staff = User.objects.filter(email=staff_email).first()
    if staff is not None:
        Follow.objects.get_or_create(user=staff, example=examples[0])
        topic = examples[1].topics.first()
        if topic is not None:
            Follow.objects.get_or_create(user=staff, topic=topic)
    return {"forum reviews": len(reviews), "evaluations": len(evaluations)}
