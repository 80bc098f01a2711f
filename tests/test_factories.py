"""The factories' traits make records in each state with the dates that state implies."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from bulletin.models import IssueStatus
from practice_db.models import Status, default_review_date
from tests.bulletin.factories import IssueFactory
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", Status.values)
def test_each_example_trait_gives_its_status_and_dates(status):
    example = PracticeExampleFactory(**{status: True})
    example.refresh_from_db()
    assert example.status == status
    assert (example.submitted_at is not None) == (status != Status.DRAFT)
    was_published = status in {Status.PUBLISHED, Status.ARCHIVED}
    assert (example.published_at is not None) == was_published
    if was_published:
        assert example.review_date == default_review_date(timezone.localdate(example.published_at))
    else:
        assert example.review_date is None


def test_a_status_passed_by_name_gets_the_same_dates_as_its_trait():
    by_name = PracticeExampleFactory(status=Status.ARCHIVED)
    assert by_name.submitted_at and by_name.published_at and by_name.review_date


def test_an_example_published_at_a_given_time_is_reviewed_two_years_on():
    when = datetime(2000, 6, 1, 12, tzinfo=timezone.get_current_timezone())
    example = PracticeExampleFactory(published=True, published_at=when)
    assert example.submitted_at == when
    assert example.review_date.isoformat() == "2002-06-01"


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        ("draft", IssueStatus.DRAFT),
        ("scheduled", IssueStatus.SCHEDULED),
        ("published", IssueStatus.PUBLISHED),
    ],
)
def test_each_issue_trait_gives_its_status(trait, status):
    issue = IssueFactory(**{trait: True})
    assert issue.status() == status
    if trait == "scheduled":
        assert issue.publish_at > timezone.now() + timedelta(days=2)


def test_an_issue_is_published_unless_a_trait_says_otherwise():
    assert IssueFactory().status() == IssueStatus.PUBLISHED
