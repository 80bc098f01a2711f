from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from accounts import permissions


@dataclass(frozen=True)
class _Part:
    """One model read by the statement: its columns' attribute names, and
    where they sit in the row."""

    model: type
    attnames: list[str]
    start: int

    def read(self, alias: str, row: tuple):
        values = row[self.start : self.start + len(self.attnames)]
        if values[self.attnames.index(self.model._meta.pk.attname)] is None:
            return None  # no such row joined (a user with no organisation)
        return self.model.from_db(alias, self.attnames, values)


@cache
def _select_user(alias: str) -> tuple[str, tuple[_Part, _Part, _Part]]:
    """The statement that reads a user, their organisation and its region,
    and their groups' names, built once from the models' names; and where
    each model's columns sit in its row (the groups' names come last)."""
    user_model = get_user_model()
    quote = connections[alias].ops.quote_name
    organisation_field = user_model._meta.get_field("organisation")
    organisation_model = organisation_field.related_model
    region_field = organisation_model._meta.get_field("region")
    region_model = region_field.related_model
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
    columns, parts = [], []
    for table, model in (("u", user_model), ("o", organisation_model), ("r", region_model)):
        fields = model._meta.concrete_fields
        parts.append(_Part(model, [field.attname for field in fields], len(columns)))
        columns.extend(f"{table}.{quote(field.column)}" for field in fields)
    sql = (
        f"SELECT {', '.join(columns)}, {names} "  # noqa: S608 - _meta
        f"FROM {quote(user_model._meta.db_table)} u "
        f"LEFT JOIN {quote(organisation_model._meta.db_table)} o "
        f"ON o.{quote(organisation_model._meta.pk.column)} = u.{quote(organisation_field.column)} "
        f"LEFT JOIN {quote(region_model._meta.db_table)} r "
        f"ON r.{quote(region_model._meta.pk.column)} = o.{quote(region_field.column)} "
        f"WHERE u.{quote(user_model._meta.pk.column)} = %s"
    )
    return sql, tuple(parts)


class VerifiedEmailBackend(ModelBackend):
    """Signs people in by email and password, once they have verified the email."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.email_verified_at is not None

    def get_user(self, user_id):
        """The signed-in user of each request, read with the names of their
        groups in one statement built once: nearly every page asks about
        roles (the navigation does), which would otherwise cost a second
        statement, and building the query through the ORM on every request
        cost as much as running it. Their organisation and its region come
        in the same statement (the home page, the navigation and the apps'
        panels ask for the person's region), ready on `user.organisation`."""
        user_model = get_user_model()
        alias = router.db_for_read(user_model)
        sql, (user_part, organisation_part, region_part) = _select_user(alias)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = user_part.read(alias, row)
        if not self.user_can_authenticate(user):
            return None
        organisation = organisation_part.read(alias, row)
        if organisation is not None:
            organisation_part.model.region.field.set_cached_value(
                organisation, region_part.read(alias, row)
            )
            user_part.model.organisation.field.set_cached_value(user, organisation)
        permissions.remember_group_names(user, row[-1])
        return user
