"""Bring a backup (from `manage.py backup`) back into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from learning_network.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup file into an empty database, with its uploaded documents. "
        "Refuses a database that already has tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (.tar.gz).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        try:
            result = restore_backup(archive_path=options["file"], alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(result.rows.values()):,} rows and {result.documents:,} "
                f"documents into {result.database!r}. Run `python manage.py migrate` if the "
                "backup came from an older version of the portal."
            )
        )
