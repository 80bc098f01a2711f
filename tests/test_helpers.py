"""The shared test helpers fail when they should, and say why."""

import threading

import pytest
from django.db import connection, connections
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import TopicFactory
from tests.helpers import (
    assert_ladder,
    assert_same_query_count,
    ladder,
    ladder_mismatches,
    run_at_once,
)


class AnsweringClient:
    """Stands in for a test client: each persona gets a fixed answer, and calls are kept."""

    def __init__(self, answers: dict, persona: str, calls: list):
        self.answers, self.persona, self.calls = answers, persona, calls

    def _answer(self, method, url, data):
        self.calls.append((self.persona, method, url, data))
        return self.answers[self.persona]

    def get(self, url, data):
        return self._answer("get", url, data)

    def post(self, url, data):
        return self._answer("post", url, data)


def answering(answers: dict, calls: list | None = None):
    calls = [] if calls is None else calls
    return lambda persona: AnsweringClient(answers, persona, calls)


SIGN_IN = "/accounts/sign-in/?next=/somewhere/"


# -- assert_ladder ------------------------------------------------------------------


def test_ladder_gives_every_persona_the_default_and_sends_anonymous_to_sign_in():
    assert ladder(403, editor=200) == {
        **dict.fromkeys(PERSONAS, 403),
        "anonymous": 302,
        "editor": 200,
    }
    assert ladder(200, anonymous=200)["anonymous"] == 200
    with pytest.raises(ValueError, match="No such persona: edditor"):
        ladder(403, edditor=200)


def test_assert_ladder_passes_when_every_persona_gets_what_is_expected():
    client_for = answering(
        {"anonymous": HttpResponseRedirect(SIGN_IN), "staff": HttpResponse(status=403)}
    )
    assert_ladder(client_for, "/somewhere/", {"anonymous": 302, "staff": 403})


def test_assert_ladder_reports_every_wrong_answer_at_once():
    client_for = answering(
        {
            "anonymous": HttpResponseRedirect(SIGN_IN),
            "staff": HttpResponse(status=200),  # should be 403
            "editor": HttpResponse(status=200),
            "site_admin": HttpResponse(status=500),  # should be 403
        }
    )
    expected = {"anonymous": 302, "staff": 403, "editor": 200, "site_admin": 403}
    with pytest.raises(AssertionError) as failure:
        assert_ladder(client_for, "/somewhere/", expected)
    message = str(failure.value)
    assert "2 wrong answer(s)" in message
    lines = message.splitlines()
    assert lines[1].split() == ["request", "persona", "expected", "got"]
    assert lines[2].split() == ["GET", "/somewhere/", "staff", "403", "200"]
    assert lines[3].split() == ["GET", "/somewhere/", "site_admin", "403", "500"]
    assert len(lines) == 4


def test_anonymous_must_be_sent_to_sign_in_not_elsewhere():
    client_for = answering({"anonymous": HttpResponseRedirect("/impact/")})
    with pytest.raises(AssertionError, match=r"anonymous\s+302 to sign-in\s+302 to /impact/"):
        assert_ladder(client_for, "/somewhere/", {"anonymous": 302})


def test_anonymous_let_in_is_a_wrong_answer_too():
    client_for = answering({"anonymous": HttpResponse(status=200)})
    with pytest.raises(AssertionError, match=r"anonymous\s+302 to sign-in\s+200"):
        assert_ladder(client_for, "/somewhere/", {"anonymous": 302})


def test_assert_ladder_sends_the_method_and_data_and_asks_a_url_per_persona():
    calls = []
    client_for = answering(dict.fromkeys(["staff", "editor"], HttpResponse(status=403)), calls)
    assert_ladder(
        client_for,
        lambda persona: f"/things/{persona}/",
        {"staff": 403, "editor": 403},
        method="post",
        data={"action": "archive"},
    )
    assert calls == [
        ("staff", "post", "/things/staff/", {"action": "archive"}),
        ("editor", "post", "/things/editor/", {"action": "archive"}),
    ]


def test_assert_ladder_can_ask_each_200_to_show_some_text():
    client_for = answering(
        {"staff": HttpResponse("Nurse-led lounge"), "editor": HttpResponse("Not here")}
    )
    assert_ladder(client_for, "/somewhere/", {"staff": 200}, contains="Nurse-led lounge")
    shown_nothing = r"editor\s+200 showing 'Nurse-led lounge'\s+200 without"
    with pytest.raises(AssertionError, match=shown_nothing):
        assert_ladder(
            client_for, "/somewhere/", {"staff": 200, "editor": 200}, contains="Nurse-led lounge"
        )


def test_assert_ladder_asks_every_url_of_a_list():
    calls = []
    client_for = answering({"staff": HttpResponse(status=200)}, calls)
    with pytest.raises(AssertionError, match="2 wrong answer"):
        assert_ladder(client_for, ["/one/", "/two/"], {"staff": 404})
    assert [url for _, _, url, _ in calls] == ["/one/", "/two/"]


def test_assert_ladder_refuses_a_persona_nobody_defined():
    with pytest.raises(ValueError, match="No such persona: moderator_londn"):
        assert_ladder(answering({}), "/somewhere/", {"moderator_londn": 200})


@pytest.mark.django_db
def test_assert_ladder_on_a_real_page(client_as):
    url = reverse("bulletin:dashboard")
    assert_ladder(client_as, url, ladder(403, editor=200))
    mismatches = ladder_mismatches(client_as, url, ladder(403))
    assert [(m.persona, m.expected, m.got) for m in mismatches] == [("editor", "403", "200")]


# -- assert_same_query_count --------------------------------------------------------


class CountingClient:
    """A page that runs one statement, plus one per row if `per_row` (an N+1 bug)."""

    def __init__(self, rows: list, per_row: bool, status: int = 200):
        self.rows, self.per_row, self.status = rows, per_row, status

    def get(self, url, data):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM directory_topic")
            for row in self.rows if self.per_row else []:
                cursor.execute("SELECT name FROM directory_topic WHERE id = %s", [row])
        return HttpResponse(status=self.status)


def add_topics(rows: list):
    return lambda count: rows.extend(topic.pk for topic in TopicFactory.create_batch(count))


@pytest.mark.django_db
def test_same_query_count_passes_and_returns_the_count_when_rows_do_not_matter():
    rows = []
    assert assert_same_query_count(add_topics(rows), "/list/", CountingClient(rows, False)) == 1
    assert len(rows) == 30


@pytest.mark.django_db
def test_same_query_count_fails_on_a_statement_per_row_and_shows_it():
    rows = []
    with pytest.raises(AssertionError) as failure:
        assert_same_query_count(add_topics(rows), "/list/", CountingClient(rows, True))
    message = str(failure.value)
    assert "ran 4 statements with 3 rows but 31 with 30" in message
    assert "+27  SELECT name FROM directory_topic WHERE id = N" in message


@pytest.mark.django_db
def test_same_query_count_fails_above_the_cap():
    rows = []
    with pytest.raises(AssertionError, match="ran 1 statements, more than the 0 allowed"):
        assert_same_query_count(add_topics(rows), "/list/", CountingClient(rows, False), at_most=0)


@pytest.mark.django_db
def test_same_query_count_fails_on_a_page_that_is_not_a_200():
    rows = []
    with pytest.raises(AssertionError, match="GET /list/ answered 404"):
        assert_same_query_count(add_topics(rows), "/list/", CountingClient(rows, False, 404))


# -- run_at_once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_run_at_once_runs_together_each_on_its_own_connection_then_closes_them():
    both_inside = threading.Barrier(2, timeout=5)  # passes only if both run at the same time
    wrappers = []

    def backend():
        both_inside.wait()
        wrappers.append(connections["default"])  # this thread's own DatabaseWrapper
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    first, second = (outcome.get() for outcome in run_at_once(backend, backend))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]
    assert len({first, second, ours}) == 3
    assert len({id(wrapper) for wrapper in wrappers}) == 2
    assert connections["default"] not in wrappers
    assert all(wrapper.connection is None for wrapper in wrappers)  # closed


@pytest.mark.django_db(transaction=True)
def test_run_at_once_hands_back_errors_without_losing_the_other_result():
    def fails():
        raise ValueError("refused")

    failed, worked = run_at_once(fails, lambda: 42)
    assert isinstance(failed.error, ValueError)
    assert (worked.result, worked.error) == (42, None)
    with pytest.raises(ValueError, match="refused"):
        failed.get()


@pytest.mark.django_db(transaction=True)
def test_run_at_once_fails_when_a_callable_never_finishes():
    release = threading.Event()
    try:
        with pytest.raises(AssertionError, match=r"Callable\(s\) \[1\] still running after 0.2 s"):
            run_at_once(lambda: None, lambda: release.wait(10), timeout=0.2)
    finally:
        release.set()


@pytest.mark.django_db
def test_run_at_once_refuses_a_test_inside_a_transaction():
    with pytest.raises(RuntimeError, match=r"transaction=True"):
        run_at_once(lambda: None)


@pytest.mark.django_db
def test_forum_result_publishes_a_strong_result_on_the_example(london_trust, national_moderator):
    from tests.factories import PracticeExampleFactory
    from tests.helpers import forum_result

    example = PracticeExampleFactory(published=True, organisation=london_trust)
    evaluation = forum_result(example, national_moderator, "Beds freed by noon.")
    evaluation.refresh_from_db()
    assert evaluation.example == example and evaluation.strength == "strong"
    assert evaluation.summary == "Beds freed by noon." and evaluation.result_published_at
