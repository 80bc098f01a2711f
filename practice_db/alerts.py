# The SQL is built from the models' quoted names; values are parameters.
# ruff: noqa: S608
"""Saved-search alerts: email each saver the examples newly published that match.

Each example goes to each member of staff once, ever. A SearchAlert row
records every example sent to every person, so that the next email lists
only what is new, and it is written in the transaction that queues the
email. The email's key names the saver and exactly the examples it lists,
so a second run, even at once, never queues it twice; and one saver's runs
take turns (their saved searches are locked), so the second finds nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.http import QueryDict

from learning_network.email import about_objects, send_once
from practice_db import search
from practice_db.filters import ExampleSearchFilter
from practice_db.models import PracticeExample, SavedSearch, SearchAlert
from practice_db.search.tables import EXAMPLE, Columns
from practice_db.unsubscribe import saved_search_link, saved_searches_link

MAX_PER_SEARCH = 50


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


def _new_matches(saved: SavedSearch, params: search.SearchParams, sent: set[int]) -> list[int]:
    """The matches published since the search was saved that this person has
    not been sent, newest first, leaving out `sent` (already in this email)."""
    where = search.match_where(params)
    example, alert = EXAMPLE, Columns(SearchAlert)
    sql = (
        f"SELECT {example.table}.{example.id} FROM {example.table} WHERE {where.sql} "
        f"AND {example.table}.{example.published_at} >= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {alert.table} a "
        f"WHERE a.{alert.user_id} = %s AND a.{alert.example_id} = {example.table}.{example.id}) "
        f"AND NOT ({example.table}.{example.id} = ANY(%s)) "
        f"ORDER BY {example.table}.{example.published_at} DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*where.params, saved.created_at, saved.user_id, sorted(sent), MAX_PER_SEARCH]
        )
        return [example_id for (example_id,) in cursor.fetchall()]


def send_search_alerts() -> int:
    """Queue for every saver an email of their new matches; how many emails."""
    choices = search.FacetChoices.load()
    savers = (
        SavedSearch.objects.filter(alerts=True, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(_alert_saver(user_id, choices) for user_id in savers)


def _alert_saver(user_id: int, choices: search.FacetChoices) -> int:
    with transaction.atomic():
        # One run at a time for each saver: the next sees what this one records.
        searches = list(
            SavedSearch.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id, alerts=True)
            .order_by("pk")
        )
        groups: list[AlertGroup] = []
        sent: dict[int, SavedSearch] = {}
        for saved in searches:
            params = saved_search_params(saved, choices)
            if params is None or params.is_empty:
                continue
            ids = _new_matches(saved, params, set(sent))
            if not ids:
                continue
            sent.update(dict.fromkeys(ids, saved))
            examples = PracticeExample.objects.select_related("organisation__region").in_bulk(ids)
            groups.append(
                AlertGroup(
                    saved=saved,
                    examples=[examples[pk] for pk in ids],
                    unsubscribe_url=saved_search_link(saved).url,
                )
            )
        if not groups:
            return 0
        user = searches[0].user
        queued = send_once(
            key=("practice_db.search_alert", f"user:{user.pk}", about_objects("examples", sent)),
            to=user.email,
            template="practice_db/email/search_alert",
            context={
                "user": user,
                "groups": groups,
                "examples": [example for group in groups for example in group.examples],
            },
            unsubscribe=saved_searches_link(user.pk),
        )
        if not queued:
            return 0
        SearchAlert.objects.bulk_create(
            SearchAlert(user=user, example_id=pk, saved_search=saved) for pk, saved in sent.items()
        )
    return 1
