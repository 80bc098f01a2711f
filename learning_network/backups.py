"""Backing up the portal and bringing it back: the database and the uploaded documents.

A backup is one `.tar.gz` file holding

- `manifest.json`: when it was made, from which server, with which
  `pg_dump`, and how many rows each table and how many documents it holds;
- `database.dump`: `pg_dump --format=custom` of the whole database, taken
  from one snapshot;
- `media/...`: every uploaded document.

Consistent: the documents the dump refers to are listed from the same
snapshot that `pg_dump` reads (an exported snapshot held open while it runs).
Documents are only added before their row is saved and removed after their
row is deleted, so every one listed is still there when copied, unless it
was deleted while the backup ran; then the backup starts again.

`pg_dump` must be at least as new as the server and `pg_restore` at least as
new as the `pg_dump` that wrote the archive, so both are taken from the
newest PostgreSQL found: the embedded server's (16) or the machine's.

A restore goes only into an empty database. The archive is checked first
(no absolute paths, no `..`, no links or devices), the documents are
unpacked beside the media folder, the database is restored in one
transaction, and only then are the documents moved into place; the row
counts are compared with the manifest.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections, models, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
# Tries when documents are deleted while a backup runs.
ATTEMPTS = 3


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    rows: dict[str, int]
    documents: int
    document_bytes: int
    missing_documents: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    database: str
    rows: dict[str, int]
    documents: int


# PostgreSQL's own tools ------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    path: Path
    major: int


def _tool_dirs() -> list[Path]:
    dirs = []
    # The embedded server's tools, found without importing pgserver (which
    # would want a runtime folder).
    if (spec := importlib.util.find_spec("pgserver")) and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return dirs


def find_tool(name: str, *, at_least: int = 0) -> Tool:
    """The newest `pg_dump` or `pg_restore` found, refusing one older than `at_least`."""
    candidates = [directory / name for directory in _tool_dirs()]
    if found := shutil.which(name):
        candidates.append(Path(found))
    tools = []
    for path in candidates:
        with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError):
            version = subprocess.run(  # noqa: S603 (our own list of paths)
                [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
            ).stdout
            match = re.search(r"\b(\d+)(?:\.\d+)?", version)
            tools.append(Tool(path=path, major=int(match.group(1))))
    if not tools:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client tools "
            f"(version {at_least} or newer), or the embedded database's package, pgserver."
        )
    newest = max(tools, key=lambda tool: tool.major)
    if newest.major < at_least:
        raise BackupError(
            f"The database server is PostgreSQL {at_least}, but the newest {name} found is "
            f"version {newest.major} ({newest.path}). Install the PostgreSQL {at_least} "
            "client tools."
        )
    return newest


def _connection_args(alias: str) -> tuple[list[str], dict[str, str], str]:
    """Command-line options, environment (password and TLS) and database name."""
    settings_dict = connections[alias].settings_dict
    args = []
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = dict(env or {})
    if timeout := settings_dict["OPTIONS"].get("connect_timeout"):
        env["PGCONNECT_TIMEOUT"] = str(timeout)
    return args, os.environ | env, settings_dict["NAME"]


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        detail = "; ".join(lines[-3:]) or f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {detail}")


# What is in the database ------------------------------------------------------


def _portal_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model._meta.managed]


def count_rows(alias: str, labels: list[str] | None = None) -> dict[str, int]:
    """Rows in each of the portal's tables (or those named), by model label."""
    if labels is None:
        chosen = _portal_models()
    else:
        known = {model._meta.label: model for model in _portal_models()}
        chosen = [known[label] for label in labels if label in known]
    return {model._meta.label: model._base_manager.using(alias).count() for model in chosen}


def referenced_documents(alias: str) -> set[str]:
    """The names of every stored file the database refers to."""
    names: set[str] = set()
    for model in _portal_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                names.update(
                    model._base_manager.using(alias)
                    .exclude(**{model_field.attname: ""})
                    .exclude(**{f"{model_field.attname}__isnull": True})
                    .values_list(model_field.attname, flat=True)
                    .distinct()
                )
    return names


def _media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "Uploaded documents are not kept in a folder here "
            f"({type(default_storage).__name__}); back them up with the storage service."
        )
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under the media folder, with its name in storage."""
    if not root.is_dir():
        return
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(name for name in subdirs if not name.startswith(".restore-"))
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


# Backing up -------------------------------------------------------------------


def default_backup_dir() -> Path:
    """Outside var/, so that `make clean-var` keeps the backups."""
    return Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "backups"))


def make_backup(*, output_dir: Path, alias: str = "default") -> BackupResult:
    """Write one consistent backup file of the database and the documents."""
    media_root = _media_root()
    connection = connections[alias]
    connection.ensure_connection()
    pg_dump = find_tool("pg_dump", at_least=connection.pg_version // 10000)
    output_dir.mkdir(parents=True, exist_ok=True)
    for _ in range(ATTEMPTS):
        result = _try_backup(pg_dump, media_root, output_dir, alias)
        if result is not None:
            return result
    raise BackupError(
        f"Documents were deleted while each of {ATTEMPTS} backups ran; try again when "
        "the portal is quieter."
    )


def _try_backup(pg_dump: Tool, media_root: Path, output_dir: Path, alias: str):
    args, env, name = _connection_args(alias)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = output_dir / f"learning-network-{stamp}.tar.gz"
    counter = 1
    while target.exists():
        counter += 1
        target = output_dir / f"learning-network-{stamp}-{counter}.tar.gz"
    partial = target.with_name(f".{target.name}.partial")
    connection = connections[alias]
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        dump = Path(work) / DUMP
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            # One snapshot for the list of documents, the row counts and pg_dump.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            referenced = referenced_documents(alias)
            rows = count_rows(alias)
            _run(
                [
                    str(pg_dump.path),
                    *args,
                    f"--snapshot={snapshot}",
                    "--format=custom",
                    "--compress=0",  # the whole archive is compressed once
                    f"--file={dump}",
                    name,
                ],
                env=env,
                what="pg_dump",
            )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": name,
            "server_version": connection.pg_version,
            "pg_dump_major": pg_dump.major,
            "rows": rows,
        }
        copied, copied_bytes = set(), 0
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
                archive.add(dump, arcname=DUMP)
                for path, stored_name in _media_files(media_root):
                    with contextlib.suppress(FileNotFoundError):
                        archive.add(path, arcname=f"{MEDIA}/{stored_name}", recursive=False)
                        copied.add(stored_name)
                        copied_bytes += path.stat().st_size
                missing = sorted(referenced - copied)
                if missing and set(missing) - referenced_documents(alias):
                    raise _StartAgain  # deleted, row and all, since the snapshot
                manifest |= {
                    "documents": len(copied),
                    "document_bytes": copied_bytes,
                    "missing_documents": missing,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            partial.chmod(0o600)  # accounts and everything staff wrote
            os.replace(partial, target)
        except _StartAgain:
            return None
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(
        path=target,
        rows=rows,
        documents=len(copied),
        document_bytes=copied_bytes,
        missing_documents=missing,
    )


class _StartAgain(Exception):
    pass


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# Restoring --------------------------------------------------------------------


def check_archive(archive: tarfile.TarFile) -> dict:
    """Refuse anything that is not a backup, or that would write outside its folders."""
    names = set()
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or "\\" in member.name:
            raise BackupError(f"The backup holds a file with an unsafe path: {member.name!r}.")
        if not (member.isfile() or member.isdir()):
            raise BackupError(
                f"The backup holds a link or device, which is refused: {member.name!r}."
            )
        top = path.parts[0] if path.parts else ""
        if member.name not in {MANIFEST, DUMP} and top != MEDIA:
            raise BackupError(f"The backup holds an unexpected file: {member.name!r}.")
        names.add(member.name)
    if not {MANIFEST, DUMP} <= names:
        raise BackupError("This is not a Learning Network backup: it has no manifest or no dump.")
    manifest = json.loads(archive.extractfile(MANIFEST).read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"This backup's format ({manifest.get('format')}) is not one this version reads."
        )
    return manifest


def database_is_empty(alias: str) -> tuple[bool, int]:
    """Whether the database has no tables, views or sequences of its own, and how many."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg\\_toast%%' AND n.nspname NOT LIKE 'pg\\_temp\\_%%'"
        )
        count = cursor.fetchone()[0]
    return count == 0, count


def restore_backup(*, archive_path: Path, alias: str = "default") -> RestoreResult:
    """Bring a backup back into an empty database, with its documents."""
    if not archive_path.is_file():
        raise BackupError(f"There is no backup file at {archive_path}.")
    media_root = _media_root()
    try:
        archive = tarfile.open(archive_path, "r:*")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} is not a backup file: {error}.") from error
    with archive:
        manifest = check_archive(archive)
        args, env, name = _connection_args(alias)
        empty, relations = database_is_empty(alias)
        if not empty:
            raise BackupError(
                f"The database {name!r} is not empty ({relations} tables, views or sequences). "
                "Restore only into an empty database: create a new one and point DATABASE_URL "
                "at it, or, for the embedded database, run `make clean-var` first (this "
                "deletes the local data)."
            )
        pg_restore = find_tool("pg_restore", at_least=manifest.get("pg_dump_major", 0))
        media_root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=media_root, prefix=".restore-") as work:
            staging = Path(work)
            dump = staging / DUMP
            with archive.extractfile(DUMP) as source, dump.open("wb") as target:
                shutil.copyfileobj(source, target)
            documents = []
            for member in archive.getmembers():
                if member.isfile() and member.name.startswith(f"{MEDIA}/"):
                    stored_name = member.name.removeprefix(f"{MEDIA}/")
                    staged = staging / MEDIA / stored_name
                    staged.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(member) as source, staged.open("wb") as target:
                        shutil.copyfileobj(source, target)
                    documents.append(stored_name)
            connections[alias].close()  # pg_restore works on its own connection
            _run(
                [
                    str(pg_restore.path),
                    *args,
                    f"--dbname={name}",
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-owner",
                    "--no-privileges",
                    str(dump),
                ],
                env=env,
                what="pg_restore (nothing was restored)",
            )
            for stored_name in documents:
                destination = media_root / stored_name
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / MEDIA / stored_name, destination)
    expected = manifest.get("rows", {})
    # A model added since the backup has no table in it yet: `migrate` makes it.
    rows = count_rows(alias, labels=list(expected))
    differing = {label: (rows.get(label), count) for label, count in expected.items()}
    differing = {label: pair for label, pair in differing.items() if pair[0] != pair[1]}
    if differing:
        shown = ", ".join(
            f"{label}: {found} of {wanted}" for label, (found, wanted) in differing.items()
        )
        raise BackupError(f"The restored database differs from the backup: {shown}.")
    return RestoreResult(database=name, rows=rows, documents=len(documents))
