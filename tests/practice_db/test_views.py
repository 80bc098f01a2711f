"""The permission ladder for every practice-database page, in every state."""

import pytest
from django.urls import reverse

from practice_db.models import Status
from tests.conftest import PERSONAS
from tests.factories import PracticeExampleFactory
from tests.helpers import assert_ladder, assert_same_query_count, ladder

pytestmark = pytest.mark.django_db

# Who sees an example from a London organisation submitted by `staff`, by state.
CAN_SEE = {
    Status.DRAFT: {"staff"},
    Status.SUBMITTED: {"staff", "moderator_london", "national_moderator"},
    Status.CHANGES_REQUESTED: {"staff", "moderator_london", "national_moderator"},
    Status.REJECTED: {"staff", "moderator_london", "national_moderator"},
    Status.ARCHIVED: {"staff", "moderator_london", "national_moderator"},
    Status.PUBLISHED: set(PERSONAS) - {"anonymous"},
}


@pytest.mark.parametrize("status", list(CAN_SEE))
def test_example_page_ladder(client_as, staff, status):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=status
    )
    answers = ladder(404) | dict.fromkeys(CAN_SEE[status], 200)
    assert_ladder(client_as, example.get_absolute_url(), answers, contains=example.title)


def test_publish_action_ladder(client_as, staff):
    acted_on = {}

    def fresh_example(persona: str) -> str:
        acted_on[persona] = PracticeExampleFactory(
            submitter=staff, organisation=staff.organisation, submitted=True
        )
        return reverse("practice_db:act", args=[acted_on[persona].pk])

    moderators = {"moderator_london", "national_moderator"}
    answers = ladder(404, staff=403) | dict.fromkeys(moderators, 302)  # staff sees, may not act
    assert_ladder(
        client_as, fresh_example, answers, method="post", data={"action": "publish", "version": 1}
    )
    for persona, example in acted_on.items():
        example.refresh_from_db()
        assert example.status == (
            Status.PUBLISHED if persona in moderators else Status.SUBMITTED
        ), persona


def test_a_refused_move_explains_itself(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, submitted=True
    )
    response = client_as("moderator_london").post(
        reverse("practice_db:act", args=[example.pk]),
        {"action": "reject", "version": example.version},
        follow=True,
    )
    assert "Give the reason for rejecting it" in response.text
    example.refresh_from_db()
    assert example.status == Status.SUBMITTED


def test_queue_ladder(client_as, staff):
    PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, submitted=True, title="London lounge"
    )
    moderators = {"moderator_london", "moderator_trent", "national_moderator"}
    url = reverse("practice_db:queue")
    assert_ladder(client_as, url, ladder(403) | dict.fromkeys(moderators, 200))
    for persona in moderators:
        shown = "London lounge" in client_as(persona).get(url).text
        assert shown == (persona != "moderator_trent"), persona


def test_queue_counts_and_overdue_tab(client_as, staff):
    from datetime import timedelta

    from django.utils import timezone

    PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, submitted=True, title="Fresh one"
    )
    PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        submitted=True,
        title="Old one",
        submitted_at=timezone.now() - timedelta(days=30),
    )
    client = client_as("moderator_london")
    overdue = client.get(reverse("practice_db:queue"), {"tab": "overdue"}).text
    assert "Old one" in overdue
    assert "Fresh one" not in overdue
    assert client.get(reverse("practice_db:queue"), {"tab": "nonsense"}).status_code == 200


def test_queue_uses_the_same_number_of_queries_for_3_or_30_rows(client_as, staff):
    def submit(count: int) -> None:
        PracticeExampleFactory.create_batch(
            count, submitter=staff, organisation=staff.organisation, submitted=True
        )

    client = client_as("moderator_london")
    assert_same_query_count(submit, reverse("practice_db:queue"), client, at_most=12)


def test_hostile_markdown_never_reaches_the_page(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        published=True,
        problem="<script>alert(1)</script> [click](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> **bold**',
        title='<b onmouseover="alert(1)">Title</b>',
    )
    html = client_as("editor").get(example.get_absolute_url()).text
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert 'onmouseover="alert' not in html
    assert "<strong>bold</strong>" in html


def test_attachments_download_as_files_for_those_who_see_the_example(
    client_as, staff, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from practice_db import services

    settings.MEDIA_ROOT = tmp_path
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, submitted=True
    )
    [attachment], errors = services.stage_uploads(
        actor=staff, uploads=[SimpleUploadedFile("Audit report.pdf", b"%PDF-1.4 audit")]
    )
    assert errors == []
    attachment.example = example
    attachment.save()
    assert "Audit report" not in attachment.file.name  # stored under a random name

    response = client_as("moderator_london").get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Audit report.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 audit"

    assert client_as("moderator_trent").get(attachment.get_absolute_url()).status_code == 404
    assert client_as("anonymous").get(attachment.get_absolute_url()).status_code == 302
