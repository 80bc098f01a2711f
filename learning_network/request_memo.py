"""Values read once a request: the same question asked twice while one page
is made (an example page asks what is published for its related examples
and again for its Forum panel) is answered from memory the second time.

Only while a request is handled (between Django's request_started and
request_finished signals): outside one (a command, the task worker, a test
calling a function) every call works its value out, so nothing read in one
place lingers into the next. `forget` drops a value when what it depends on
changes in the same request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.signals import request_finished, request_started

_local = threading.local()


def _start(**kwargs) -> None:
    _local.values = {}


def _finish(**kwargs) -> None:
    _local.values = None


request_started.connect(_start, dispatch_uid="learning_network.request_memo.start")
request_finished.connect(_finish, dispatch_uid="learning_network.request_memo.finish")


def once_a_request[T](key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, worked out once in the request being handled."""
    values = getattr(_local, "values", None)
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def current() -> dict | None:
    """The values of the request being handled, to keep more of them in; None
    outside a request."""
    return getattr(_local, "values", None)


def forget(key: str) -> None:
    values = getattr(_local, "values", None)
    if values is not None:
        values.pop(key, None)
