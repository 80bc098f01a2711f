"""Attachments are checked by their bytes, not their names."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practice_db.uploads import MAX_ATTACHMENT_BYTES, check_attachment

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("audit.pdf", PDF, "PDF"),
        ("report.docx", docx_bytes(), "Word document"),
        ("Report.ODT", odt_bytes(), "OpenDocument text"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word document"),
        ("named-wrongly.txt", PDF, "PDF"),
    ],
)
def test_documents_are_recognised_by_content(name, content, kind):
    assert check_attachment(SimpleUploadedFile(name, content)).kind == kind


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("results.pdf", b"MZ\x90\x00\x03" + b"\0" * 200, "is not a PDF, Word"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "is not a PDF, Word"),
        ("archive.docx", b"PK\x03\x04broken", "is not a PDF, Word"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_other_files_are_refused_with_the_reason(name, content, reason):
    with pytest.raises(ValidationError, match=reason):
        check_attachment(SimpleUploadedFile(name, content))


def test_a_file_over_10_mb_is_refused():
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError, match="the largest file allowed is 10 MB"):
        check_attachment(big)
