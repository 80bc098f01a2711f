"""A database restart or failover kills every connection: not one request may fail after it."""

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client


def server_connection() -> psycopg.Connection:
    """A connection of its own to the test database's server, outside Django's."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def kill_every_connection_to(database: str) -> int:
    """What a restart or failover does to the portal's connections; returns how many."""
    with server_connection() as admin:
        killed = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchone()[0]
    return killed


def status_of(url: str, cookie: str = "") -> int:
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our own server)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def pooled_connections():
    """Django's psycopg pool on the test database, as production runs it (debug off)."""
    settings_dict = connection.settings_dict
    connection.close()
    settings_dict["OPTIONS"]["pool"] = settings.DATABASE_POOL_OPTIONS
    try:
        yield
    finally:
        connection.close()
        connection.close_pool()
        del settings_dict["OPTIONS"]["pool"]


@pytest.mark.django_db(transaction=True)
def test_no_request_fails_after_every_database_connection_is_killed(
    live_server, reference_data, staff, pooled_connections
):
    client = Client()
    client.force_login(staff)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    connection.close()  # the test's own connection goes back to the pool
    urls = [f"{live_server.url}/healthz", f"{live_server.url}/", f"{live_server.url}/practice/"]

    # Requests at once fill the pool with several connections, as a busy hour does.
    with ThreadPoolExecutor(max_workers=8) as requests_at_once:
        warm_up = list(requests_at_once.map(lambda url: status_of(url, cookie), urls * 8))
    assert warm_up == [200] * 24
    killed = kill_every_connection_to(connection.settings_dict["NAME"])
    assert killed >= 3, "the pool's connections should have been open"

    statuses, slowest = [], 0.0
    for url in urls * 10:
        started = time.monotonic()
        statuses.append(status_of(url, cookie))
        slowest = max(slowest, time.monotonic() - started)
    failures = [status for status in statuses if status != 200]
    assert failures == [], f"{len(failures)} of {len(statuses)} requests failed: {failures}"
    # Not one wait while the pool replaces its dead connections (one second,
    # then two, four... before the sweep: a 10-second timeout, then a 503).
    assert slowest < 3, f"the slowest request took {slowest:.1f} s"


def test_production_takes_checked_connections_from_the_pool():
    from tests.learning_network.test_settings import run_manage

    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['OPTIONS']['pool'] == settings.DATABASE_POOL_OPTIONS,"
        " d['OPTIONS']['pool']['check'].__name__, d['CONN_HEALTH_CHECKS'],"
        " d['OPTIONS']['connect_timeout'])",
        SECRET_KEY="k" * 60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "check_pooled_connection", "True", "5"]
