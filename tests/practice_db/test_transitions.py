"""Every lifecycle move: allowed once, refused otherwise, always recorded."""

import pytest

from learning_network import errors
from practice_db import services
from practice_db.models import EventKind, ModerationEvent, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staff):
    return PracticeExampleFactory(submitter=staff, organisation=staff.organisation)


@pytest.fixture
def submitted(staff):
    return PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )


def events(example):
    return list(example.events.values_list("from_status", "to_status", "kind", "comment"))


def test_submitter_submits_a_complete_draft(draft, staff):
    example = services.transition_example(actor=staff, example_id=draft.pk, action="submit")
    assert example.status == Status.SUBMITTED
    assert example.submitted_at is not None
    assert events(example) == [("draft", "submitted", EventKind.SUBMITTED, "")]


def test_an_incomplete_draft_cannot_be_submitted(staff):
    draft = PracticeExampleFactory(submitter=staff, summary="", lead_email="", topics=[])
    with pytest.raises(errors.Invalid, match="Enter a summary.*Choose at least one"):
        services.transition_example(actor=staff, example_id=draft.pk, action="submit")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not ModerationEvent.objects.exists()


def test_someone_else_cannot_submit_my_draft(draft, moderator_london):
    with pytest.raises(errors.NotAllowed):
        services.transition_example(actor=moderator_london, example_id=draft.pk, action="submit")


@pytest.mark.parametrize(
    ("action", "to_status", "comment"),
    [
        ("publish", Status.PUBLISHED, ""),
        ("request_changes", Status.CHANGES_REQUESTED, "Add the audit figures."),
        ("reject", Status.REJECTED, "This describes a product, not a service change."),
    ],
)
def test_regional_moderator_decides_a_submission(
    submitted, moderator_london, action, to_status, comment
):
    example = services.transition_example(
        actor=moderator_london, example_id=submitted.pk, action=action, comment=comment
    )
    assert example.status == to_status
    assert events(example)[-1][:2] == ("submitted", to_status)
    assert events(example)[-1][3] == comment


def test_publishing_sets_the_review_date_two_years_on(submitted, moderator_london):
    example = services.transition_example(
        actor=moderator_london, example_id=submitted.pk, action="publish"
    )
    assert (example.review_date - example.published_at.date()).days == 730


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_request_changes_and_reject_need_a_comment(submitted, moderator_london, action):
    with pytest.raises(errors.Invalid):
        services.transition_example(
            actor=moderator_london, example_id=submitted.pk, action=action, comment="  "
        )


def test_moderator_of_another_region_cannot_decide(submitted, moderator_trent):
    with pytest.raises(errors.NotAllowed):
        services.transition_example(
            actor=moderator_trent, example_id=submitted.pk, action="publish"
        )


def test_national_moderator_decides_anywhere(submitted, national_moderator):
    example = services.transition_example(
        actor=national_moderator, example_id=submitted.pk, action="publish"
    )
    assert example.status == Status.PUBLISHED


def test_a_moderator_cannot_publish_their_own_example(moderator_london):
    own = PracticeExampleFactory(
        submitter=moderator_london,
        organisation=moderator_london.organisation,
        status=Status.SUBMITTED,
    )
    with pytest.raises(errors.NotAllowed):
        services.transition_example(actor=moderator_london, example_id=own.pk, action="publish")


def test_publishing_twice_records_one_transition(submitted, moderator_london, national_moderator):
    services.transition_example(actor=moderator_london, example_id=submitted.pk, action="publish")
    with pytest.raises(errors.Conflict, match="acted on it already"):
        services.transition_example(
            actor=national_moderator, example_id=submitted.pk, action="publish"
        )
    assert submitted.events.filter(to_status=Status.PUBLISHED).count() == 1


def test_changes_requested_then_resubmitted(submitted, staff, moderator_london):
    services.transition_example(
        actor=moderator_london,
        example_id=submitted.pk,
        action="request_changes",
        comment="Say what it cost.",
    )
    example = services.transition_example(actor=staff, example_id=submitted.pk, action="submit")
    assert example.status == Status.SUBMITTED
    assert [e[2] for e in events(example)] == [
        EventKind.CHANGES_REQUESTED,
        EventKind.SUBMITTED,
    ]


def test_archive_and_restore_a_published_example(staff, moderator_london):
    published = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    services.transition_example(actor=moderator_london, example_id=published.pk, action="archive")
    example = services.transition_example(
        actor=moderator_london, example_id=published.pk, action="restore"
    )
    assert example.status == Status.PUBLISHED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.DRAFT, "publish"),
        (Status.REJECTED, "publish"),
        (Status.PUBLISHED, "reject"),
        (Status.SUBMITTED, "restore"),
        (Status.SUBMITTED, "archive"),
        (Status.ARCHIVED, "request_changes"),
    ],
)
def test_moves_outside_the_lifecycle_are_refused(staff, moderator_london, status, action):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=status
    )
    with pytest.raises(errors.DomainError):
        services.transition_example(
            actor=moderator_london, example_id=example.pk, action=action, comment="Because."
        )
    example.refresh_from_db()
    assert example.status == status


def test_an_unknown_action_is_refused(submitted, moderator_london):
    with pytest.raises(errors.Invalid):
        services.transition_example(
            actor=moderator_london, example_id=submitted.pk, action="delete"
        )


def test_submitting_emails_the_regions_moderators_only(
    draft,
    staff,
    moderator_london,
    moderator_trent,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_example(actor=staff, example_id=draft.pk, action="submit")
    assert [message.to for message in mailoutbox] == [[moderator_london.email]]
    assert "New example to review in London" in mailoutbox[0].subject


def test_a_decision_emails_the_submitter_with_the_comment(
    submitted, staff, moderator_london, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_example(
            actor=moderator_london,
            example_id=submitted.pk,
            action="request_changes",
            comment="Please add the cost per patient.",
        )
    assert mailoutbox[0].to == [staff.email]
    assert "Please add the cost per patient." in mailoutbox[0].body


def test_a_refused_move_sends_nothing(
    submitted, moderator_trent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(errors.NotAllowed):
        services.transition_example(
            actor=moderator_trent, example_id=submitted.pk, action="publish"
        )
    assert mailoutbox == []


def test_a_moderator_takes_an_item(submitted, moderator_london):
    example = services.assign_example(actor=moderator_london, example_id=submitted.pk)
    assert example.assigned_to == moderator_london
