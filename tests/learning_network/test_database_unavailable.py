"""While the database is away: a styled 503 with Retry-After, never a half-saved write."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from practice_db.models import ModerationEvent, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db

LOST = "server closed the connection unexpectedly"


@contextmanager
def database_gone(when=lambda sql: True):
    """Every statement this thread sends that `when` picks fails as a lost server's would."""

    def fail(execute, sql, params, many, context):
        if when(sql):
            raise OperationalError(LOST)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def assert_service_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert '<h1 class="nhsuk-heading-xl">Sorry, the service is unavailable</h1>' in page
    # The NHS.UK layout, with the portal's stylesheet and its security headers.
    assert "nhsuk-header" in page
    assert "nhsuk-footer" in page
    assert "/static/css/portal.css" in page
    assert "Content-Security-Policy" in response.headers
    # Rendered as for someone signed out: the user could not be looked up.
    assert "Sign out" not in page


@pytest.mark.parametrize(
    "url",
    [
        reverse("practice_db:browse"),
        reverse("search") + "?q=thames",
        reverse("home"),  # open to all: the view itself looks the user up
    ],
)
def test_a_page_whose_queries_fail_answers_the_503_page(client_as, url):
    client = client_as("staff")
    # The session and user load; the page's own queries then fail.
    with database_gone(when=lambda sql: "django_session" not in sql and "accounts_user" not in sql):
        response = client.get(url)
    assert_service_unavailable_page(response)


@pytest.mark.parametrize("persona", ["staff", "anonymous"])
def test_a_failing_session_or_user_lookup_answers_the_503_page(client_as, persona):
    client = client_as(persona)
    if persona == "anonymous":
        # A stale session cookie: the lookup is still made, and fails.
        client.cookies["sessionid"] = "x" * 32
    with database_gone():
        response = client.get(reverse("practice_db:browse"))
    assert_service_unavailable_page(response)


def test_other_database_errors_are_still_500s(staff):
    """A mistake in the portal is not an outage: no Retry-After for it."""
    from django.db import IntegrityError

    def fail(execute, sql, params, many, context):
        if "practice_db" in sql:
            raise IntegrityError("duplicate key value violates unique constraint")
        return execute(sql, params, many, context)

    client = Client(raise_request_exception=False)
    client.force_login(staff)
    with connection.execute_wrapper(fail):
        response = client.get(reverse("practice_db:browse"))
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_decision_cut_off_by_the_database_is_not_half_saved(
    client_as, staff, django_capture_on_commit_callbacks, mailoutbox
):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    client = client_as("moderator_london")
    # The example's new status is written, then the server goes before the history row.
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        database_gone(when=lambda sql: sql.startswith('INSERT INTO "practice_db_moderationevent"')),
    ):
        response = client.post(
            reverse("practice_db:act", args=[example.pk]),
            {"action": "publish", "version": example.version},
        )
    assert_service_unavailable_page(response)
    example.refresh_from_db()
    assert example.status == Status.SUBMITTED
    assert example.published_at is None
    assert not ModerationEvent.objects.filter(example=example).exists()
    assert callbacks == []
    assert mailoutbox == []

    # Once the database is back, the same decision goes through whole.
    response = client.post(
        reverse("practice_db:act", args=[example.pk]),
        {"action": "publish", "version": example.version},
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == Status.PUBLISHED
    assert ModerationEvent.objects.filter(example=example, to_status=Status.PUBLISHED).count() == 1


def test_healthz_says_503_with_retry_after_when_the_database_is_gone(client):
    with database_gone():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"status": "unavailable", "database": "down"}


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_server_refuses_connections(reference_data, staff):
    """No stand-in: the connection goes to a port where nothing listens."""
    client = Client()
    client.force_login(staff)
    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT")}
    connection.close()
    settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        page = client.get(reverse("practice_db:browse"))
        front = client.get(reverse("home"))
        health = client.get(reverse("healthz"))
    finally:
        connection.close()
        settings_dict.update(saved)
    assert_service_unavailable_page(page)
    assert_service_unavailable_page(front)
    assert health.status_code == 503
    assert health["Retry-After"] == "30"
    # Back again: the next request is served.
    assert client.get(reverse("practice_db:browse")).status_code == 200
