"""Checking attachments by what they contain, not by what they are called."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# The most a request with documents may carry: five documents at the limit,
# and the form's text (at most DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) with room
# to spare. A proxy in front must let requests this size through (README).
MAX_UPLOAD_REQUEST_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 5 * 1024 * 1024

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
_UNLOCK = "Remove the password (or save a copy as PDF) and attach that instead."

# The extension a stored file gets, from what its content turned out to be
# (never from the name it arrived with).
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    _OOXML["word/"][1]: ".docx",
    _OOXML["xl/"][1]: ".xlsx",
    _OOXML["ppt/"][1]: ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}

# Office and OpenDocument files are zip archives, and a few kilobytes of zip
# can unpack to gigabytes. So the sizes the archive declares are added up
# first and one that would unpack to more than this is refused without
# unpacking anything; then each entry is read through in small pieces, which
# checks its CRC, and zipfile never yields more than an entry declares. A
# 10 MB spreadsheet of plain figures unpacks to about 100 MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
# The `mimetype` entry of an OpenDocument file holds one short line.
MAX_MIMETYPE_BYTES = 200
_READ_SIZE = 64 * 1024
# Office and OpenDocument files are stored or deflated, nothing else.
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# Set in an entry's flags when it is encrypted.
_ZIP_ENCRYPTED = 0x1
# What zipfile, zlib and the file itself may raise about a damaged archive.
_ZIP_DAMAGE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


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
        limit = _megabytes(MAX_ATTACHMENT_BYTES)
        raise _refuse(upload, f"is {return_size}: the largest file allowed is {limit}.")
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
        if name.endswith((".docx", ".xlsx", ".pptx")):
            # Office keeps a password-protected file in the older container.
            raise _refuse(upload, f"is protected by a password. {_UNLOCK}")
        raise _refuse(upload, "is an older Office file without a .doc, .xls or .ppt name.")
    if head.startswith(b"PK\x03\x04"):
        checked = _check_zip_document(upload)
        if checked:
            return checked
    raise _refuse(upload, f"is not a {ALLOWED_DESCRIPTION} file, so it cannot be attached.")


def _check_zip_document(upload: UploadedFile) -> CheckedFile | None:
    """What an Office or OpenDocument file is; None for any other zip (or none).

    Refuses, saying why, an archive that is encrypted, packed with a method
    Office does not use, too big unpacked, or damaged anywhere.
    """
    try:
        archive = zipfile.ZipFile(upload)
    except _ZIP_DAMAGE:
        upload.seek(0)
        return None
    try:
        with archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise _refuse(upload, "holds too many parts to be a document.")
            if any(entry.flag_bits & _ZIP_ENCRYPTED for entry in entries):
                raise _refuse(upload, f"is protected by a password. {_UNLOCK}")
            if any(entry.compress_type not in _ZIP_METHODS for entry in entries):
                raise _refuse(
                    upload,
                    "is packed in a way Office and OpenDocument files are not, so it "
                    "cannot be attached. Save it again from Office, or as PDF.",
                )
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                limit = MAX_UNPACKED_BYTES // (1024 * 1024)
                raise _refuse(
                    upload,
                    f"would unpack to more than {limit} MB, more than any document needs. "
                    "Save it smaller (or as PDF) and try again.",
                )
            checked = _zip_document_kind(archive)
            if checked is None:
                return None
            for entry in entries:
                with archive.open(entry) as unpacked:
                    while unpacked.read(_READ_SIZE):
                        pass  # reading to the end checks the entry's CRC
            return checked
    except _ZIP_DAMAGE as error:
        raise _refuse(
            upload,
            "is damaged, so it cannot be attached. Open it in Office, save it again, "
            "and attach the new copy.",
        ) from error
    finally:
        upload.seek(0)


def _zip_document_kind(archive: zipfile.ZipFile) -> CheckedFile | None:
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as entry:
            mimetype = entry.read(MAX_MIMETYPE_BYTES).decode("ascii", "replace").strip()
        if mimetype in _ODF:
            return CheckedFile(_ODF[mimetype], mimetype)
    if "[Content_Types].xml" in names:
        for prefix, (kind, content_type) in _OOXML.items():
            if any(name.startswith(prefix) for name in names):
                return CheckedFile(kind, content_type)
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class DocumentUploadHandler(FileUploadHandler):
    """Reads no more of a request than the example form would keep.

    First in the request's upload handlers (see `limit_uploads`). A request
    larger than MAX_UPLOAD_REQUEST_BYTES is not read past the start of its
    first file (the form's text comes before its documents, so the form comes
    back with it); a document past MAX_ATTACHMENT_BYTES, and any beyond
    MAX_ATTACHMENTS, is skipped as soon as that is known and never stored.
    `refusals` says why, for the form to show.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.refusals: list[str] = []
        self.files_chosen = 0
        self.received = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > MAX_UPLOAD_REQUEST_BYTES
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.too_large:
            self.refusals.append(
                f"The documents you chose add up to more than "
                f"{_megabytes(MAX_UPLOAD_REQUEST_BYTES)}, so none of them was kept. Choose at "
                f"most {MAX_ATTACHMENTS}, each up to {_megabytes(MAX_ATTACHMENT_BYTES)}."
            )
            # Raised at the first file, before any is stored: the rest of the
            # request is not read.
            raise StopUpload(connection_reset=True)
        self.files_chosen += 1
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # Skipped here rather than in new_file: by now every handler has
        # opened this file, so skipping closes this file and not the last one.
        if self.files_chosen > MAX_ATTACHMENTS:
            raise SkipFile
        self.received += len(raw_data)
        if self.received > MAX_ATTACHMENT_BYTES:
            self.refusals.append(
                f"“{self.file_name}” is larger than {_megabytes(MAX_ATTACHMENT_BYTES)}, "
                "the largest file allowed, so it was not kept."
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    @property
    def too_many(self) -> bool:
        return self.files_chosen > MAX_ATTACHMENTS


def limit_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Read the view's uploads through `DocumentUploadHandler`.

    The handler must be in place before anything reads the request body, and
    CsrfViewMiddleware reads it before the view runs. So the view is exempt
    from the middleware and checked for its CSRF token here instead, once
    the handler is in place: exactly as strict, in a different order.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.document_upload = DocumentUploadHandler(request)
        request.upload_handlers.insert(0, request.document_upload)
        return protected(request, *args, **kwargs)

    return wrapper


def received_documents(request: HttpRequest) -> tuple[list[UploadedFile], list[ValidationError]]:
    """The documents to check and keep from this request, and what was refused
    while it was read. More than MAX_ATTACHMENTS at once: none is kept."""
    handler: DocumentUploadHandler | None = getattr(request, "document_upload", None)
    documents = request.FILES.getlist("documents")
    if handler is None:
        return documents, []
    refused = [ValidationError(message, code="attachment") for message in handler.refusals]
    if handler.too_many:
        chosen = ValidationError(
            f"Choose at most {MAX_ATTACHMENTS} documents at once: you chose "
            f"{handler.files_chosen}. None of them was kept.",
            code="attachment",
        )
        return [], [chosen]
    return documents, refused
