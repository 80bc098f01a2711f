"""Writing an example through the form: drafts, submitting, documents, two editors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_db.models import (
    Attachment,
    EventKind,
    PracticeExample,
    Revision,
    RevisionStatus,
    Status,
)
from tests.factories import PracticeExampleFactory, TopicFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def discharge_topic(db):
    parent = TopicFactory(name="Hospital care", slug="hospital-care")
    return TopicFactory(name="Discharge", slug="discharge", parent=parent)


def complete_form(staff, topic, **overrides):
    data = {
        "title": "Nurse-led discharge lounge",
        "summary": "Patients leave by noon.",
        "organisation": staff.organisation_id,
        "care_setting": "acute",
        "work_status": "completed",
        "problem": "Beds blocked each morning.",
        "what_was_done": "A lounge opened at 9am.",
        "results": "Beds free before noon rose from 20% to 65%.",
        "evidence_kind": "before_and_after",
        "evidence_rating": "moderate",
        "lead_name": "Pat Lead",
        "lead_email": "pat.lead@trust.nhs.uk",
        "lead_consents": "on",
        "topics": [topic.pk],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_draft_keeps_whatever_was_typed_even_when_incomplete(client_as, staff):
    response = client_as("staff").post(
        reverse("practice_db:create"),
        {"title": "Half an idea", "organisation": staff.organisation_id, "intent": "draft"},
    )
    example = PracticeExample.objects.get(title="Half an idea")
    assert response.status_code == 302
    assert response.url == example.get_absolute_url()
    assert example.status == Status.DRAFT
    assert example.submitter == staff


def test_submitting_names_each_missing_field_and_loses_nothing(client_as, staff, discharge_topic):
    data = complete_form(staff, discharge_topic, results=None, topics=None, intent="submit")
    response = client_as("staff").post(reverse("practice_db:create"), data)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert 'href="#id_results"' in response.text
    assert "Describe the results and outcomes" in response.text
    assert 'href="#id_topics_0"' in response.text
    assert "Beds blocked each morning." in response.text  # still on the form
    assert not PracticeExample.objects.exists()


def test_submit_for_review_saves_and_submits_in_one_step(
    client_as,
    staff,
    moderator_london,
    discharge_topic,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("staff").post(
            reverse("practice_db:create"), complete_form(staff, discharge_topic, intent="submit")
        )
    example = PracticeExample.objects.get()
    assert response.status_code == 302
    assert example.status == Status.SUBMITTED
    assert list(example.topics.all()) == [discharge_topic]
    assert [message.to for message in mailoutbox] == [[moderator_london.email]]


def test_a_document_accepted_survives_a_form_sent_back_with_errors(
    client_as, staff, discharge_topic
):
    client = client_as("staff")
    data = complete_form(staff, discharge_topic, title="", intent="draft")
    data["documents"] = [SimpleUploadedFile("Audit.pdf", PDF)]
    response = client.post(reverse("practice_db:create"), data)
    assert response.status_code == 400
    staged = Attachment.objects.get()
    assert staged.example is None
    assert "Audit.pdf" in response.text
    assert f'value="{staged.pk}"' in response.text  # carried on the form, ticked

    data = complete_form(staff, discharge_topic, intent="draft")
    data["keep"] = [staged.pk]
    response = client.post(reverse("practice_db:create"), data)
    assert response.status_code == 302
    staged.refresh_from_db()
    assert staged.example == PracticeExample.objects.get()


def test_a_renamed_program_is_refused_with_a_reason_and_the_text_kept(
    client_as, staff, discharge_topic
):
    data = complete_form(staff, discharge_topic, intent="draft")
    data["documents"] = [SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03 this is a program")]
    response = client_as("staff").post(reverse("practice_db:create"), data)
    assert response.status_code == 400
    assert "is not a PDF, Word, Excel, PowerPoint or OpenDocument file" in response.text
    assert "Beds blocked each morning." in response.text
    assert not Attachment.objects.exists()


def test_someone_elses_staged_document_cannot_be_claimed(client_as, staff, discharge_topic):
    other = client_as("moderator_london")
    other.post(
        reverse("practice_db:create"),
        {"organisation": staff.organisation_id, "documents": [SimpleUploadedFile("a.pdf", PDF)]},
    )
    theirs = Attachment.objects.get()
    data = complete_form(staff, discharge_topic, intent="draft", keep=[theirs.pk])
    response = client_as("staff").post(reverse("practice_db:create"), data)
    assert response.status_code == 400  # not a choice for this person
    theirs.refresh_from_db()
    assert theirs.example is None


def test_at_most_five_documents(client_as, staff, discharge_topic):
    data = complete_form(staff, discharge_topic, intent="draft")
    data["documents"] = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]
    response = client_as("staff").post(reverse("practice_db:create"), data)
    assert response.status_code == 400
    assert "Choose at most 5 documents at once" in response.text


def test_unticking_a_document_removes_it(client_as, staff, discharge_topic):
    client = client_as("staff")
    data = complete_form(staff, discharge_topic, intent="draft")
    data["documents"] = [SimpleUploadedFile("Audit.pdf", PDF)]
    client.post(reverse("practice_db:create"), data)
    example = PracticeExample.objects.get()
    assert example.attachments.count() == 1
    data = complete_form(staff, discharge_topic, intent="draft", version=example.version)
    client.post(reverse("practice_db:edit", args=[example.pk]), data)
    assert example.attachments.count() == 0


def test_the_later_of_two_saves_is_refused_and_keeps_its_text(client_as, staff, discharge_topic):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    url = reverse("practice_db:edit", args=[example.pk])
    first = complete_form(staff, discharge_topic, intent="draft", version=example.version)
    second = dict(first, problem="My own careful rewording of the problem.")
    client = client_as("staff")
    assert client.post(url, first).status_code == 302

    response = client.post(url, second)
    assert response.status_code == 409
    assert "Someone else saved this example while you were editing it" in response.text
    assert "My own careful rewording of the problem." in response.text
    example.refresh_from_db()
    assert example.problem == "Beds blocked each morning."
    # The form now carries the stored version: saving again is a deliberate overwrite.
    assert f'name="version" value="{example.version}"' in response.text


def test_editing_a_published_example_waits_for_a_moderator(
    client_as, staff, discharge_topic, moderator_london
):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    example.topics.add(discharge_topic)
    data = complete_form(
        staff, discharge_topic, title="A better title", intent="submit", version=example.version
    )
    response = client_as("staff").post(reverse("practice_db:edit", args=[example.pk]), data)
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title != "A better title"  # the published text stays live
    revision = Revision.objects.get(example=example, status=RevisionStatus.PENDING)

    # The submitter sees both; the next edit starts from the waiting changes.
    assert (
        "A better title"
        in client_as("staff").get(reverse("practice_db:revision", args=[example.pk])).text
    )
    edit = client_as("staff").get(reverse("practice_db:edit_section", args=[example.pk, "about"]))
    assert 'value="A better title"' in edit.text

    moderator = client_as("moderator_london")
    page = moderator.get(reverse("practice_db:revision", args=[example.pk]))
    assert "A better title" in page.text and example.title in page.text
    example.refresh_from_db()
    read = {"revision": revision.pk, "version": example.version}
    refused = moderator.post(
        reverse("practice_db:revision", args=[example.pk]), {"decision": "decline", **read}
    )
    assert refused.status_code == 400
    assert "Give the reason" in refused.text
    moderator.post(
        reverse("practice_db:revision", args=[example.pk]), {"decision": "approve", **read}
    )
    example.refresh_from_db()
    revision.refresh_from_db()
    assert example.title == "A better title"
    assert revision.status == RevisionStatus.APPROVED


def test_a_submitter_cannot_decide_on_their_own_changes(client_as, staff, discharge_topic):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    Revision.objects.create(example=example, author=staff, content={"title": "Mine"})
    response = client_as("staff").post(
        reverse("practice_db:revision", args=[example.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403


def test_a_moderator_edit_before_deciding_is_recorded(client_as, staff, discharge_topic):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    data = complete_form(
        staff, discharge_topic, summary="Tidied by the moderator.", version=example.version
    )
    response = client_as("moderator_london").post(
        reverse("practice_db:edit", args=[example.pk]), dict(data, intent="save")
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.summary == "Tidied by the moderator."
    assert example.status == Status.SUBMITTED
    assert example.events.filter(kind=EventKind.EDITED).exists()


def test_changes_requested_shows_the_moderators_comment_on_the_form(
    client_as, staff, moderator_london
):
    from practice_db import services

    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    services.transition_example(
        actor=moderator_london,
        example_id=example.pk,
        action="request_changes",
        comment="Please add the audit figures.",
    )
    page = client_as("staff").get(reverse("practice_db:edit", args=[example.pk])).text
    assert "Please add the audit figures." in page
    mine = client_as("staff").get(reverse("practice_db:mine")).text
    assert "Please add the audit figures." in mine
    assert "Make the changes the moderator asked for" in mine


def test_a_new_example_starts_with_its_first_section_and_the_persons_organisation(client_as, staff):
    page = client_as("staff").get(reverse("practice_db:create")).text
    assert "About the service" in page
    assert f'<option value="{staff.organisation_id}" selected>' in page
    assert "Save and continue" in page and "Save and come back later" in page
    assert "Submit for review" not in page


def test_documents_never_saved_are_cleared_but_not_those_in_a_pending_revision(
    staff, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from practice_db import services

    def stage(name):
        [attachment], _ = services.stage_uploads(
            actor=staff, uploads=[SimpleUploadedFile(name, PDF)]
        )
        return attachment

    abandoned, proposed, fresh = stage("abandoned.pdf"), stage("proposed.pdf"), stage("new.pdf")
    Attachment.objects.exclude(pk=fresh.pk).update(uploaded_at=timezone.now() - timedelta(days=3))
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    revision = Revision.objects.create(
        example=example,
        author=staff,
        content={services.REVISION_ATTACHMENTS_KEY: [proposed.pk]},
    )
    Attachment.objects.filter(pk=proposed.pk).update(revision=revision)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("clear_stale_uploads")
    assert set(Attachment.objects.values_list("original_name", flat=True)) == {
        "proposed.pdf",
        "new.pdf",
    }
    assert not abandoned.file.storage.exists(abandoned.file.name)


def test_a_save_without_the_version_is_refused_rather_than_overwriting(
    client_as, staff, discharge_topic
):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    data = complete_form(staff, discharge_topic, intent="draft", problem="Without a version.")
    response = client_as("staff").post(reverse("practice_db:edit", args=[example.pk]), data)
    assert response.status_code == 409
    example.refresh_from_db()
    assert example.problem == "Beds were blocked each morning by patients waiting for transport."
