"""Checking attachments by what they contain, not by what they are called."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel, PowerPoint 97-2003
_OLE2_KINDS = {
    ".doc": ("Word document", "application/msword"),
    ".xls": ("Excel spreadsheet", "application/vnd.ms-excel"),
    ".ppt": ("PowerPoint presentation", "application/vnd.ms-powerpoint"),
}
_OOXML = {
    "word/": (
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xl/": (
        "Excel spreadsheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ppt/": (
        "PowerPoint presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
_ODF = {
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
}
ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint or OpenDocument"


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str


def _refuse(upload: UploadedFile, reason: str) -> ValidationError:
    return ValidationError(f"“{upload.name}” {reason}", code="attachment")


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """What the file really is, or a ValidationError saying why it is refused."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        return_size = f"{upload.size / (1024 * 1024):.1f} MB"
        raise _refuse(upload, f"is {return_size}: the largest file allowed is 10 MB.")
    if upload.size == 0:
        raise _refuse(upload, "is empty.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    name = upload.name.lower()
    if head.startswith(b"%PDF-"):
        return CheckedFile("PDF", "application/pdf")
    if head.startswith(_OLE2):
        for suffix, (kind, content_type) in _OLE2_KINDS.items():
            if name.endswith(suffix):
                return CheckedFile(kind, content_type)
        raise _refuse(upload, "is an older Office file without a .doc, .xls or .ppt name.")
    if head.startswith(b"PK\x03\x04"):
        checked = _check_zip_document(upload)
        if checked:
            return checked
    raise _refuse(upload, f"is not a {ALLOWED_DESCRIPTION} file, so it cannot be attached.")


def _check_zip_document(upload: UploadedFile) -> CheckedFile | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in _ODF:
                    return CheckedFile(_ODF[mimetype], mimetype)
            if "[Content_Types].xml" in names:
                for prefix, (kind, content_type) in _OOXML.items():
                    if any(entry.startswith(prefix) for entry in names):
                        return CheckedFile(kind, content_type)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None
