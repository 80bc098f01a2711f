"""The commands around search: seeding examples, re-indexing, alerts."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from practice_db.models import PracticeExample

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> list[tuple]:
    return list(
        PracticeExample.objects.order_by("pk").values_list(
            "title", "summary", "organisation__code", "published_at", "facet_year"
        )
    )


def test_seed_examples_makes_searchable_examples_the_same_each_time(reference_data):
    call_command("seed_examples", count=25, seed=7, jobs=1, stdout=io.StringIO())
    first = snapshot()
    assert len(first) == 25
    examples = PracticeExample.objects.all()
    assert all(example.status == "published" for example in examples)
    assert all(example.search_vector for example in examples)
    assert all(example.facet_topic_ids for example in examples)
    words = [
        len(f"{e.summary} {e.problem} {e.what_was_done} {e.results}".split()) for e in examples
    ]
    assert min(words) >= 150
    PracticeExample.objects.all().delete()
    call_command("seed_examples", count=25, seed=7, jobs=1, stdout=io.StringIO())
    assert snapshot() == first


def test_reindex_rebuilds_vectors_and_facets(reference_data):
    call_command("seed_examples", count=5, seed=1, jobs=1, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SET practice_db.defer_search_index = 'on'")
        cursor.execute(
            "UPDATE practice_db_practiceexample SET title = 'Renamed pathway', facet_year = NULL"
        )
        cursor.execute("RESET practice_db.defer_search_index")
    assert renamed_and_dated() == 0  # deferred: the vectors still say the old titles
    output = io.StringIO()
    call_command("reindex_examples", stdout=output)
    assert "Indexed 5 examples" in output.getvalue()
    assert renamed_and_dated() == 5


def renamed_and_dated() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM practice_db_practiceexample "
            "WHERE search_vector @@ to_tsquery('english', 'renamed') AND facet_year IS NOT NULL"
        )
        return cursor.fetchone()[0]
