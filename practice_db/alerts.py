# The SQL is built from practice_db.search's constants; values are parameters.
# ruff: noqa: S608
"""Saved-search alerts: email each saver the examples newly published that match.

Each example goes to each member of staff once, ever: the SearchAlert row is
claimed (INSERT ... ON CONFLICT DO NOTHING) in the same transaction that
queues the email, so two runs, even at once, never send an example twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.core import signing
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse

from learning_network.email import send_templated_email
from learning_network.tokens import load_signed
from practice_db import search
from practice_db.filters import ExampleSearchFilter
from practice_db.models import PracticeExample, SavedSearch

MAX_PER_SEARCH = 50
UNSUBSCRIBE_SALT = "practice_db.saved-search.unsubscribe"


def unsubscribe_token(saved: SavedSearch) -> str:
    """A link's token that stops this search's emails, without signing in."""
    return signing.dumps({"saved_search": saved.pk, "user": saved.user_id}, salt=UNSUBSCRIBE_SALT)


def saved_search_from_token(token: str) -> SavedSearch | None:
    data = load_signed(token, salt=UNSUBSCRIBE_SALT)
    if not data:
        return None
    return SavedSearch.objects.filter(pk=data.get("saved_search"), user_id=data.get("user")).first()


@dataclass
class AlertGroup:
    saved: SavedSearch
    examples: list[PracticeExample]
    unsubscribe_url: str


def saved_search_params(
    saved: SavedSearch, choices: search.FacetChoices
) -> search.SearchParams | None:
    """The saved search's parameters, or None if they no longer make sense."""
    filterset = ExampleSearchFilter(QueryDict(saved.query_string), choices=choices)
    if not filterset.is_valid():
        return None
    return filterset.search_params()


def _claim_new_matches(saved: SavedSearch, params: search.SearchParams) -> list[int]:
    """Record, and return, the matches published since the search was saved that
    this person has not been sent yet."""
    where = search.match_where(params)
    table = search.TABLE
    sql = (
        "INSERT INTO practice_db_searchalert (user_id, example_id, saved_search_id, sent_at) "
        f"SELECT %s, id, %s, now() FROM (SELECT id FROM {table} WHERE {where.sql} "
        f"AND {table}.published_at >= %s AND NOT EXISTS (SELECT 1 FROM practice_db_searchalert "
        f"a WHERE a.user_id = %s AND a.example_id = {table}.id) "
        f"ORDER BY {table}.published_at DESC LIMIT {MAX_PER_SEARCH}) AS new "
        "ON CONFLICT (user_id, example_id) DO NOTHING RETURNING example_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [saved.user_id, saved.pk, *where.params, saved.created_at, saved.user_id]
        )
        return [row[0] for row in cursor.fetchall()]


def send_search_alerts() -> int:
    """Email every saver their new matches; return how many emails were sent."""
    choices = search.FacetChoices.load()
    saved_searches = (
        SavedSearch.objects.filter(alerts=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "pk")
    )
    sent = 0
    for _, searches in groupby(saved_searches, key=lambda saved: saved.user_id):
        searches = list(searches)
        user = searches[0].user
        with transaction.atomic():
            groups = []
            for saved in searches:
                params = saved_search_params(saved, choices)
                if params is None or params.is_empty:
                    continue
                ids = _claim_new_matches(saved, params)
                if not ids:
                    continue
                examples = PracticeExample.objects.select_related("organisation__region").in_bulk(
                    ids
                )
                groups.append(
                    AlertGroup(
                        saved=saved,
                        examples=[examples[pk] for pk in ids],
                        unsubscribe_url=reverse(
                            "practice_db:search_unsubscribe", args=[unsubscribe_token(saved)]
                        ),
                    )
                )
            if not groups:
                continue
            send_templated_email(
                to=[user.email],
                template="practice_db/email/search_alert",
                context={
                    "user": user,
                    "groups": groups,
                    "examples": [example for group in groups for example in group.examples],
                },
            )
            sent += 1
    return sent
