"""Back up the database and the uploaded documents into one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from learning_network.backups import BackupError, default_backup_dir, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and the uploaded documents to "
        "backups/learning-network-<date>-<time>.tar.gz (see README: Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Folder for the backup file (default: $BACKUP_DIR, or backups/).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        output_dir = options["output_dir"] or default_backup_dir()
        try:
            result = make_backup(output_dir=output_dir, alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing_documents[:5]:
            self.stderr.write(f"Missing before the backup began, so not in it: {name}")
        if len(result.missing_documents) > 5:
            self.stderr.write(f"... and {len(result.missing_documents) - 5} more missing.")
        rows = sum(result.rows.values())
        megabytes = result.document_bytes / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows:,} rows and {result.documents:,} documents "
                f"({megabytes:,.1f} MB) to {result.path}"
            )
        )
