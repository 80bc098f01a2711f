"""Office and OpenDocument files are zip archives: checking one never costs more
than the upload is worth, and a damaged, locked or oddly packed one is refused
with a reason, never a 500. The stored file's name ends as its content says."""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_db import uploads
from practice_db.models import Attachment
from practice_db.uploads import check_attachment

ODT_TYPE = "application/vnd.oasis.opendocument.text"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt(**more: bytes) -> bytes:
    return zipped({"mimetype": ODT_TYPE.encode(), "content.xml": b"<office/>", **more})


def docx(**more: bytes) -> bytes:
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", **more})


def _central_entries(data: bytes):
    """(offset of each central-directory header, its file name)."""
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        yield position, data[position + 46 : position + 46 + name_length].decode()
        position = data.find(b"PK\x01\x02", position + 46)


def with_header(data: bytes, name: str, *, flags: int | None = None, method: int | None = None):
    """The archive with one entry's flags or compression method rewritten, in
    both its local and central headers, as another program might have written it."""
    data = bytearray(data)
    for position, entry_name in _central_entries(bytes(data)):
        if entry_name != name:
            continue
        local = struct.unpack_from("<I", data, position + 42)[0]
        for flag_at, method_at in ((position + 8, position + 10), (local + 6, local + 8)):
            if flags is not None:
                struct.pack_into("<H", data, flag_at, flags)
            if method is not None:
                struct.pack_into("<H", data, method_at, method)
    return bytes(data)


def corrupted(data: bytes, name: str) -> bytes:
    """The archive with the packed bytes of one entry damaged."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_length + extra_length
    damaged = bytearray(data)
    for offset in range(min(info.compress_size, 8)):
        damaged[start + offset] ^= 0xFF
    return bytes(damaged)


def refusal(content: bytes, name: str = "report.odt") -> str:
    with pytest.raises(ValidationError) as raised:
        check_attachment(SimpleUploadedFile(name, content))
    return raised.value.messages[0]


def test_a_zip_bomb_in_the_mimetype_is_refused_without_inflating_it():
    # 64 MB of one letter packs into about 64 KB.
    bomb = zipped({"mimetype": ODT_TYPE.encode() + b"a" * (64 * 1024 * 1024)})
    assert len(bomb) < 200_000
    tracemalloc.start()
    try:
        message = refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "is not a PDF, Word, Excel, PowerPoint or OpenDocument file" in message
    assert peak < 4 * 1024 * 1024


def test_an_archive_that_would_unpack_past_the_limit_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 1024 * 1024)
    big = docx(**{"word/media/filler.xml": b"x" * (2 * 1024 * 1024)})
    assert "would unpack to more than" in refusal(big, "report.docx")


@pytest.mark.parametrize(("make", "name"), [(odt, "mimetype"), (docx, "word/document.xml")])
def test_a_password_protected_entry_is_refused_with_a_reason(make, name):
    locked = with_header(make(), name, flags=0x1)
    assert "protected by a password" in refusal(locked)


@pytest.mark.parametrize(("make", "name"), [(odt, "mimetype"), (docx, "word/document.xml")])
def test_an_unsupported_compression_method_is_refused_with_a_reason(make, name):
    odd = with_header(make(), name, method=99)
    assert "packed in a way" in refusal(odd)


@pytest.mark.parametrize(("make", "name"), [(odt, "content.xml"), (docx, "word/document.xml")])
def test_damaged_data_in_any_entry_is_refused_with_a_reason(make, name):
    assert "is damaged" in refusal(corrupted(make(), name))


def test_a_password_protected_word_file_is_named_as_such():
    # Word keeps a password-protected .docx in the older compound-file format.
    locked = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert "protected by a password" in refusal(locked, "minutes.docx")


def test_good_documents_still_pass():
    assert check_attachment(SimpleUploadedFile("a.odt", odt())).kind == "OpenDocument text"
    stored = zipped({"mimetype": ODT_TYPE.encode(), "content.xml": b"<o/>"}, zipfile.ZIP_STORED)
    assert check_attachment(SimpleUploadedFile("b.odt", stored)).kind == "OpenDocument text"
    assert check_attachment(SimpleUploadedFile("c.docx", docx())).kind == "Word document"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (with_header(odt(), "mimetype", method=99), "packed in a way"),
        (with_header(docx(), "word/document.xml", flags=0x1), "protected by a password"),
        (corrupted(odt(), "content.xml"), "is damaged"),
    ],
)
def test_the_form_shows_the_reason_and_keeps_the_text(client_as, staff, media, content, reason):
    response = client_as("staff").post(
        reverse("practice_db:create"),
        {
            "title": "Nurse-led discharge",
            "organisation": staff.organisation_id,
            "problem": "Beds blocked each morning.",
            "intent": "draft",
            "documents": [SimpleUploadedFile("plan.odt", content)],
        },
    )
    assert response.status_code == 400
    assert reason in response.text
    assert "Beds blocked each morning." in response.text
    assert not Attachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "suffix"),
    [
        ("page.html", PDF, ".pdf"),
        ("notes.pdf.exe", PDF, ".pdf"),
        ("plan.pdf", odt(), ".odt"),
        ("figures", docx(), ".docx"),
    ],
)
def test_the_stored_name_ends_as_the_content_says(staff, media, name, content, suffix):
    from practice_db import services

    [attachment], errors = services.stage_uploads(
        actor=staff, uploads=[SimpleUploadedFile(name, content)]
    )
    assert errors == []
    assert attachment.file.name.endswith(suffix)
    assert attachment.file.name.count(".") == 1


@pytest.mark.django_db
def test_a_download_is_named_with_the_extension_of_its_content(client_as, staff, media):
    from practice_db import services
    from tests.factories import PracticeExampleFactory

    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status="published"
    )
    [attachment], _ = services.stage_uploads(
        actor=staff, uploads=[SimpleUploadedFile("Audit.html", PDF)]
    )
    Attachment.objects.filter(pk=attachment.pk).update(example=example)
    response = client_as("staff").get(attachment.get_absolute_url())
    assert 'filename="Audit.html.pdf"' in response["Content-Disposition"]
