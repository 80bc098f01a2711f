"""The shared limiter: at most `limit` attempts per window, however many servers ask."""

import threading
import time
import uuid

import pytest
from django.db import connection
from django.test import RequestFactory

from learning_network import throttle

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    # The cache table outlives transactional tests: a key of its own per test.
    return f"test:{uuid.uuid4()}"


def test_attempts_up_to_the_limit_pass_and_the_next_is_refused(key):
    assert [throttle.hit(key, limit=3, window=3600) for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_each_key_has_its_own_count(key):
    for _ in range(2):
        throttle.hit(key, limit=2, window=3600)
    assert throttle.hit(key, limit=2, window=3600) is False
    assert throttle.hit(f"{key}:other", limit=2, window=3600) is True


def test_the_next_window_starts_a_fresh_count(key, monkeypatch):
    now = time.time()
    throttle.hit(key, limit=1, window=3600)
    assert throttle.hit(key, limit=1, window=3600) is False
    monkeypatch.setattr(throttle, "_clock", lambda: now + 3600)
    assert throttle.hit(key, limit=1, window=3600) is True


def test_a_long_key_is_fine(key):
    assert throttle.hit(key + "x" * 400, limit=1, window=60) is True


def test_the_count_is_kept_in_the_shared_cache_not_in_this_process(settings):
    # A cache in one process's memory would let each app server allow the limit.
    assert settings.CACHES["default"]["BACKEND"] in {
        "learning_network.cache_backend.PostgresCache",
        "learning_network.cache_backend.RedisCache",
    }
    assert "learning_network_cache" in connection.introspection.table_names() or (
        settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    )


@pytest.mark.django_db(transaction=True)
def test_attempts_at_once_from_many_servers_never_pass_the_limit(key):
    """Eight threads with their own database connections stand in for eight app servers."""
    start = threading.Barrier(8, timeout=10)
    results: list[bool] = []
    errors: list[BaseException] = []

    def server():
        try:
            start.wait()
            results.append(throttle.hit(key, limit=3, window=3600))
        except BaseException as error:  # noqa: BLE001 (reported to the test below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=server) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results) == [False] * 5 + [True] * 3


def test_the_client_address_is_the_one_the_sign_in_lockout_uses():
    request = RequestFactory().post(
        "/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert throttle.client_address(request) == "192.0.2.7"
