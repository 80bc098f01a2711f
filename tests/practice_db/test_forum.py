"""The Management Forum: reviews, evaluations and their results, and followers told once."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from learning_network.errors import Conflict, Invalid, NotAllowed
from practice_db import forum
from practice_db.models import (
    Evaluation,
    EventKind,
    Follow,
    ForumReview,
    ModerationEvent,
    Status,
)
from tests.factories import PracticeExampleFactory, TopicFactory, UserFactory
from tests.helpers import assert_ladder, ladder, run_at_once

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def example(london_trust, staff):
    return PracticeExampleFactory(
        published=True, organisation=london_trust, submitter=staff, title="Falls clinic"
    )


def subjects() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject.removeprefix("[NHS Learning Network] ")) for m in mail.outbox)


def next_year():
    return timezone.localdate().replace(year=timezone.localdate().year + 1)


def commissioned(example, national_moderator) -> Evaluation:
    return forum.commission_evaluation(
        actor=national_moderator,
        example_id=example.pk,
        evaluator="SDO team",
        expected_on=next_year(),
    )


def reported(example, national_moderator, strength="strong") -> Evaluation:
    evaluation = commissioned(example, national_moderator)
    return forum.publish_result(
        actor=national_moderator,
        evaluation_id=evaluation.pk,
        summary="Fewer falls.",
        findings="A 30% fall in falls over a year.",
        strength=strength,
    )


def test_a_review_is_published_recorded_and_sent_to_each_follower_once(
    example, national_moderator, django_capture_on_commit_callbacks
):
    parent = TopicFactory(name="Older people")
    child = TopicFactory(name="Falls", parent=parent)
    example.topics.add(child)
    of_example, of_topic, of_parent, of_both, of_nothing = (UserFactory() for _ in range(5))
    forum.follow(user=of_example, example=example)
    forum.follow(user=of_topic, topic=child)
    forum.follow(user=of_parent, topic=parent)
    forum.follow(user=of_both, example=example)
    forum.follow(user=of_both, topic=child)
    forum.follow(user=of_nothing, topic=TopicFactory())

    with django_capture_on_commit_callbacks(execute=True):
        review = forum.review_example(
            actor=national_moderator,
            example_id=example.pk,
            verdict="promising",
            reasons="Simple to copy.",
            evaluation_recommended=True,
        )

    subject = "The Management Forum reviewed “Falls clinic”"
    assert subjects() == sorted(
        (person.email, subject) for person in (of_example, of_topic, of_parent, of_both)
    )
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    event = ModerationEvent.objects.get(example=example, kind=EventKind.FORUM_REVIEWED)
    assert (event.actor, event.comment) == (national_moderator, "Promising")
    assert review.evaluation_recommended


@pytest.mark.parametrize("persona", ["staff", "moderator_london", "editor"])
def test_only_national_moderators_review_for_the_forum(example, persona, request):
    with pytest.raises(NotAllowed):
        forum.review_example(
            actor=request.getfixturevalue(persona),
            example_id=example.pk,
            verdict="promising",
            reasons="x",
            evaluation_recommended=False,
        )
    assert not ForumReview.objects.exists()


def test_an_example_not_published_cannot_be_reviewed(london_trust, national_moderator):
    waiting = PracticeExampleFactory(submitted=True, organisation=london_trust)
    with pytest.raises(NotAllowed):
        forum.review_example(
            actor=national_moderator,
            example_id=waiting.pk,
            verdict="promising",
            reasons="x",
            evaluation_recommended=False,
        )


@pytest.mark.parametrize(("verdict", "reasons"), [("excellent", "x"), ("promising", "   ")])
def test_a_review_needs_a_verdict_and_reasons(example, national_moderator, verdict, reasons):
    with pytest.raises(Invalid):
        forum.review_example(
            actor=national_moderator,
            example_id=example.pk,
            verdict=verdict,
            reasons=reasons,
            evaluation_recommended=False,
        )


def test_an_evaluation_result_is_sent_once_and_its_rating_changes_the_example_when_accepted(
    example,
    national_moderator,
    moderator_london,
    moderator_trent,
    django_capture_on_commit_callbacks,
):
    follower = UserFactory()
    forum.follow(user=follower, example=example)
    example.evidence_rating = "anecdotal"
    example.save()
    evaluation = commissioned(example, national_moderator)
    with pytest.raises(Conflict, match="no published result"):
        forum.accept_rating(actor=moderator_london, evaluation_id=evaluation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        forum.publish_result(
            actor=national_moderator,
            evaluation_id=evaluation.pk,
            summary="Fewer falls.",
            findings="",
            strength="strong",
            report=SimpleUploadedFile("report.pdf", PDF),
        )
    assert subjects() == [(follower.email, "Evaluation result: “Falls clinic”")]
    example.refresh_from_db()
    assert example.evidence_rating == "anecdotal"  # Not until a moderator accepts it.
    with pytest.raises(Conflict, match="already published"):
        forum.publish_result(
            actor=national_moderator,
            evaluation_id=evaluation.pk,
            summary="Again",
            findings="",
            strength="moderate",
        )
    with pytest.raises(NotAllowed):
        forum.accept_rating(actor=moderator_trent, evaluation_id=evaluation.pk)

    forum.accept_rating(actor=moderator_london, evaluation_id=evaluation.pk)

    example.refresh_from_db()
    assert example.evidence_rating == "strong"
    event = ModerationEvent.objects.get(example=example, kind=EventKind.EVIDENCE_RATING_CHANGED)
    assert event.comment == "From Anecdotal to Strong, after the evaluation by SDO team."
    with pytest.raises(Conflict, match="accepted already"):
        forum.accept_rating(actor=moderator_london, evaluation_id=evaluation.pk)


def test_an_evaluation_expected_in_the_past_is_refused(example, national_moderator):
    with pytest.raises(Invalid) as refused:
        forum.commission_evaluation(
            actor=national_moderator,
            example_id=example.pk,
            evaluator="SDO team",
            expected_on=timezone.localdate(),
        )
    assert refused.value.field == "expected_on"
    assert not Evaluation.objects.exists()


def test_following_twice_is_one_follow_and_unfollowing_stops_the_emails(
    example, staff, national_moderator, django_capture_on_commit_callbacks
):
    forum.follow(user=staff, example=example)
    forum.follow(user=staff, example=example)
    assert Follow.objects.filter(user=staff).count() == 1
    forum.unfollow(user=staff, example=example)
    with django_capture_on_commit_callbacks(execute=True):
        forum.review_example(
            actor=national_moderator,
            example_id=example.pk,
            verdict="not_yet",
            reasons="Too early.",
            evaluation_recommended=False,
        )
    assert mail.outbox == []


def test_nobody_follows_an_example_they_cannot_see(london_trust, moderator_trent):
    draft = PracticeExampleFactory(draft=True, organisation=london_trust)
    with pytest.raises(NotAllowed):
        forum.follow(user=moderator_trent, example=draft)


# -- pages -------------------------------------------------------------------------


def test_who_may_open_each_forum_page(example, client_as, national_moderator):
    forum_only = ladder(403, national_moderator=200)
    assert_ladder(client_as, reverse("practice_db:forum_review", args=[example.pk]), forum_only)
    assert_ladder(
        client_as, reverse("practice_db:evaluation_commission", args=[example.pk]), forum_only
    )
    evaluation = commissioned(example, national_moderator)
    assert_ladder(client_as, reverse("practice_db:evaluation", args=[evaluation.pk]), ladder(200))
    assert_ladder(
        client_as, reverse("practice_db:evaluation_result", args=[evaluation.pk]), forum_only
    )
    assert_ladder(client_as, reverse("practice_db:following"), ladder(200))
    assert_ladder(
        client_as,
        reverse("practice_db:follow_example", args=[example.pk]),
        ladder(302),
        method="post",
    )
    reported(example, national_moderator)
    done = Evaluation.objects.get(result_published_at__isnull=False)
    assert_ladder(
        client_as,
        reverse("practice_db:evaluation_accept", args=[done.pk]),
        ladder(403, national_moderator=200, moderator_london=200),
    )
    # No report was attached to this one.
    assert_ladder(client_as, reverse("practice_db:evaluation_report", args=[done.pk]), ladder(404))


def test_evaluations_of_an_example_nobody_may_see_are_hidden(
    london_trust, national_moderator, client_as
):
    example = PracticeExampleFactory(published=True, organisation=london_trust)
    evaluation = commissioned(example, national_moderator)
    example.status = Status.ARCHIVED
    example.save()
    assert (
        client_as("moderator_trent")
        .get(reverse("practice_db:evaluation", args=[evaluation.pk]))
        .status_code
        == 404
    )


def test_the_review_form_publishes_and_escapes_what_was_typed(example, client_as):
    client = client_as("national_moderator")
    response = client.post(
        reverse("practice_db:forum_review", args=[example.pk]),
        {"verdict": "reservations", "reasons": "<script>alert(1)</script> works"},
    )
    assert response.status_code == 302
    page = client_as("staff").get(reverse("practice_db:example", args=[example.pk])).text
    assert "Review: Promising, with reservations" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; works" in page
    assert "<script>alert(1)" not in page


def test_an_empty_review_form_says_what_is_missing(example, client_as):
    response = client_as("national_moderator").post(
        reverse("practice_db:forum_review", args=[example.pk]), {}
    )
    assert response.status_code == 400
    assert "Choose the Forum&#x27;s verdict" in response.text
    assert "Give the Forum&#x27;s reasons" in response.text


def test_impossible_or_past_dates_for_an_evaluation_are_refused_in_words(example, client_as):
    url = reverse("practice_db:evaluation_commission", args=[example.pk])
    client = client_as("national_moderator")
    impossible = client.post(
        url,
        {
            "evaluator": "SDO",
            "expected_on_day": "31",
            "expected_on_month": "2",
            "expected_on_year": "2030",
        },
    )
    assert impossible.status_code == 400
    assert "must be a real date" in impossible.text
    past = client.post(
        url,
        {
            "evaluator": "SDO",
            "expected_on_day": "1",
            "expected_on_month": "1",
            "expected_on_year": "2020",
        },
    )
    assert past.status_code == 400
    assert "must be in the future" in past.text
    assert not Evaluation.objects.exists()


def test_a_disguised_report_is_refused_and_nothing_is_published(
    example, national_moderator, client_as
):
    evaluation = commissioned(example, national_moderator)
    response = client_as("national_moderator").post(
        reverse("practice_db:evaluation_result", args=[evaluation.pk]),
        {
            "summary": "Fewer falls.",
            "strength": "strong",
            "report": SimpleUploadedFile("report.pdf", b"<html><script>x</script></html>"),
        },
    )
    assert response.status_code == 400
    assert "is not a PDF" in response.text
    evaluation.refresh_from_db()
    assert not evaluation.has_result


def test_a_report_downloads_as_a_file_for_staff(example, national_moderator, client_as):
    evaluation = commissioned(example, national_moderator)
    forum.publish_result(
        actor=national_moderator,
        evaluation_id=evaluation.pk,
        summary="Fewer falls.",
        findings="",
        strength="strong",
        report=SimpleUploadedFile("report.pdf", PDF),
    )
    response = client_as("staff").get(
        reverse("practice_db:evaluation_report", args=[evaluation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_following_a_topic_from_its_page_and_seeing_it_on_the_profile(client_as, staff):
    topic = TopicFactory(name="Stroke")
    client = client_as("staff")
    client.post(reverse("practice_db:follow_topic", args=[topic.slug]))
    assert Follow.objects.filter(user=staff, topic=topic).exists()
    page = client.get(reverse("practice_db:topic", args=[topic.slug])).text
    assert "Stop following Stroke" in page
    assert "0 examples and 1 topic" in client.get(reverse("accounts:profile")).text
    client.post(reverse("practice_db:follow_topic", args=[topic.slug]), {"follow": "no"})
    assert not Follow.objects.filter(user=staff).exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_telling_followers_at_once_send_each_email_once(reference_data):
    from tests.factories import OrganisationFactory

    example = PracticeExampleFactory(published=True, organisation=OrganisationFactory())
    from accounts.models import Role

    national = UserFactory(roles=[Role.NATIONAL_MODERATOR])
    people = [UserFactory() for _ in range(3)]
    for person in people:
        forum.follow(user=person, example=example)
    review = ForumReview.objects.create(
        example=example, reviewer=national, verdict="promising", reasons="Copy it."
    )

    def tell():
        from django.db import transaction

        with transaction.atomic():
            return forum._tell_followers(
                example,
                about=f"forum_review:{review.pk}",
                template="practice_db/email/forum_review",
                context={"review": review},
            )

    outcomes = run_at_once(tell, tell)
    assert sum(outcome.get() for outcome in outcomes) == 3
    from learning_network.models import OutgoingEmail

    assert OutgoingEmail.objects.filter(purpose="practice_db.follow").count() == 3
