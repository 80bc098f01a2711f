"""The demo practice examples: enough of every kind, everywhere, once."""

import time
from dataclasses import dataclass

import pytest
from django.db.models import Count
from django.test import override_settings
from django.utils.timezone import localdate

import accounts.demo
import directory.demo
from accounts.models import User
from directory.models import Region
from practice_db import demo
from practice_db.models import (
    Evaluation,
    ForumReview,
    ModerationEvent,
    PracticeExample,
    Status,
    default_review_date,
)
from tests.conftest import FAST_PASSWORD_HASHERS
from tests.helpers import rows_for_scope

pytestmark = pytest.mark.django_db


@dataclass
class Loaded:
    counts: dict[str, int]
    seconds: float


def load_practice_demo() -> Loaded:
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        directory.demo.load()
        accounts.demo.load()
        started = time.monotonic()
        counts = demo.load()
        return Loaded(counts, time.monotonic() - started)


@pytest.fixture(scope="module", autouse=True)
def loaded(django_db_setup, django_db_blocker):
    """The reference data, accounts and practice examples, loaded once for this module."""
    yield from rows_for_scope(django_db_blocker, load_practice_demo)


def test_demo_examples_load_quickly_and_cover_every_status_and_region(loaded):
    assert loaded.counts["practice examples"] == PracticeExample.objects.count() >= 240 - 5
    assert loaded.seconds < 20
    by_status = dict(
        PracticeExample.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    assert by_status[Status.PUBLISHED] >= 200
    assert set(by_status) == set(Status.values)
    regions = PracticeExample.objects.published().values("organisation__region").distinct()
    assert regions.count() == Region.objects.count() == 8


def test_published_demo_examples_are_complete_and_moderated():
    published = PracticeExample.objects.published().prefetch_related("topics", "events")
    for example in published:
        for field in ["summary", "problem", "what_was_done", "results", "evidence", "lessons"]:
            assert getattr(example, field), (example.title, field)
        assert example.evidence_kind and example.evidence_rating and example.work_status
        assert example.lead_email.endswith("@demo.nhs.uk")
        assert 1 <= len(example.topics.all()) <= 4
        assert example.review_date == default_review_date(localdate(example.published_at))
        published_event = [e for e in example.events.all() if e.kind == "published"][-1]
        assert (published_event.to_status, published_event.actor.email) == (
            Status.PUBLISHED,
            f"moderator.{example.organisation.region.slug}@demo.nhs.uk",
        )
    assert PracticeExample.objects.due_for_review().exists()
    assert published.filter(did_not_work=True).exists()
    assert published.filter(is_beacon=True).exists()
    # The Management Forum has reviewed some, and evaluated some in each state.
    assert ForumReview.objects.values("verdict").distinct().count() == 3
    assert Evaluation.objects.filter(result_published_at__isnull=True).exists()
    assert Evaluation.objects.filter(result_published_at__isnull=False).exists()


def test_some_submissions_are_overdue_and_decisions_carry_comments():
    overdue = list(PracticeExample.objects.with_overdue().filter(is_overdue=True))
    assert overdue
    for status in [Status.CHANGES_REQUESTED, Status.REJECTED]:
        for example in PracticeExample.objects.filter(status=status):
            assert example.events.get(to_status=status).comment


def test_demo_staff_owns_an_example_in_each_state_they_can_see():
    staff = User.objects.get(email="staff@demo.nhs.uk")
    mine = PracticeExample.objects.filter(submitter=staff)
    assert {example.organisation.code for example in mine} == {"LO001"}
    assert sorted(mine.values_list("status", flat=True)) == sorted(demo.STAFF_OWNS)


def test_every_region_has_a_contributor_who_can_sign_in():
    for region in Region.objects.all():
        contributor = User.objects.get(email=f"contributor.{region.slug}@demo.nhs.uk")
        assert contributor.check_password(accounts.demo.DEMO_PASSWORD)
        assert contributor.email_verified_at is not None
        assert contributor.organisation.region == region
        assert PracticeExample.objects.filter(
            submitter=contributor, organisation__region=region
        ).exists()


def test_loading_again_creates_nothing():
    counts = (
        PracticeExample.objects.count(),
        ModerationEvent.objects.count(),
        User.objects.count(),
    )

    assert demo.load() == {
        "contributor accounts": 0,
        "practice examples": 0,
        "forum reviews": 0,
        "evaluations": 0,
    }
    assert (
        PracticeExample.objects.count(),
        ModerationEvent.objects.count(),
        User.objects.count(),
    ) == counts


def test_the_same_count_always_gives_the_same_text():
    PracticeExample.objects.all().delete()  # back out the module's 240, in this test only
    demo.load(count=30)
    first = list(PracticeExample.objects.order_by("pk").values_list("title", "summary", "results"))
    PracticeExample.objects.all().delete()

    demo.load(count=30)
    again = list(PracticeExample.objects.order_by("pk").values_list("title", "summary", "results"))
    assert again == first
