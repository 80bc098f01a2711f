"""Two pieces of database work at once, on two connections, only when a
second connection sees what the first does."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from learning_network.alongside import alongside, one_connection
from tests.factories import PracticeExampleFactory

URL = "/practice/search/"


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def open_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_inside_a_transaction_both_run_on_this_connection():
    # A test's data is in a transaction no other connection can see.
    here = backend_pid()
    assert alongside(backend_pid, backend_pid) == (here, here)


@pytest.mark.django_db(transaction=True)
def test_outside_one_the_aside_work_runs_on_another_connection(reference_data):
    here = backend_pid()
    aside, mine = alongside(backend_pid, backend_pid)
    assert mine == here
    assert aside != here
    with transaction.atomic():
        assert alongside(backend_pid, backend_pid) == (here, here)
    with one_connection():
        assert alongside(backend_pid, backend_pid) == (here, here)


@pytest.mark.django_db(transaction=True)
def test_the_other_connection_is_closed_after_its_work(reference_data):
    before = open_connections()
    for _ in range(5):
        alongside(backend_pid, backend_pid)
    assert open_connections() == before


@pytest.mark.django_db(transaction=True)
def test_an_error_on_either_side_is_raised_to_the_caller(reference_data):
    def fails():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    with pytest.raises(Exception, match="division by zero"):
        alongside(fails, backend_pid)
    with pytest.raises(Exception, match="division by zero"):
        alongside(backend_pid, fails)
    # Both connections are still usable.
    assert alongside(backend_pid, backend_pid)[1] == backend_pid()


@pytest.mark.django_db(transaction=True)
@pytest.mark.pages_cache
def test_a_first_reader_gets_counts_and_results_made_at_once(
    reference_data, client_as, london_trust
):
    for number in range(3):
        PracticeExampleFactory(
            published=True,
            title=f"Stroke pathway {number}",
            organisation=london_trust,
            published_at=datetime(2000 + number, 6, 1, tzinfo=ZoneInfo("Europe/London")),
        )
    client = client_as("staff")
    with CaptureQueriesContext(connection) as here:
        response = client.get(URL, {"q": "stroke"})
    result = response.context["result"]
    assert [item.title for item in result.results] == [
        "Stroke pathway 2",
        "Stroke pathway 1",
        "Stroke pathway 0",
    ]
    assert result.total == 3
    assert [value.count for value in result.facets[0].values] == [3]  # London
    # The counts were made on the other connection.
    assert not [query for query in here.captured_queries if "MATERIALIZED" in query["sql"]]
    with one_connection(), CaptureQueriesContext(connection) as together:
        client.get(URL, {"q": "pathway"})
    assert [query for query in together.captured_queries if "MATERIALIZED" in query["sql"]]
