"""ImpAct's list pages use the same number of queries for 3 rows or 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def make_issues(count: int, start: int) -> None:
    topics = [TopicFactory() for _ in range(3)]
    for number in range(start, start + count):
        issue = IssueFactory(number=number)
        if number % 5 == 0:
            issue.publish_at = None  # a few drafts among them
            issue.save()
        for position in range(1, 3):
            story = StoryFactory(issue=issue, position=position)
            story.topics.set(topics[: position + 1])
            story.related_examples.add(PracticeExampleFactory(status="published"))


PAGES = [
    ("bulletin:issues", "staff"),
    ("bulletin:subjects", "staff"),
    ("bulletin:current", "staff"),
    ("bulletin:feed", "staff"),
    ("bulletin:dashboard", "editor"),
    ("home", "staff"),
]


@pytest.mark.parametrize(("url_name", "persona"), PAGES)
def test_list_page_queries_do_not_grow_with_rows(
    client_as, url_name, persona, django_assert_max_num_queries
):
    client = client_as(persona)
    url = reverse(url_name)
    make_issues(3, start=1)
    client.get(url)  # warm the session and the user's groups
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_issues(30, start=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
