"""Test helpers every app reuses: the permission ladder, query counts and races.

- `assert_ladder(client_as, url, ladder(403, editor=200))` asks one URL as each
  persona and fails with a table of every persona that got the wrong answer.
- `assert_same_query_count(make_rows, url, client)` shows that a list page
  runs as many statements for 30 rows as for 3, or which statements grew.
- `run_at_once(first, second)` runs callables in real threads, each on its own
  database connection, released together, for races on PostgreSQL.
- `rows_for_scope(django_db_blocker, load)` lets a module- or class-scoped
  fixture load rows once (the demo data) for all the tests in its scope.

Each has tests of its own in `tests/test_helpers.py` that show it fails when
it should.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, connections, transaction
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import PERSONAS

# -- The permission ladder ----------------------------------------------------------

SIGN_IN = "sign-in"


def ladder(default: int, *, anonymous: int = 302, **answers: int) -> dict[str, int]:
    """Every persona's expected status: `default`, except those named.

    Anonymous visitors are sent to sign in (302) unless the ladder says
    otherwise: `ladder(403, editor=200)` is the ladder of an editor's page.
    """
    unknown = set(answers) - set(PERSONAS)
    if unknown:
        raise ValueError(f"No such persona: {', '.join(sorted(unknown))}")
    return {persona: default for persona in PERSONAS} | {"anonymous": anonymous} | answers


@dataclass(frozen=True)
class Mismatch:
    """One persona's wrong answer on one URL."""

    method: str
    url: str
    persona: str
    expected: str
    got: str


def _sign_in_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def _answer(response: HttpResponseBase) -> str:
    """The status, and for a redirect where it leads ("302 to sign-in")."""
    location = response.get("Location")
    if location is None or response.status_code not in (301, 302, 303, 307, 308):
        return str(response.status_code)
    target = urlsplit(location).path
    return f"{response.status_code} to {SIGN_IN if target == _sign_in_path() else target}"


URL = str | Callable[[str], str]


def ladder_mismatches(
    client_for: Callable[[str], Client],
    url: URL | Sequence[URL],
    expected: Mapping[str, int],
    method: str = "get",
    data: Mapping[str, Any] | None = None,
    *,
    contains: str | None = None,
) -> list[Mismatch]:
    """Ask `url` as each persona in `expected`; return the wrong answers.

    `url` may be a list of URLs that share the ladder, and a URL may be a
    function of the persona, for a request that changes what it acts on
    (each persona then gets a record of its own). An anonymous visitor
    expected to get a 302 must be sent to the sign-in page, not elsewhere.
    With `contains`, each 200 answer must also show that text.
    Each persona's client is made once and used for every URL.
    """
    unknown = set(expected) - set(PERSONAS)
    if unknown:
        raise ValueError(f"No such persona: {', '.join(sorted(unknown))}")
    urls = [url] if isinstance(url, str) or callable(url) else list(url)
    clients = {persona: client_for(persona) for persona in expected}
    mismatches = []
    for each in urls:
        for persona, status in expected.items():
            address = each(persona) if callable(each) else each
            response = getattr(clients[persona], method)(address, dict(data or {}))
            if persona == "anonymous" and status == 302:
                want = f"302 to {SIGN_IN}"
                right = _answer(response) == want
            else:
                want = str(status)
                right = response.status_code == status
            got = _answer(response)
            if right and contains is not None and status == 200:
                want = f"200 showing {contains!r}"
                right = contains in response.text
                got = want if right else f"200 without {contains!r}"
            if not right:
                mismatches.append(Mismatch(method.upper(), address, persona, want, got))
    return mismatches


def assert_no_mismatches(mismatches: Iterable[Mismatch]) -> None:
    """Fail with one table of every wrong answer, or pass if there are none."""
    rows = list(mismatches)
    if not rows:
        return
    header = ("request", "persona", "expected", "got")
    table = [header] + [(f"{m.method} {m.url}", m.persona, m.expected, m.got) for m in rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in table
    ]
    raise AssertionError(
        f"{len(rows)} wrong answer(s) on the permission ladder:\n" + "\n".join(lines)
    )


def assert_ladder(
    client_for: Callable[[str], Client],
    url: URL | Sequence[URL],
    expected: Mapping[str, int],
    method: str = "get",
    data: Mapping[str, Any] | None = None,
    *,
    contains: str | None = None,
) -> None:
    """Ask `url` (or each of a list of URLs) as each persona; fail with every wrong answer.

    `client_for` is the `client_as` fixture; `expected` maps persona to
    status, usually built with `ladder()`. See `ladder_mismatches`.
    """
    assert_no_mismatches(
        ladder_mismatches(client_for, url, expected, method, data, contains=contains)
    )


# -- Query counts -------------------------------------------------------------------


def _shape(sql: str) -> str:
    """A statement with its numbers and quoted values left out, to group repeats."""
    sql = re.sub(r"'(?:[^']|'')*'", "'…'", sql)
    sql = re.sub(r"\b\d+\b", "N", sql)
    return re.sub(r"\((?:N, )+N\)", "(N, …)", sql)


def _count_statements(client: Client, url: str, data: Mapping[str, Any] | None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, dict(data or {}))
    assert response.status_code == 200, f"GET {url} answered {response.status_code}, not 200"
    return [query["sql"] for query in captured.captured_queries]


def assert_same_query_count(
    make_rows: Callable[[int], object],
    url: str,
    client: Client,
    small: int = 3,
    large: int = 30,
    *,
    data: Mapping[str, Any] | None = None,
    at_most: int | None = None,
) -> int:
    """Show that GET `url` runs as many statements with `large` rows as with `small`.

    `make_rows(n)` adds n more rows: it is called with `small`, then with
    `large - small`. The page is asked once before counting, so that the
    session and the user's groups are already loaded. Each answer must be a
    200. `at_most` also caps the count. Returns the number of statements.
    """
    make_rows(small)
    client.get(url, dict(data or {}))
    few = _count_statements(client, url, data)
    make_rows(large - small)
    many = _count_statements(client, url, data)
    if len(many) != len(few):
        grew = Counter(map(_shape, many)) - Counter(map(_shape, few))
        shrank = Counter(map(_shape, few)) - Counter(map(_shape, many))
        lines = [f"  +{n}  {sql}" for sql, n in grew.most_common()]
        lines += [f"  -{n}  {sql}" for sql, n in shrank.most_common()]
        raise AssertionError(
            f"GET {url} ran {len(few)} statements with {small} rows but {len(many)} with "
            f"{large}. The statements that differ (times, statement):\n" + "\n".join(lines)
        )
    if at_most is not None and len(few) > at_most:
        raise AssertionError(
            f"GET {url} ran {len(few)} statements, more than the {at_most} allowed:\n"
            + "\n".join(f"  {sql}" for sql in few)
        )
    return len(few)


# -- Two people at once -------------------------------------------------------------


@dataclass
class Outcome:
    """What one callable given to `run_at_once` returned or raised."""

    result: Any = None
    error: BaseException | None = None

    def get(self) -> Any:
        """The result, or the callable's exception raised again here."""
        if self.error is not None:
            raise self.error
        return self.result


def run_at_once(*callables: Callable[[], Any], timeout: float = 30) -> list[Outcome]:
    """Run each callable in its own thread, all released at the same moment.

    Each thread has its own database connection (Django's are per thread),
    closed when it finishes, so each acts like a separate request or
    process. The test must use `@pytest.mark.django_db(transaction=True)`:
    the threads cannot see rows the test has not committed. Returns one
    `Outcome` per callable, in order; fails if any is still running after
    `timeout` seconds (a deadlock, or a wait nobody ends).
    """
    if connection.in_atomic_block:
        raise RuntimeError(
            "run_at_once needs @pytest.mark.django_db(transaction=True): this test runs "
            "inside a transaction whose rows the threads' own connections cannot see."
        )
    outcomes = [Outcome() for _ in callables]
    start = threading.Barrier(len(callables), timeout=timeout)

    def run(index: int, function: Callable[[], Any]) -> None:
        try:
            start.wait()
            outcomes[index].result = function()
        except BaseException as error:  # noqa: BLE001 (handed back to the test)
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, function), daemon=True)
        for index, function in enumerate(callables)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    stuck = [index for index, thread in enumerate(threads) if thread.is_alive()]
    if stuck:
        raise AssertionError(
            f"Callable(s) {stuck} still running after {timeout} s: a deadlock, "
            "or a wait that nothing ends."
        )
    return outcomes


# -- Rows shared by the tests of a module -------------------------------------------


def rows_for_scope[T](django_db_blocker: Any, load: Callable[[], T]) -> Iterator[T]:
    """For a module- or class-scoped fixture: `yield from rows_for_scope(...)`.

    Runs `load` once inside a transaction that stays open while the tests of
    the fixture's scope run, and is rolled back after the last of them. Each
    test still runs in its own savepoint, so what one test changes the next
    never sees. Not for transactional tests, which commit and empty tables.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            value = load()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def publish_as_moderator(moderator, capture_on_commit, **fields):
    """A submitted example published by its region's moderator through the
    services, with what they do once the transaction commits (forgetting the
    counts and naming a new published version) done at once, as it is after
    a real request. `capture_on_commit` is pytest-django's
    `django_capture_on_commit_callbacks` fixture."""
    from practice_db import services
    from practice_db.models import Status
    from tests.factories import PracticeExampleFactory

    waiting = PracticeExampleFactory(status=Status.SUBMITTED, **fields)
    with capture_on_commit(execute=True):
        return services.transition_example(actor=moderator, example_id=waiting.pk, action="publish")


def forum_result(example, moderator, summary: str):
    """An evaluation of `example` commissioned and its result published (strong
    evidence) by `moderator` through the Forum's services; the result."""
    from datetime import date

    from practice_db import forum

    evaluation = forum.commission_evaluation(
        actor=moderator, example_id=example.pk, evaluator="SDO team", expected_on=date(2030, 1, 1)
    )
    return forum.publish_result(
        actor=moderator,
        evaluation_id=evaluation.pk,
        summary=summary,
        findings="Found.",
        strength="strong",
    )
