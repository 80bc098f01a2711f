"""The spread map counts Beacon visits and Learning Centre attendance that led
to a published example, beside "We tried this too", each organisation once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from beacons.models import SpreadExample
from directory.models import Region
from opportunities.models import BookingStatus, Kind
from practice_db import spread
from practice_db.models import Adoption, PracticeExample, Status
from tests.beacons.factories import VisitRequestFactory
from tests.factories import OrganisationFactory, PracticeExampleFactory, TopicFactory, UserFactory
from tests.opportunities.factories import SessionFactory, booked

pytestmark = pytest.mark.django_db


def counts(topic=None) -> dict[str, int]:
    return {row.region.slug: row.organisations for row in spread.spread_by_region(topic)}


def written(user, *, published=True, days_ago=1, topics=()):
    example = PracticeExampleFactory(
        submitter=user,
        organisation=user.organisation,
        status=Status.PUBLISHED if published else Status.SUBMITTED,
        topics=list(topics) or None,
    )
    PracticeExample.objects.filter(pk=example.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return example


def attended_centre_event(user, *, days_ago=10):
    session = SessionFactory(
        kind=Kind.LEARNING_CENTRE_EVENT,
        starts_at=timezone.now() - timedelta(days=days_ago, hours=3),
        ends_at=timezone.now() - timedelta(days=days_ago),
        booking_deadline=timezone.now() - timedelta(days=days_ago + 1),
    )
    return booked(session, user, status=BookingStatus.ATTENDED)


@pytest.fixture
def world(reference_data):
    topic = TopicFactory(name="Falls")
    trent, eastern, london = (
        OrganisationFactory(region=Region.objects.get(slug=slug))
        for slug in ("trent", "eastern", "london")
    )
    # Trent: attended a centre's event, then published an example on falls.
    learner = UserFactory(organisation=trent)
    attended_centre_event(learner)
    written(learner, topics=[topic])
    # ...and the same organisation also said "We tried this too": still one.
    Adoption.objects.create(
        example=PracticeExampleFactory(published=True, topics=[topic]),
        reported_by=learner,
        organisation=trent,
        tried_from=date(2026, 1, 1),
        what_changed="x",
        how_it_went="y",
    )
    # Eastern: drafted an example from a Beacon visit, now published.
    visitor = UserFactory(organisation=eastern)
    visit = VisitRequestFactory(requester=visitor)
    SpreadExample.objects.create(
        beacon=visit.beacon, example=written(visitor), visit=visit, created_by=visitor
    )
    # London: wrote before the event, and a not-yet-published example after: neither counts.
    early = UserFactory(organisation=london)
    written(early, days_ago=20)
    attended_centre_event(early, days_ago=10)
    written(early, published=False)
    return topic


def test_beacon_visits_and_learning_centre_events_count_each_organisation_once(world):
    found = counts()
    assert (found["trent"], found["eastern"], found["london"]) == (1, 1, 0)
    assert counts(world)["trent"] == 1
    assert counts(world)["eastern"] == 0  # the visit's example is on another topic


def test_the_counts_match_a_brute_force_count(world):
    def brute(topic):
        pairs = set()
        for adoption in Adoption.objects.select_related("organisation", "example"):
            if adoption.example.status == Status.PUBLISHED and (
                topic is None or adoption.example.topics.filter(pk=topic.pk).exists()
            ):
                pairs.add((adoption.organisation.region.slug, adoption.organisation_id))
        learned = {link.example for link in SpreadExample.objects.select_related("example")}
        for example in PracticeExample.objects.exclude(status=Status.DRAFT):
            sessions_before = [
                b.session
                for b in example.submitter.bookings.select_related("session")
                if b.status == BookingStatus.ATTENDED
                and b.session.kind == Kind.LEARNING_CENTRE_EVENT
                and b.session.ends_at < example.created_at
            ]
            if sessions_before:
                learned.add(example)
        for example in learned:
            if example.status == Status.PUBLISHED and (
                topic is None or example.topics.filter(pk=topic.pk).exists()
            ):
                pairs.add((example.organisation.region.slug, example.organisation_id))
        return {
            region.slug: sum(1 for slug, _ in pairs if slug == region.slug)
            for region in Region.objects.all()
        }

    for topic in (None, world):
        assert counts(topic) == brute(topic)
