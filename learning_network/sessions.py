"""Django's database sessions, each page's session read by a statement
written once rather than built by the ORM on every request.

Every signed-in page reads its session; building that one query through
the ORM cost about as much as running it. What is read, and when a session
counts as expired, are Django's (`django.contrib.sessions.backends.db`);
writing is Django's own. SESSION_ENGINE when sessions live in PostgreSQL.
"""

from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.db import connections, router
from django.utils import timezone

_FIELDS = ("session_key", "session_data", "expire_date")


@cache
def _select(model, alias: str) -> str:
    meta, quote = model._meta, connections[alias].ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in _FIELDS}
    return (
        f"SELECT {', '.join(column.values())} FROM {quote(meta.db_table)} "  # noqa: S608 - _meta
        f"WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
    )


# Django makes every session key of 32 of these characters.
KEY_LENGTH = 32
_KEY_CHARACTERS = frozenset(VALID_KEY_CHARS)


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        """Only a key Django could have made is looked up: anything else in
        the cookie (a NUL, which PostgreSQL refuses, or a long string) is no
        session, and the database is not asked."""
        return isinstance(key, str) and len(key) == KEY_LENGTH and _KEY_CHARACTERS.issuperset(key)

    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        with connections[alias].cursor() as cursor:
            cursor.execute(_select(model, alias), [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: a new session is made if one is saved
            return None
        return model(**dict(zip(_FIELDS, row, strict=True)))
