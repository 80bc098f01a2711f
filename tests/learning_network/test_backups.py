"""A backup brings back every example, document and history row, into an empty database only."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from learning_network import backups
from practice_db import services
from practice_db.models import Attachment, Revision
from tests.factories import PracticeExampleFactory

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def server_connection(dbname: str = "postgres") -> psycopg.Connection:
    """A connection of its own to the test database's server, outside Django's."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def empty_database():
    """The name of a new, empty database on the test server."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with server_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with server_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(name: str) -> str:
    """The address of database `name` on the server the tests use. The embedded
    server answers on a Unix socket, whose folder goes in the host part
    percent-encoded."""
    params = connection.settings_dict
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    host = quote(params["HOST"] or "", safe="")
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{params['USER']}{password}@{host}{port}/{name}"


def attach(example, user, name: str, content: bytes) -> Attachment:
    return Attachment.objects.create(
        example=example,
        file=ContentFile(content, name=name),
        original_name=name,
        content_type="application/pdf",
        kind="PDF",
        size=len(content),
        uploaded_by=user,
    )


@pytest.fixture
def portal_with_history(reference_data, staff, moderator_london, settings, tmp_path):
    """Examples in every state, with documents (one still staged) and their history."""
    settings.MEDIA_ROOT = tmp_path / "media"
    examples = [
        PracticeExampleFactory(submitter=staff, organisation=staff.organisation) for _ in range(4)
    ]
    for example in examples[:3]:
        services.transition_example(actor=staff, example_id=example.pk, action="submit")
    for example in examples[:2]:
        services.transition_example(actor=moderator_london, example_id=example.pk, action="publish")
    services.transition_example(
        actor=moderator_london,
        example_id=examples[2].pk,
        action="request_changes",
        comment="Add the audit figures, please.",
    )
    Revision.objects.create(
        example=examples[0], author=staff, content={"summary": "Now by eleven."}
    )
    for number, example in enumerate(examples):
        attach(example, staff, f"evaluation-{number}.pdf", PDF + bytes([number]) * 1000)
    attach(None, staff, "staged.pdf", PDF + b"staged")  # on a form not yet saved
    return examples


def snapshot_of(dbname: str, media_root) -> dict:
    """Everything the test compares, read straight from a database and a media folder."""
    with server_connection(dbname) as db:

        def rows(sql: str) -> list[tuple]:
            return sorted(db.execute(sql).fetchall(), key=repr)

        return {
            "examples": rows(
                "SELECT id, title, status, version, organisation_id, submitter_id"
                " FROM practice_db_practiceexample"
            ),
            "topics": rows(
                "SELECT practiceexample_id, topic_id FROM practice_db_practiceexample_topics"
            ),
            "history": rows(
                "SELECT id, example_id, actor_id, from_status, to_status, kind, comment,"
                " created_at FROM practice_db_moderationevent"
            ),
            "revisions": rows("SELECT id, example_id, status, content FROM practice_db_revision"),
            "documents": [
                (*row, (media_root / row[2]).read_bytes())
                for row in rows("SELECT id, example_id, file, size FROM practice_db_attachment")
            ],
            "accounts": rows("SELECT id, email, password FROM accounts_user"),
        }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_brings_everything_back(
    portal_with_history, empty_database, settings, tmp_path
):
    original = snapshot_of(connection.settings_dict["NAME"], settings.MEDIA_ROOT)
    assert len(original["examples"]) == 4
    assert len(original["history"]) == 6
    assert len(original["revisions"]) == 1
    assert len(original["documents"]) == 5

    call_command("backup", output_dir=tmp_path / "backups", stdout=io.StringIO())
    [backup] = (tmp_path / "backups").iterdir()
    assert backup.name.startswith("learning-network-") and backup.name.endswith(".tar.gz")
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner alone

    # As someone would, from the command line, into a new database and media folder.
    restored_media = tmp_path / "media-restored"
    restore = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env=os.environ
        | {
            "DATABASE_URL": database_url(empty_database),
            "DJANGO_DEBUG": "true",
            "MEDIA_ROOT": str(restored_media),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert restore.returncode == 0, restore.stderr
    assert "Restored" in restore.stdout

    assert snapshot_of(empty_database, restored_media) == original
    # The search triggers came back with the tables: a new title is indexed.
    with server_connection(empty_database) as db:
        example_id = original["examples"][0][0]
        db.execute(
            "UPDATE practice_db_practiceexample SET title = 'Zebrafish clinic' WHERE id = %s",
            [example_id],
        )
        vector = db.execute(
            "SELECT search_vector::text FROM practice_db_practiceexample WHERE id = %s",
            [example_id],
        ).fetchone()[0]
    assert "'zebrafish'" in vector


@pytest.mark.django_db(transaction=True)
def test_a_document_deleted_while_the_backup_runs_starts_it_again(
    portal_with_history, settings, tmp_path, monkeypatch
):
    files = backups._media_files
    doomed = Attachment.objects.filter(example__isnull=False).first()
    calls = []

    def media_files_as_someone_deletes_a_document(root):
        calls.append(root)
        if len(calls) == 1:  # after the snapshot, before the copy: as services do it
            name = doomed.file.name
            doomed.delete()
            doomed.file.storage.delete(name)
        return files(root)

    monkeypatch.setattr(backups, "_media_files", media_files_as_someone_deletes_a_document)
    result = backups.make_backup(output_dir=tmp_path / "backups")

    assert len(calls) == 2
    assert result.missing_documents == []
    assert result.rows["practice_db.Attachment"] == result.documents == 4
    assert len(list((tmp_path / "backups").iterdir())) == 1


def archive_with(tmp_path, *members: tuple[tarfile.TarInfo, bytes]) -> str:
    path = tmp_path / "backup.tar.gz"
    manifest = json.dumps({"format": backups.FORMAT_VERSION, "rows": {}}).encode()
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [("manifest.json", manifest), ("database.dump", b"PGDMP")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info, data in members:
            archive.addfile(info, io.BytesIO(data))
    return str(path)


def member(name: str, kind: bytes = tarfile.REGTYPE, data: bytes = b"x") -> tuple:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
        info.linkname = "/etc/passwd"
    return info, data if kind == tarfile.REGTYPE else b""


@pytest.mark.parametrize(
    ("unsafe", "message"),
    [
        (member("media/../../outside.txt"), "unsafe path"),
        (member("/etc/cron.d/absolute"), "unsafe path"),
        (member("media/link", tarfile.SYMTYPE), "link or device"),
        (member("media/hard", tarfile.LNKTYPE), "link or device"),
        (member("settings.py"), "unexpected file"),
    ],
)
@pytest.mark.django_db
def test_a_backup_with_an_unsafe_member_is_refused_before_anything_is_written(
    tmp_path, settings, unsafe, message
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(CommandError, match=message):
        call_command("restore", archive_with(tmp_path, unsafe))
    assert not (tmp_path / "outside.txt").exists()
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.django_db
def test_restoring_into_a_database_that_is_not_empty_is_refused(tmp_path, settings, staff):
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = archive_with(tmp_path, member("media/practice_db/attachments/a.pdf"))
    with pytest.raises(CommandError, match="is not empty .* Restore only into an empty database"):
        call_command("restore", backup)
    assert not (settings.MEDIA_ROOT / "practice_db").exists()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("shopping list")
    with pytest.raises(CommandError, match="is not a backup file"):
        call_command("restore", str(not_a_backup))
