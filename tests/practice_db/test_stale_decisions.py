"""A moderator decides on what they read: a decision posted from a page whose
text has since been replaced is refused, saying so, and publishes nothing."""

import re

import pytest
from django.urls import reverse

from practice_db import services
from practice_db.models import EventKind, RevisionStatus, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def propose(staff, example, title):
    example.refresh_from_db()
    _, revision = services.save_example(
        actor=staff,
        example=example,
        values={"title": title},
        topics=list(example.topics.all()),
        expected_version=example.version,
    )
    return revision


@pytest.fixture
def published(staff):
    return PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED, title="Live"
    )


def test_approving_changes_that_were_replaced_while_reading_is_refused(client_as, staff, published):
    propose(staff, published, "What the moderator read")
    moderator = client_as("moderator_london")
    url = reverse("practice_db:revision", args=[published.pk])
    page = moderator.get(url).text
    posted = {
        "decision": "approve",
        "revision": hidden(page, "revision"),
        "version": hidden(page, "version"),
    }

    propose(staff, published, "What the moderator never saw")
    response = moderator.post(url, posted)

    assert response.status_code == 409
    assert "The changes you were reading have been replaced" in response.text
    # The page now shows the new changes, ready to be decided on.
    assert "What the moderator never saw" in response.text
    published.refresh_from_db()
    assert published.title == "Live"
    assert published.revisions.get(status=RevisionStatus.PENDING).content["title"] == (
        "What the moderator never saw"
    )

    again = moderator.post(
        url,
        {
            "decision": "approve",
            "revision": hidden(response.text, "revision"),
            "version": hidden(response.text, "version"),
        },
    )
    assert again.status_code == 302
    published.refresh_from_db()
    assert published.title == "What the moderator never saw"


def test_a_decision_without_the_revision_and_version_is_refused(client_as, staff, published):
    propose(staff, published, "Proposed")
    response = client_as("moderator_london").post(
        reverse("practice_db:revision", args=[published.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert "reload" in response.text.lower()
    published.refresh_from_db()
    assert published.title == "Live"


def test_the_service_refuses_a_stale_version(staff, moderator_london, published):
    from learning_network.errors import Conflict

    revision = propose(staff, published, "Proposed")
    published.refresh_from_db()
    with pytest.raises(Conflict, match="replaced"):
        services.decide_revision(
            actor=moderator_london,
            revision_id=revision.pk,
            approve=True,
            expected_version=published.version - 1,
        )


@pytest.fixture
def submitted(staff):
    return PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        summary="What the moderator read.",
    )


def test_publishing_text_edited_by_another_moderator_since_reading_is_refused(
    client_as, submitted, national_moderator
):
    moderator = client_as("moderator_london")
    page = moderator.get(submitted.get_absolute_url()).text
    seen_version = hidden(page, "version")

    services.save_example(
        actor=national_moderator,
        example=submitted,
        values={"summary": "Text the first moderator never saw."},
        topics=list(submitted.topics.all()),
        expected_version=submitted.version,
    )
    response = moderator.post(
        reverse("practice_db:act", args=[submitted.pk]),
        {"action": "publish", "version": seen_version},
    )

    assert response.status_code == 409
    assert "changed since you opened it" in response.text
    assert "Text the first moderator never saw." in response.text
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.events.filter(kind=EventKind.PUBLISHED).exists()

    current = hidden(response.text, "version")
    done = moderator.post(
        reverse("practice_db:act", args=[submitted.pk]), {"action": "publish", "version": current}
    )
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED


def test_every_decision_form_on_the_example_page_carries_the_version(client_as, submitted):
    page = client_as("moderator_london").get(submitted.get_absolute_url()).text
    assert hidden(page, "version") == str(submitted.version)
