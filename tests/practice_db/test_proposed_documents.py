"""Documents proposed with changes to a published example: the moderators who
must approve them can open them; nobody else who could not before can."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning_network.rules import matches
from practice_db import permissions, services
from practice_db.models import Attachment, Status
from tests.conftest import PERSONAS
from tests.factories import PracticeExampleFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 proposed figures"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stage(user, name="figures.pdf") -> Attachment:
    [attachment], errors = services.stage_uploads(
        actor=user, uploads=[SimpleUploadedFile(name, PDF)]
    )
    assert errors == []
    return attachment


def propose(user, example, attachment_ids):
    example.refresh_from_db()
    _, revision = services.save_example(
        actor=user,
        example=example,
        values={"title": "With new figures"},
        topics=list(example.topics.all()),
        expected_version=example.version,
        attachment_ids=attachment_ids,
    )
    return revision


@pytest.fixture
def published(staff):
    return PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )


@pytest.fixture
def proposed(staff, published):
    attachment = stage(staff)
    propose(staff, published, [attachment.pk])
    return attachment


@pytest.mark.parametrize(
    ("persona", "answer"),
    [
        ("staff", 200),  # who proposed it
        ("moderator_london", 200),  # who must decide on it
        ("national_moderator", 200),
        ("moderator_trent", 404),
        ("editor", 404),
        ("anonymous", 302),
    ],
)
def test_a_proposed_document_opens_for_those_who_decide_on_it(client_as, proposed, persona, answer):
    response = client_as(persona).get(proposed.get_absolute_url())
    assert response.status_code == answer
    if answer == 200:
        assert b"".join(response.streaming_content) == PDF


def test_the_changes_page_links_each_proposed_document(client_as, published, proposed):
    page = client_as("moderator_london").get(reverse("practice_db:revision", args=[published.pk]))
    assert f'href="{proposed.get_absolute_url()}"' in page.text
    assert "figures.pdf" in page.text


def test_a_document_dropped_from_replaced_changes_no_longer_opens_for_moderators(
    client_as, staff, published, proposed
):
    propose(staff, published, [])
    assert client_as("moderator_london").get(proposed.get_absolute_url()).status_code == 404
    assert client_as("staff").get(proposed.get_absolute_url()).status_code == 200


def test_a_document_staged_on_an_unsaved_form_opens_for_its_uploader_only(client_as, staff):
    staged = stage(staff)
    assert client_as("staff").get(staged.get_absolute_url()).status_code == 200
    for persona in ["moderator_london", "national_moderator", "editor"]:
        assert client_as(persona).get(staged.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_download_rule_agrees_for_queries_and_single_documents(
    request, staff, published, proposed, persona, trent_trust
):
    # Attached documents in every status, others' staged ones, and a proposal elsewhere.
    for status in Status.values:
        example = PracticeExampleFactory(
            submitter=staff, organisation=staff.organisation, status=status
        )
        Attachment.objects.filter(pk=stage(staff).pk).update(example=example)
    stage(UserFactory())
    elsewhere = PracticeExampleFactory(organisation=trent_trust, status=Status.PUBLISHED)
    propose(elsewhere.submitter, elsewhere, [stage(elsewhere.submitter).pk])

    user = request.getfixturevalue(persona)
    rule = permissions.downloadable_q(user)
    by_query = set(Attachment.objects.filter(rule).values_list("pk", flat=True))
    by_object = {a.pk for a in Attachment.objects.all() if matches(a, rule)}
    assert by_query == by_object
    assert (proposed.pk in by_query) == (
        persona in {"staff", "moderator_london", "national_moderator"}
    )
