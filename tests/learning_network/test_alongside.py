"""Two pieces of database work at once, on two connections, only when a
second connection sees what the first does."""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from learning_network.alongside import alongside, has_free_connection, one_connection
from tests.factories import PracticeExampleFactory

URL = "/practice/search/"


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def still_connected(pids: set[int]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)])
        return {row[0] for row in cursor.fetchall()}


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
def test_work_running_aside_sends_nothing_further_aside(reference_data):
    def nested():
        return alongside(backend_pid, backend_pid)

    inner_aside, inner_here = alongside(nested, backend_pid)[0]
    assert inner_aside == inner_here != backend_pid()


class Pool:
    def __init__(self, **stats):
        self.stats = {"pool_max": 10, "pool_size": 2, "pool_available": 0, **stats}

    def get_stats(self):
        return self.stats


@pytest.mark.parametrize(
    ("stats", "free"),
    [
        ({"pool_available": 1}, True),
        ({"pool_size": 4}, True),  # it can open another at once
        ({"pool_size": 10}, False),  # every connection is out: do the work here
        ({"pool_available": 1, "requests_waiting": 2}, False),
    ],
)
def test_work_goes_aside_only_when_the_pool_has_a_connection_to_give(stats, free):
    assert has_free_connection(Pool(**stats)) is free
    assert has_free_connection(None)  # no pool: the worker opens its own


@pytest.mark.django_db(transaction=True)
def test_the_other_connection_is_closed_after_its_work(reference_data):
    asides = {alongside(backend_pid, backend_pid)[0] for _ in range(3)}
    assert backend_pid() not in asides
    # Without a pool (as in tests) each piece of work opens a connection and
    # closes it after; the server may take a moment to see it go.
    deadline = time.monotonic() + 5
    while still_connected(asides) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not still_connected(asides)


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
    # Both were kept: the next reader reads no examples.
    with CaptureQueriesContext(connection) as next_reader:
        again = client.get(URL, {"q": "stroke"}).context["result"]
    assert [item.title for item in again.results] == [item.title for item in result.results]
    assert again.total == 3
    statements = [query["sql"] for query in next_reader.captured_queries]
    assert not [sql for sql in statements if "practice_db_practiceexample" in sql]
    with one_connection(), CaptureQueriesContext(connection) as together:
        client.get(URL, {"q": "pathway"})
    assert [query for query in together.captured_queries if "MATERIALIZED" in query["sql"]]
