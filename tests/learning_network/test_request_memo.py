"""Values read once a request, and only within one."""

import threading

import pytest
from django.core.signals import request_finished, request_started

from learning_network.request_memo import forget, once_a_request

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


@pytest.fixture
def in_a_request():
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_within_a_request_the_value_is_worked_out_once(in_a_request):
    count = Counter()
    assert [once_a_request("test:value", count) for _ in range(3)] == [1, 1, 1]


def test_forgotten_it_is_worked_out_again(in_a_request):
    count = Counter()
    once_a_request("test:value", count)
    forget("test:value")
    assert once_a_request("test:value", count) == 2


def test_the_next_request_works_it_out_again():
    count = Counter()
    for _ in range(2):
        request_started.send(sender=None)
        once_a_request("test:value", count)
        request_finished.send(sender=None)
    assert count.calls == 2


def test_outside_a_request_nothing_is_kept():
    count = Counter()
    once_a_request("test:value", count)
    once_a_request("test:value", count)
    assert count.calls == 2


def test_a_value_is_each_threads_own(in_a_request):
    once_a_request("test:value", lambda: "this thread's")
    seen = []
    other = threading.Thread(
        target=lambda: seen.append(once_a_request("test:value", lambda: "its own"))
    )
    other.start()
    other.join()
    assert seen == ["its own"]
    assert once_a_request("test:value", lambda: "again") == "this thread's"


def test_a_value_that_could_not_be_worked_out_is_not_kept(in_a_request):
    def fails():
        raise RuntimeError("the cache went away")

    with pytest.raises(RuntimeError):
        once_a_request("test:value", fails)
    assert once_a_request("test:value", lambda: "worked out") == "worked out"
