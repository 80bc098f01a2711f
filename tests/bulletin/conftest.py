import pytest

from tests.bulletin.factories import IssueFactory, StoryFactory


def issue_of_three(**kwargs):
    issue = IssueFactory(**kwargs)
    for position, title in enumerate(["First story", "Second story", "Third story"], start=1):
        StoryFactory(issue=issue, position=position, title=title)
    return issue


@pytest.fixture
def published_issue(db):
    return issue_of_three(number=10, title="Beacons light the way")


@pytest.fixture
def issue_in_progress(db):
    """A draft with three stories, for putting in order."""
    return issue_of_three(number=13, title="Still being put together", draft=True)


@pytest.fixture
def draft_issue(db):
    issue = IssueFactory(number=11, title="Not ready yet", draft=True)
    StoryFactory(issue=issue, position=1, title="A draft story")
    return issue


@pytest.fixture
def scheduled_issue(db):
    issue = IssueFactory(number=12, title="Coming soon", scheduled=True)
    StoryFactory(issue=issue, position=1, title="A scheduled story")
    return issue
