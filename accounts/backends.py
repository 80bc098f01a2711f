from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from accounts import permissions


@cache
def _select_user(alias: str) -> tuple[str, list[str]]:
    """The statement that reads a user and their groups' names, built once
    from the models' names; and the attribute names of its columns."""
    user_model = get_user_model()
    quote = connections[alias].ops.quote_name
    fields = user_model._meta.concrete_fields
    groups = user_model.groups.through._meta
    group_model = user_model.groups.field.related_model._meta
    user_column = quote(groups.get_field("user").column)
    group_column = quote(groups.get_field("group").column)
    names = (
        f"ARRAY(SELECT g.{quote(group_model.get_field('name').column)} "  # noqa: S608 - _meta
        f"FROM {quote(group_model.db_table)} g JOIN {quote(groups.db_table)} m "
        f"ON m.{group_column} = g.{quote(group_model.pk.column)} "
        f"WHERE m.{user_column} = u.{quote(user_model._meta.pk.column)})"
    )
    columns = ", ".join(f"u.{quote(field.column)}" for field in fields)
    sql = (
        f"SELECT {columns}, {names} FROM {quote(user_model._meta.db_table)} u "  # noqa: S608 - _meta
        f"WHERE u.{quote(user_model._meta.pk.column)} = %s"
    )
    return sql, [field.attname for field in fields]


class VerifiedEmailBackend(ModelBackend):
    """Signs people in by email and password, once they have verified the email."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.email_verified_at is not None

    def get_user(self, user_id):
        """The signed-in user of each request, read with the names of their
        groups in one statement built once: nearly every page asks about
        roles (the navigation does), which would otherwise cost a second
        statement, and building the query through the ORM on every request
        cost as much as running it."""
        user_model = get_user_model()
        alias = router.db_for_read(user_model)
        sql, attnames = _select_user(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = user_model.from_db(alias, attnames, row[:-1])
        if not self.user_can_authenticate(user):
            return None
        permissions.remember_group_names(user, row[-1])
        return user
