"""Beacons and visit requests for tests, and the coordinators' scopes.

`coordinate_test_beacon(user)` and `coordinate_another_beacon(user)` are the
scopes of the `beacon_coordinator` and `another_beacon_coordinator` personas
(beacons/apps.py): each makes a Beacon that person coordinates.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from beacons.models import Beacon, Offer, Theme, VisitEvent, VisitRequest, VisitStatus
from opportunities.models import Kind, Session, SessionStatus
from tests.factories import OrganisationFactory, UserFactory

TEST_BEACON = "Rapid access chest pain clinic"
ANOTHER_BEACON = "Home treatment and crisis team"


class BeaconFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beacon

    organisation = factory.SubFactory(OrganisationFactory)
    service_name = factory.Sequence(lambda n: f"Nurse-led follow-up clinic {n}")
    theme = Theme.OUTPATIENTS
    year = 2000
    coordinator = factory.SubFactory(UserFactory)
    what_it_does = "Specialist nurses see patients for routine follow-up."
    what_others_can_learn = "Which patients the nurses see, and the protocols they follow."
    offers = factory.LazyFunction(lambda: [Offer.VISITS, Offer.OPEN_DAYS])

    class Params:
        ended = factory.Trait(
            designation_ended_on=factory.LazyFunction(
                lambda: timezone.localdate() - timedelta(days=1)
            ),
            designation_ended_reason="The designation ran for its term.",
        )


def coordinate_test_beacon(user) -> Beacon:
    return BeaconFactory(
        coordinator=user,
        organisation=user.organisation,
        service_name=TEST_BEACON,
        theme=Theme.CORONARY_HEART_DISEASE,
    )


def coordinate_another_beacon(user) -> Beacon:
    return BeaconFactory(
        coordinator=user,
        organisation=user.organisation,
        service_name=ANOTHER_BEACON,
        theme=Theme.MENTAL_HEALTH,
        year=1999,
    )


def future_dates(*days: int):
    today = timezone.localdate()
    return [today + timedelta(days=d) for d in days]


class VisitRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for acknowledgement; traits for each later status."""

    class Meta:
        model = VisitRequest
        skip_postgeneration_save = True

    beacon = factory.SubFactory(BeaconFactory)
    requester = factory.SubFactory(UserFactory)
    party_size = 3
    roles = "Two ward sisters and a bed manager"
    wants_to_learn = "How the clinic is run."
    preferred_dates = factory.LazyFunction(lambda: future_dates(14, 21))
    status = VisitStatus.REQUESTED

    class Params:
        acknowledged = factory.Trait(
            status=VisitStatus.ACKNOWLEDGED, acknowledged_at=factory.LazyFunction(timezone.now)
        )
        confirmed = factory.Trait(
            status=VisitStatus.CONFIRMED,
            acknowledged_at=factory.LazyFunction(timezone.now),
            visit_starts_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=14)),
            visit_ends_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(days=14, hours=4)
            ),
        )
        visited = factory.Trait(
            status=VisitStatus.CONFIRMED,
            acknowledged_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=20)),
            visit_starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            visit_ends_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(days=2) + timedelta(hours=4)
            ),
        )
        completed = factory.Trait(
            status=VisitStatus.COMPLETED,
            acknowledged_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=20)),
            visit_starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
            visit_ends_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(days=2) + timedelta(hours=4)
            ),
        )
        declined = factory.Trait(status=VisitStatus.DECLINED, decline_reason="No room.")
        withdrawn = factory.Trait(status=VisitStatus.WITHDRAWN)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            VisitEvent.objects.create(
                visit=self, kind="requested", actor=self.requester, to_status="requested"
            )


def open_day(beacon: Beacon, *, capacity: int = 10, days: int = 14, **extra) -> Session:
    """A published open day of the Beacon, straight in the table (as the engine's factory does)."""
    starts_at = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    values = {
        "kind": Kind.BEACON_OPEN_DAY,
        "title": f"Open day: {beacon.service_name}",
        "venue": "Education centre",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=5),
        "booking_deadline": starts_at - timedelta(days=1) if days > 0 else starts_at,
        "region_id": beacon.organisation.region_id,
        "organisation_id": beacon.organisation_id,
        "capacity": capacity,
        "status": SessionStatus.OPEN,
        "owner_type": ContentType.objects.get_for_model(Beacon),
        "owner_id": beacon.pk,
    }
    return Session.objects.create(**(values | extra))
