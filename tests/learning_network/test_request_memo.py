"""Values read once a request, and only within one."""

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
