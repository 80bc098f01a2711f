"""Saving text: optimistic versions, moderator edits and revisions of published text."""

import pytest

from learning_network import errors
from practice_db import services
from practice_db.models import EventKind, RevisionStatus, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


def test_the_later_of_two_saves_is_refused_and_nothing_is_lost(staff):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    seen_version = example.version

    services.save_example(
        actor=staff,
        example=example,
        values={"title": "First save"},
        topics=[],
        expected_version=seen_version,
    )
    with pytest.raises(errors.Conflict, match="Someone else saved"):
        services.save_example(
            actor=staff,
            example=example,
            values={"title": "Second save"},
            topics=[],
            expected_version=seen_version,
        )
    example.refresh_from_db()
    assert example.title == "First save"


def test_a_moderator_edit_before_publishing_is_recorded(staff, moderator_london):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    services.save_example(
        actor=moderator_london,
        example=example,
        values={"title": "Clearer title"},
        topics=[],
        expected_version=example.version,
    )
    assert example.events.get().kind == EventKind.EDITED


def test_editing_a_published_example_keeps_the_live_text_until_approved(staff, moderator_london):
    example = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.PUBLISHED,
        title="Live title",
    )
    topics = list(example.topics.all())
    _, revision = services.save_example(
        actor=staff,
        example=example,
        values={"title": "Proposed title"},
        topics=topics,
        expected_version=example.version,
    )
    example.refresh_from_db()
    assert example.title == "Live title"
    assert revision.status == RevisionStatus.PENDING

    services.decide_revision(actor=moderator_london, revision_id=revision.pk, approve=True)
    example.refresh_from_db()
    assert example.title == "Proposed title"
    assert example.status == Status.PUBLISHED


def test_a_second_proposal_replaces_the_first(staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    _, first = services.save_example(
        actor=staff,
        example=example,
        values={"title": "A"},
        topics=[],
        expected_version=example.version,
    )
    example.refresh_from_db()
    _, second = services.save_example(
        actor=staff,
        example=example,
        values={"title": "B"},
        topics=[],
        expected_version=example.version,
    )
    first.refresh_from_db()
    assert first.status == RevisionStatus.WITHDRAWN
    assert second.status == RevisionStatus.PENDING


def test_declining_a_revision_needs_a_reason(staff, moderator_london):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    _, revision = services.save_example(
        actor=staff,
        example=example,
        values={"title": "B"},
        topics=[],
        expected_version=example.version,
    )
    with pytest.raises(errors.Invalid):
        services.decide_revision(actor=moderator_london, revision_id=revision.pk, approve=False)


def test_others_cannot_edit(staff, moderator_trent):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    with pytest.raises(errors.NotAllowed):
        services.save_example(
            actor=moderator_trent,
            example=example,
            values={"title": "x"},
            topics=[],
            expected_version=example.version,
        )
