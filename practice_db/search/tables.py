"""The names search's SQL uses: each table and column from its model's `_meta`.

Every name is quoted with the connection's `quote_name`, so a renamed table
or column (`db_table`, `db_column`) is followed here without an edit, and no
name is ever spelled out in a statement.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

from directory.models import Organisation, Region
from practice_db.models import PracticeExample


class Columns:
    """One model's table and columns as quoted SQL names.

    `Columns(PracticeExample).title` is the column of the field `title`; a
    foreign key answers to its `_id` name (`organisation_id`), as in SQL.
    """

    def __init__(self, model: type[Model]) -> None:
        quote = connection.ops.quote_name
        self.table: str = quote(model._meta.db_table)
        fields = model._meta.concrete_fields
        self._columns = {field.attname: quote(field.column) for field in fields}

    def __getattr__(self, attname: str) -> str:
        try:
            return self.__dict__["_columns"][attname]
        except KeyError:
            raise AttributeError(f"{self.table} has no column for {attname!r}") from None


EXAMPLE = Columns(PracticeExample)
ORGANISATION = Columns(Organisation)
REGION = Columns(Region)
# The examples' table: every statement reads it, and practice_db.alerts too.
TABLE = EXAMPLE.table
