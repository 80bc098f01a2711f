"""The home page starts with "Your work": each role's links with what waits there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_db.models import Status
from tests.bulletin.factories import IssueFactory
from tests.factories import OrganisationFactory, PracticeExampleFactory
from tests.helpers import assert_same_query_count

pytestmark = pytest.mark.django_db


def your_work(client):
    html = client.get(reverse("home")).text
    return html.split(">Your work</h2>")[1].split("</ul>")[0]


def test_a_moderator_sees_what_waits_in_their_region(client_as, staff, london_trust, trent_trust):
    long_ago = timezone.now() - timedelta(days=40)
    for submitted_at in (timezone.now(), long_ago):
        PracticeExampleFactory(
            submitter=staff,
            organisation=london_trust,
            status=Status.SUBMITTED,
            submitted_at=submitted_at,
        )
    PracticeExampleFactory(organisation=trent_trust, status=Status.SUBMITTED)
    PracticeExampleFactory(organisation=london_trust, status=Status.PUBLISHED)
    assert "2 waiting in London, 1 overdue" in your_work(client_as("moderator_london"))
    national = your_work(client_as("national_moderator"))
    assert "2 waiting in London, 1 overdue; 1 waiting in Trent" in national
    assert "1 waiting in Trent" in your_work(client_as("moderator_trent"))


def test_a_submitter_sees_what_their_examples_need(client_as, staff):
    PracticeExampleFactory(submitter=staff, status=Status.CHANGES_REQUESTED)
    PracticeExampleFactory.create_batch(3, submitter=staff, status=Status.DRAFT)
    PracticeExampleFactory(status=Status.DRAFT)  # someone else's
    assert "1 of your examples needs changes, 3 drafts" in your_work(client_as("staff"))


def test_an_editor_sees_issues_not_yet_public(client_as):
    IssueFactory(number=7, draft=True)
    IssueFactory(number=8, draft=True)
    IssueFactory(number=9, scheduled=True)
    IssueFactory(number=6, published=True)
    assert "2 draft issues, 1 scheduled" in your_work(client_as("editor"))


def test_the_counts_cost_the_same_with_a_long_queue(client_as, london_trust):
    made = iter(range(1000))

    def make_rows(count):
        for _ in range(count):
            organisation = OrganisationFactory(
                region=london_trust.region, name=f"Trust {next(made)}"
            )
            PracticeExampleFactory(organisation=organisation, status=Status.SUBMITTED)

    assert_same_query_count(make_rows, reverse("home"), client_as("moderator_london"))
