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
    return {
        "forum reviews": len(reviews),
        "evaluations": len(evaluations),
        **_research_and_spread(examples, national),
    }


PROGRAMMES = (
    (
        "Service Delivery and Organisation Programme",
        "service-delivery-and-organisation",
        "Research on how health services are organised and delivered, and how to improve them.",
    ),
    (
        "Human Resources R&D programme",
        "human-resources-rd",
        "Research on the NHS workforce: recruiting, keeping and developing staff.",
    ),
)
PROJECTS = (
    ("Continuity of care: what it means to patients and how to keep it", "completed"),
    ("Organising emergency care: admissions across a whole system", "under_way"),
    ("Waiting lists: booking systems compared", "completed"),
    ("Keeping nurses: flexible working and retention", "under_way"),
    ("Skill mix in primary care teams", "planned"),
    ("Managing change in NHS trusts", "under_way"),
)


def _research_and_spread(examples: list[PracticeExample], national: User) -> dict[str, int]:
    from directory.models import Organisation
    from practice_db.models import Adoption, ResearchProgramme, ResearchProject

    programmes = [
        ResearchProgramme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for name, slug, description in PROGRAMMES
    ]
    projects = 0
    for index, (title, status) in enumerate(PROJECTS):
        project, created = ResearchProject.objects.get_or_create(
            title=title,
            defaults={
                "programme": programmes[index % 2],
                "team": "A university health services research unit",
                "status": status,
                "summary": f"{title}: a study across several NHS regions, reporting what "
                "works and what it costs.",
            },
        )
        if created:
            projects += 1
            example = examples[index % len(examples)]
            project.examples.add(example)
            project.topics.add(*example.topics.all()[:1])
    adoptions = []
    organisations = list(Organisation.objects.order_by("pk")[:40])
    for index, example in enumerate(examples[:10]):
        for step in range(1 + index % 3):
            organisation = organisations[(index * 7 + step * 5) % len(organisations)]
            if organisation.pk == example.organisation_id:
                continue
            adoptions.append(
                Adoption(
                    example=example,
                    reported_by=national,
                    organisation=organisation,
                    tried_from=(timezone.now() - timedelta(days=40 * (step + 1)))
                    .date()
                    .replace(day=1),
                    what_changed="We set up the same service, adapted to a smaller population.",
                    how_it_went="Waits fell within three months; staff want to keep it.",
                )
            )
    Adoption.objects.bulk_create(adoptions)
    return {"research projects": projects, "adoptions": len(adoptions)}
