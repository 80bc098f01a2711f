"""What the course list keeps in the pages cache: its filters as HTML, the same
for everyone who sends the same values, kept under the topics and regions they
offer, so that a new or renamed topic or region is offered at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Region
from tests.factories import TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pages_cache]


def selected(html: str, name: str) -> list[str]:
    """The values chosen in one of the filters, as the page shows them."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    if select:
        return re.findall(r'<option value="([^"]*)" selected>', select.group(0))
    return re.findall(rf'name="{name}" type="checkbox" value="([^"]*)" checked', html)


@pytest.fixture
def client(client_as, course):
    return client_as("staff")


def test_the_filters_made_again_read_no_topics_or_regions(client):
    index = reverse("training:index")
    with CaptureQueriesContext(connection) as first:
        client.get(index)
    with CaptureQueriesContext(connection) as again:
        response = client.get(index)
    assert 'name="topic"' in response.text and 'name="region"' in response.text
    # The choices read as rows for the form are not read again.
    read = [
        q["sql"] for q in again.captured_queries if '"directory_topic"."description"' in q["sql"]
    ]
    assert not read
    assert len(again.captured_queries) < len(first.captured_queries)


def test_a_new_topic_is_offered_at_once(client):
    index = reverse("training:index")
    assert "Workforce planning" not in client.get(index).text
    TopicFactory(name="Workforce planning", slug="workforce-planning")
    assert '<option value="workforce-planning">Workforce planning</option>' in (
        client.get(index).text
    )


def test_a_renamed_region_is_shown_at_once(client):
    index = reverse("training:index")
    assert "London and the South" not in client.get(index).text
    Region.objects.filter(slug="london").update(name="London and the South")
    assert '<option value="london">London and the South</option>' in client.get(index).text


def test_each_reader_sees_the_filters_they_chose(client):
    TopicFactory(name="Finance and budgets", slug="finance")
    index = reverse("training:index")
    chosen = client.get(index, {"topic": "finance", "level": "introductory"}).text
    assert selected(chosen, "topic") == ["finance"]
    assert selected(chosen, "level") == ["introductory"]
    plain = client.get(index).text
    assert selected(plain, "topic") == [""]
    assert selected(plain, "level") == []
    # The last value of a one-choice filter counts, as the form reads it.
    emptied = client.get(f"{index}?topic=finance&topic=").text
    assert selected(emptied, "topic") == [""]
    assert selected(client.get(index, {"topic": "finance"}).text, "topic") == ["finance"]


def test_the_ready_made_view_keeps_its_own_filters(client):
    ready = client.get(reverse("training:for_clinicians")).text
    assert selected(ready, "clinical") == ["yes"]
    assert selected(ready, "level") == ["introductory"]
    assert selected(client.get(reverse("training:index")).text, "clinical") == [""]


def test_repeating_or_reordering_values_makes_no_new_entry(client):
    from django.conf import settings
    from django.db import connection

    def entries() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {settings.CACHES['pages']['LOCATION']}")  # noqa: S608
            return cursor.fetchone()[0]

    index = reverse("training:index")
    client.get(f"{index}?level=introductory&level=senior&topic=")
    before = entries()
    for query in (
        "level=senior&level=introductory&topic=",
        "level=introductory&level=senior&level=introductory&topic=&topic=",
    ):
        page = client.get(f"{index}?{query}").text
        assert sorted(selected(page, "level")) == ["introductory", "senior"]
    assert entries() == before
