"""A moderator's decision: one choice with its own comment, a confirmation
before rejecting or archiving, reopening a rejection, and the way on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_db.models import EventKind, Status
from tests.factories import PracticeExampleFactory
from tests.helpers import assert_ladder, ladder

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(staff):
    return PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )


def act_url(example):
    return reverse("practice_db:act", args=[example.pk])


def test_the_page_offers_one_radio_per_decision_each_with_its_own_comment(client_as, submitted):
    html = client_as("moderator_london").get(submitted.get_absolute_url()).text
    for action in ("publish", "request_changes", "reject"):
        assert f'type="radio" value="{action}"' in html
        assert f'name="comment_{action}"' in html
        assert f'data-aria-controls="conditional-{action}"' in html
    assert 'value="reopen"' not in html


def test_a_comment_typed_for_one_decision_is_not_sent_with_another(client_as, submitted):
    response = client_as("moderator_london").post(
        act_url(submitted),
        {
            "action": "publish",
            "version": submitted.version,
            "comment_request_changes": "Please add the audit figures.",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.events.get().comment == ""


def test_choosing_no_decision_is_an_error_linked_to_the_radios(client_as, submitted):
    response = client_as("moderator_london").post(act_url(submitted), {"version": 1})
    assert response.status_code == 400
    assert 'href="#id_action_0"' in response.text
    assert "Choose a decision" in response.text


def test_reject_asks_to_confirm_before_anything_happens(client_as, submitted, mailoutbox):
    client = client_as("moderator_london")
    data = {
        "action": "reject",
        "version": submitted.version,
        "comment_reject": "This describes a product, not a service change.",
    }
    response = client.post(act_url(submitted), data)
    assert response.status_code == 200
    assert "Are you sure you want to reject" in response.text
    assert "the email cannot be taken back" in response.text
    # The comment travels with the confirmation.
    assert 'name="comment" value="This describes a product, not a service change."' in (
        response.text
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.events.exists()
    assert mailoutbox == []

    response = client.post(
        act_url(submitted),
        {
            "action": "reject",
            "version": submitted.version,
            "comment": "This describes a product, not a service change.",
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("practice_db:decided", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    event = submitted.events.get()
    assert (event.kind, event.comment) == (
        EventKind.REJECTED,
        "This describes a product, not a service change.",
    )


def test_a_rejection_without_a_reason_is_refused_before_the_confirmation(client_as, submitted):
    response = client_as("moderator_london").post(
        act_url(submitted), {"action": "reject", "version": submitted.version}
    )
    assert response.status_code == 400
    assert "Give the reason for rejecting it" in response.text
    assert 'href="#id_comment_reject"' in response.text


def test_archive_asks_to_confirm(client_as, staff):
    published = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, published=True
    )
    client = client_as("moderator_london")
    response = client.post(act_url(published), {"action": "archive", "version": 1})
    assert response.status_code == 200
    assert "Are you sure you want to archive" in response.text
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    client.post(act_url(published), {"action": "archive", "version": 1, "confirmed": "yes"})
    published.refresh_from_db()
    assert published.status == Status.ARCHIVED


def test_a_moderator_reopens_a_rejected_example_and_the_history_records_it(
    client_as, staff, django_capture_on_commit_callbacks, mailoutbox
):
    long_ago = timezone.now() - timedelta(days=60)
    rejected = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.REJECTED,
        submitted_at=long_ago,
    )
    client = client_as("moderator_london")
    assert 'value="reopen"' in client.get(rejected.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            act_url(rejected),
            {
                "action": "reopen",
                "version": rejected.version,
                "comment_reopen": "Rejected by mistake.",
            },
        )
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == Status.SUBMITTED
    # Back in the queue with ten working days afresh, not overdue at once.
    assert rejected.submitted_at > long_ago
    event = rejected.events.get()
    assert (event.from_status, event.to_status, event.kind, event.comment) == (
        Status.REJECTED,
        Status.SUBMITTED,
        EventKind.REOPENED,
        "Rejected by mistake.",
    )
    assert [m.to for m in mailoutbox] == [[staff.email]]
    history = client.get(rejected.get_absolute_url()).text
    assert "Reopened for review" in history


def test_reopening_ladder(client_as, staff):
    """Only a moderator of the example's region reopens it; its submitter may not."""
    made = {}

    def url(persona):
        made[persona] = PracticeExampleFactory(
            submitter=staff, organisation=staff.organisation, status=Status.REJECTED
        )
        return act_url(made[persona])

    moderators = {"moderator_london", "national_moderator"}
    answers = ladder(404, staff=403) | dict.fromkeys(moderators, 302)
    assert_ladder(client_as, url, answers, method="post", data={"action": "reopen", "version": 1})
    for persona, example in made.items():
        example.refresh_from_db()
        expected = Status.SUBMITTED if persona in moderators else Status.REJECTED
        assert example.status == expected, persona


def test_after_a_decision_the_page_says_what_happens_next_and_offers_the_queue(
    client_as, staff, submitted
):
    older = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=3),
        title="Older waiting example",
    )
    PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        title="Newer waiting example",
    )
    client = client_as("moderator_london")
    response = client.post(
        act_url(submitted),
        {"action": "request_changes", "version": 1, "comment_request_changes": "Add figures."},
        follow=True,
    )
    html = response.text
    assert "Changes requested" in html
    assert "has been emailed what you asked for" in html
    assert "Back to queue (2 waiting)" in html
    assert f'href="{older.get_absolute_url()}">Next in queue' in html


def test_the_decision_page_is_for_moderators(client_as, submitted):
    url = reverse("practice_db:decided", args=[submitted.pk])
    assert client_as("staff").get(url).status_code == 403
    assert client_as("moderator_trent").get(url).status_code == 404
    # No decision of theirs yet: back to the example.
    assert client_as("moderator_london").get(url)["Location"] == submitted.get_absolute_url()
