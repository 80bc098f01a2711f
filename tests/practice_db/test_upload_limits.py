"""How much one person can make the portal read and keep: a document past the
size limit is not read on, a request past the total is not read at all, and
documents staged on forms never saved are capped per person and cleared."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    SkipFile,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practice_db import services, uploads
from practice_db.models import Attachment, Revision, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def stored_bytes(monkeypatch):
    """How many bytes of uploaded files Django's own handlers were given to keep."""
    counted = {"bytes": 0}
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        real = handler.receive_data_chunk

        def counting(self, raw_data, start, real=real):
            # The memory handler passes on what it does not keep.
            if getattr(self, "activated", True):
                counted["bytes"] += len(raw_data)
            return real(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return counted


def draft_form(staff, **more):
    return {
        "title": "Nurse-led discharge",
        "organisation": staff.organisation_id,
        "problem": "Beds blocked each morning.",
        "intent": "draft",
        **more,
    }


def pdf_of(size: int, name: str = "big.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)))


def test_a_document_past_10_mb_is_not_read_on_and_the_text_is_kept(client_as, staff, stored_bytes):
    response = client_as("staff").post(
        reverse("practice_db:create"), draft_form(staff, documents=[pdf_of(12 * MB)])
    )
    assert response.status_code == 400
    assert "“big.pdf” is larger than 10 MB" in response.text
    assert "Beds blocked each morning." in response.text
    assert not Attachment.objects.exists()
    # Django's handlers were given no more than the limit and one chunk.
    assert stored_bytes["bytes"] <= 10 * MB + 64 * 1024


def test_a_request_past_the_total_is_not_read_and_the_text_is_kept(
    client_as, staff, stored_bytes, monkeypatch
):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_REQUEST_BYTES", 1 * MB)
    response = client_as("staff").post(
        reverse("practice_db:create"),
        draft_form(staff, documents=[pdf_of(MB // 2, "a.pdf"), pdf_of(MB // 2 + 1, "b.pdf")]),
    )
    assert response.status_code == 400
    assert "add up to more than 1 MB" in response.text
    assert "Beds blocked each morning." in response.text
    assert stored_bytes["bytes"] == 0
    assert not Attachment.objects.exists()


def test_more_than_five_documents_at_once_keeps_none_and_reads_no_more(
    client_as, staff, stored_bytes
):
    chosen = [pdf_of(1000, f"part{n}.pdf") for n in range(7)]
    response = client_as("staff").post(
        reverse("practice_db:create"), draft_form(staff, documents=chosen)
    )
    assert response.status_code == 400
    assert "Choose at most 5 documents at once: you chose 7" in response.text
    assert not Attachment.objects.exists()
    assert stored_bytes["bytes"] <= 5 * 1000


def test_the_handler_stops_reading_as_soon_as_a_limit_is_passed(rf):
    request = rf.post("/")
    handler = uploads.DocumentUploadHandler(request)
    handler.handle_raw_input(None, {}, 1000, b"boundary")
    handler.new_file("documents", "big.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"x" * uploads.MAX_ATTACHMENT_BYTES, 0)
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x", uploads.MAX_ATTACHMENT_BYTES)

    too_big = uploads.DocumentUploadHandler(rf.post("/"))
    too_big.handle_raw_input(None, {}, uploads.MAX_UPLOAD_REQUEST_BYTES + 1, b"boundary")
    with pytest.raises(StopUpload) as stopped:
        too_big.new_file("documents", "a.pdf", "application/pdf", None)
    assert stopped.value.connection_reset


def test_django_refuses_absurd_numbers_of_files_before_reading_them():
    assert uploads.MAX_ATTACHMENTS < django_settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * MB


def test_the_form_still_needs_its_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("practice_db:create"), draft_form(staff))
    assert response.status_code == 403
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    response = client.post(reverse("practice_db:edit", args=[example.pk]), draft_form(staff))
    assert response.status_code == 403


def stage(user, name="plan.pdf", size=None):
    upload = pdf_of(size, name) if size else SimpleUploadedFile(name, PDF)
    return services.stage_uploads(actor=user, uploads=[upload])


def test_one_person_keeps_at_most_ten_documents_on_unsaved_forms(staff, editor):
    for n in range(services.MAX_STAGED_FILES):
        staged, errors = stage(staff, f"plan{n}.pdf")
        assert errors == [] and len(staged) == 1
    staged, errors = stage(staff, "one-too-many.pdf")
    assert staged == []
    assert "you have 10 documents waiting on forms you have not saved" in errors[0].messages[0]
    # Someone else is not affected.
    assert stage(editor)[1] == []


def test_one_person_keeps_at_most_so_many_megabytes_on_unsaved_forms(staff, monkeypatch):
    monkeypatch.setattr(services, "MAX_STAGED_BYTES", 3000)
    assert stage(staff, "a.pdf", size=2000)[1] == []
    staged, errors = stage(staff, "b.pdf", size=1500)
    assert staged == []
    assert "waiting on forms you have not saved" in errors[0].messages[0]


def test_documents_proposed_in_waiting_changes_do_not_count_against_the_cap(staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    revision = Revision.objects.create(example=example, author=staff, content={})
    for n in range(services.MAX_STAGED_FILES):
        [attachment], _ = stage(staff, f"proposed{n}.pdf")
        Attachment.objects.filter(pk=attachment.pk).update(revision=revision)
    assert stage(staff)[1] == []


def test_staging_clears_that_persons_documents_left_on_forms_for_a_day(
    staff, editor, django_capture_on_commit_callbacks
):
    [abandoned], _ = stage(staff, "abandoned.pdf")
    [proposed], _ = stage(staff, "proposed.pdf")
    [someone_elses], _ = stage(editor, "theirs.pdf")
    Attachment.objects.update(uploaded_at=timezone.now() - timedelta(days=1, minutes=1))
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    revision = Revision.objects.create(example=example, author=staff, content={})
    Attachment.objects.filter(pk=proposed.pk).update(revision=revision)

    with django_capture_on_commit_callbacks(execute=True):
        stage(staff, "new.pdf")

    assert set(Attachment.objects.values_list("original_name", flat=True)) == {
        "proposed.pdf",
        "theirs.pdf",
        "new.pdf",
    }
    assert not abandoned.file.storage.exists(abandoned.file.name)
    assert someone_elses.file.storage.exists(someone_elses.file.name)


def test_documents_staged_within_the_day_are_kept(staff):
    [recent], _ = stage(staff, "this-morning.pdf")
    Attachment.objects.update(uploaded_at=timezone.now() - timedelta(hours=23))
    stage(staff, "new.pdf")
    assert Attachment.objects.filter(pk=recent.pk).exists()
