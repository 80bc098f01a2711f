"""The facets' index (migration 0012): PostgreSQL's generated columns hold
the same values the search asks for, and a search narrowed by facets through
them finds exactly what the facet columns say."""

from datetime import datetime
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from practice_db.search import FACETS, SearchParams, match_where
from practice_db.search.facets import FACETS_BY_NAME, facet_keys, filter_sql
from practice_db.search.tables import EXAMPLE, TABLE
from tests.factories import PracticeExampleFactory, TopicFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def examples(london_trust, trent_trust):
    subject = TopicFactory(name="Urgent care")
    topic = TopicFactory(name="Minor injuries", parent=subject)
    other = TopicFactory(name="Falls")
    made = []
    for number, (organisation, care, evidence, beacon, year, topics) in enumerate(
        [
            (london_trust, "acute", "strong", True, 2001, [topic]),
            (london_trust, "community", "moderate", False, 2001, [other]),
            (trent_trust, "acute", "moderate", False, 2003, [topic, other]),
            (trent_trust, "", "", True, 2003, []),
        ]
    ):
        example = PracticeExampleFactory(
            published=True,
            title=f"Example {number}",
            organisation=organisation,
            care_setting=care,
            evidence_rating=evidence,
            is_beacon=beacon,
            published_at=datetime(year, 6, 1, 12, tzinfo=LONDON),
        )
        example.topics.set(topics)
        example.save()  # the search trigger fills the facet columns from the topics
        made.append(example)
    return made


def stored(example) -> tuple[list, list]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT facet_keys, facet_labels FROM {TABLE} WHERE {EXAMPLE.id} = %s",  # noqa: S608
            [example.pk],
        )
        return cursor.fetchone()


def own_values(example) -> dict[str, list]:
    """Each facet's values of the example, as a search would choose them."""
    example.refresh_from_db()
    return {
        "region": [example.facet_region_id],
        "topic": list(example.facet_topic_ids),
        "care_setting": [example.care_setting],
        "evidence": [example.evidence_rating],
        "organisation_type": [example.facet_organisation_type],
        "beacon": ["yes" if example.is_beacon else "no"],
        "year": [example.facet_year],
    }


def test_the_generated_columns_hold_what_a_search_asks_for(examples):
    for example in examples:
        keys, labels = stored(example)
        expected = [
            key
            for name, values in own_values(example).items()
            for key in facet_keys(FACETS_BY_NAME[name], values)
        ]
        assert sorted(map(str, keys + labels)) == sorted(map(str, expected))


def matching(where_sql: str, params: list) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {EXAMPLE.id} FROM {TABLE} WHERE {where_sql}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def test_facets_asked_of_the_index_find_what_the_columns_say(examples):
    """Every pair of facets, with each example's own values and values none
    has: the same examples either way."""
    choices = {name: set() for name in FACETS_BY_NAME}
    for example in examples:
        for name, values in own_values(example).items():
            choices[name].update(str(value) for value in values if value not in (None, ""))
    choices["region"].add("999")
    choices["topic"].add("999")
    choices["year"].add("1999")
    choices["care_setting"].add("ambulance")
    found = 0
    for first, second in combinations([facet.name for facet in FACETS], 2):
        cast = {n: FACETS_BY_NAME[n].cast for n in (first, second)}
        # Each value alone, and all of a facet's values at once (OR).
        firsts = [(a,) for a in sorted(choices[first])] + [tuple(sorted(choices[first]))]
        seconds = [(b,) for b in sorted(choices[second])] + [tuple(sorted(choices[second]))]
        for a in firsts:
            for b in seconds:
                filters = {
                    first: tuple(map(cast[first], a)),
                    second: tuple(map(cast[second], b)),
                }
                where = match_where(SearchParams(filters=filters))
                by_columns = [filter_sql(FACETS_BY_NAME[n], v) for n, v in filters.items()]
                columns_sql = " AND ".join(sql for sql, _ in by_columns)
                columns_params = [p for _, params in by_columns for p in params]
                by_index = matching(where.sql, where.params)
                assert by_index == matching(
                    f"{EXAMPLE.status} = 'published' AND {columns_sql}", columns_params
                ), filters
                found += bool(by_index)
    assert found > 100  # most choices find some of the examples
