"""Bad input gets a clear message and a 4xx, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


def test_numbers_beyond_the_database_range_are_404s(client_as):
    client = client_as("editor")
    for path in [
        f"/impact/issues/{HUGE}/",
        f"/impact/stories/{HUGE}/",
        f"/impact/editor/issues/{HUGE}/",
        f"/impact/editor/stories/{HUGE}/",
    ]:
        assert client.get(path).status_code == 404, path


def test_an_issue_number_beyond_range_or_a_nul_in_a_title_is_refused_with_a_message(client_as):
    response = client_as("editor").post(
        reverse("bulletin:issue_create"),
        {"number": HUGE, "title": "Winter\x00", "publication_date": "10000-01-01"},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text


def test_a_schedule_far_in_the_future_is_fine_until_it_cannot_be_meant(client_as, draft_issue):
    url = reverse("bulletin:issue_schedule", args=[draft_issue.pk])
    data = {"when": "later", "time": "23:59", "confirmed": "yes"}
    response = client_as("editor").post(url, {**data, "date": "9999-12-31"})
    assert response.status_code == 400
    assert "must be a real date" in response.text
    response = client_as("editor").post(url, {**data, "date": "2999-12-31"})
    assert response.status_code == 302
    draft_issue.refresh_from_db()
    assert draft_issue.publish_at.year == 2999


def test_an_example_id_beyond_range_is_a_message_not_an_error(client_as, draft_issue):
    story = draft_issue.stories.get()
    response = client_as("editor").post(
        reverse("bulletin:story_example_add", args=[story.pk]), {"example": HUGE}, follow=True
    )
    assert response.status_code == 200
    assert "is not published" in response.text


def test_removing_an_example_beyond_range_is_harmless(client_as, draft_issue):
    story = draft_issue.stories.get()
    response = client_as("editor").post(
        reverse("bulletin:story_example_remove", args=[story.pk]), {"example": HUGE}
    )
    assert response.status_code == 302


def test_a_very_long_unsubscribe_token_is_refused_politely(client):
    assert client.get(f"/impact/unsubscribe/{'x' * 5000}/").status_code == 400
