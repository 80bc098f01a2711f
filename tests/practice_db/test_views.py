"""The permission ladder for every practice-database page, in every state."""

import pytest
from django.urls import reverse

from practice_db.models import Status
from tests.conftest import PERSONAS
from tests.factories import PracticeExampleFactory

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
@pytest.mark.parametrize("persona", PERSONAS)
def test_example_page_ladder(client_as, staff, persona, status):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=status
    )
    response = client_as(persona).get(example.get_absolute_url())
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in CAN_SEE[status]:
        assert response.status_code == 200
        assert example.title in response.text
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_publish_action_ladder(client_as, staff, persona):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    response = client_as(persona).post(
        reverse("practice_db:act", args=[example.pk]),
        {"action": "publish", "version": example.version},
    )
    example.refresh_from_db()
    if persona in {"moderator_london", "national_moderator"}:
        assert response.status_code == 302
        assert example.status == Status.PUBLISHED
    else:
        assert response.status_code in {302, 403, 404}
        assert example.status == Status.SUBMITTED
        if persona == "anonymous":
            assert "/accounts/sign-in/" in response.url
        elif persona == "staff":
            assert response.status_code == 403  # sees it, may not moderate it
        else:
            assert response.status_code == 404


def test_a_refused_move_explains_itself(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    response = client_as("moderator_london").post(
        reverse("practice_db:act", args=[example.pk]),
        {"action": "reject", "version": example.version},
        follow=True,
    )
    assert "Give the reason for rejecting it" in response.text
    example.refresh_from_db()
    assert example.status == Status.SUBMITTED


@pytest.mark.parametrize("persona", PERSONAS)
def test_queue_ladder(client_as, staff, persona):
    PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        title="London lounge",
    )
    response = client_as(persona).get(reverse("practice_db:queue"))
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in {"moderator_london", "moderator_trent", "national_moderator"}:
        assert response.status_code == 200
        assert ("London lounge" in response.text) == (persona != "moderator_trent")
    else:
        assert response.status_code == 403


def test_queue_counts_and_overdue_tab(client_as, staff):
    from datetime import timedelta

    from django.utils import timezone

    PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED, title="Fresh one"
    )
    PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        title="Old one",
        submitted_at=timezone.now() - timedelta(days=30),
    )
    client = client_as("moderator_london")
    overdue = client.get(reverse("practice_db:queue"), {"tab": "overdue"}).text
    assert "Old one" in overdue
    assert "Fresh one" not in overdue
    assert client.get(reverse("practice_db:queue"), {"tab": "nonsense"}).status_code == 200


def test_queue_uses_the_same_number_of_queries_for_3_or_30_rows(
    client_as, staff, django_assert_max_num_queries
):
    client = client_as("moderator_london")
    client.get(reverse("practice_db:queue"))  # warm the session
    for _ in range(3):
        PracticeExampleFactory(
            submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
        )
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("practice_db:queue"))
    PracticeExampleFactory.create_batch(
        27, submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("practice_db:queue"))


def test_hostile_markdown_never_reaches_the_page(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.PUBLISHED,
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
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
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
