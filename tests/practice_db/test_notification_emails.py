"""Moderation emails: one per person per event, and notices that can be stopped."""

import pytest
from django.test import Client

from learning_network.email import absolute_url
from learning_network.models import EmailOptOut, OutgoingEmail
from practice_db import services
from practice_db.models import Status
from tests.factories import PracticeExampleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staff):
    return PracticeExampleFactory(submitter=staff, organisation=staff.organisation)


@pytest.fixture
def second_london_moderator(london_trust):
    return UserFactory(
        email="second.moderator@ha.nhs.uk", organisation=london_trust, regions=["london"]
    )


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    def transition(actor, example, action, comment=""):
        with django_capture_on_commit_callbacks(execute=True):
            services.transition_example(
                actor=actor, example_id=example.pk, action=action, comment=comment
            )

    return transition


def test_each_moderator_gets_their_own_notice_with_a_link_that_stops_them(
    draft, staff, moderator_london, second_london_moderator, mailoutbox, act
):
    act(staff, draft, "submit")

    assert sorted(m.to for m in mailoutbox) == [
        [moderator_london.email],
        [second_london_moderator.email],
    ]
    for message in mailoutbox:
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mine = next(m for m in mailoutbox if m.to == [moderator_london.email])
    path = mine.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(absolute_url(""))
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert EmailOptOut.objects.filter(address=moderator_london.email).exists()

    # Sent back for changes and submitted again: a new notice, but not to
    # the moderator who stopped them.
    act(moderator_london, draft, "request_changes", "Add the audit figures.")
    mailoutbox.clear()
    act(staff, draft, "submit")
    assert [m.to for m in mailoutbox] == [[second_london_moderator.email]]


def test_each_decision_is_its_own_email_to_the_submitter(
    draft, staff, moderator_london, mailoutbox, act
):
    draft.status = Status.SUBMITTED
    draft.save()
    act(moderator_london, draft, "request_changes", "Add the audit figures.")
    act(staff, draft, "submit")
    act(moderator_london, draft, "request_changes", "Add the costs too.")

    to_submitter = [m for m in mailoutbox if m.to == [staff.email]]
    assert len(to_submitter) == 2
    assert "Add the audit figures." in to_submitter[0].body
    assert "Add the costs too." in to_submitter[1].body
    assert OutgoingEmail.objects.filter(purpose="practice_db.decision").count() == 2
    # Decisions are about the submitter's own work: they cannot be unsubscribed from.
    assert "List-Unsubscribe" not in to_submitter[0].extra_headers


def test_moderators_hear_of_proposed_changes_once_however_often_they_are_replaced(
    staff, moderator_london, mailoutbox, django_capture_on_commit_callbacks
):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    for n in range(3):
        example.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.save_example(
                actor=staff,
                example=example,
                values={"title": f"Better title {n}"},
                topics=list(example.topics.all()),
                expected_version=example.version,
            )
    assert [m.to for m in mailoutbox] == [[moderator_london.email]]
