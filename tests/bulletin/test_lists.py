"""ImpAct's list pages use the same number of queries for 3 rows or 30."""

import itertools
from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory, TopicFactory
from tests.helpers import assert_same_query_count

pytestmark = pytest.mark.django_db


def make_issues() -> Callable[[int], None]:
    """Adds issues, a few of them drafts, each with two stories on topics and examples.

    Each call adds three topics too, so that the subject index grows with the rows.
    """
    numbers = itertools.count(1)

    def make(count: int) -> None:
        topics = [TopicFactory() for _ in range(3)]
        for number in itertools.islice(numbers, count):
            issue = IssueFactory(number=number, draft=number % 5 == 0)
            for position in range(1, 3):
                story = StoryFactory(issue=issue, position=position)
                story.topics.set(topics[: position + 1])
                story.related_examples.add(PracticeExampleFactory(published=True))

    return make


PAGES = [
    ("bulletin:issues", "staff"),
    ("bulletin:subjects", "staff"),
    ("bulletin:current", "staff"),
    ("bulletin:feed", "staff"),
    ("bulletin:dashboard", "editor"),
    ("home", "staff"),
]


@pytest.mark.parametrize(("url_name", "persona"), PAGES)
def test_list_page_queries_do_not_grow_with_rows(client_as, url_name, persona):
    assert_same_query_count(make_issues(), reverse(url_name), client_as(persona))
