"""Sessions and bookings for tests, and a stand-in for an owning app.

Until an app that owns sessions is installed, the engine's tests need
somebody to organise them: `organise_sessions_of_my_organisation` answers the
registry's question for test sessions owned by an organisation, saying that a
coordinator at that organisation runs them.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from accounts import permissions as roles
from directory.models import Organisation
from learning_network.rules import NOTHING
from opportunities.models import Booking, BookingStatus, Format, Kind, Session, SessionStatus
from tests.factories import OrganisationFactory, UserFactory

TEST_KIND = Kind.LEARNING_CENTRE_EVENT


def organise_sessions_of_my_organisation(user) -> Q:
    """A coordinator runs the sessions their own organisation owns."""
    if not roles.is_coordinator(user) or not user.organisation_id:
        return NOTHING
    return Q(
        owner_type_id=ContentType.objects.get_for_model(Organisation).pk,
        owner_id=user.organisation_id,
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """An open session two weeks ahead, run by (and owned by) an organisation."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    kind = TEST_KIND
    title = factory.Sequence(lambda n: f"Reducing emergency admissions: workshop {n}")
    description = "A morning on how the trust cut avoidable admissions."
    format = Format.IN_PERSON
    venue = "Education Centre, Riverside Hospital"
    address = "1 River Road, London"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    booking_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    capacity = 10
    status = SessionStatus.OPEN
    owner_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Organisation))
    owner_id = factory.LazyAttribute(lambda o: o.organisation.pk)

    class Params:
        draft = factory.Trait(status=SessionStatus.DRAFT)
        cancelled = factory.Trait(
            status=SessionStatus.CANCELLED, cancellation_reason="The speaker is unwell."
        )
        past = factory.Trait(
            starts_at=factory.LazyFunction(
                lambda: (timezone.now() - timedelta(days=3)).replace(microsecond=0)
            ),
        )
        online = factory.Trait(
            format=Format.ONLINE, venue="", address="", joining_link="https://meet.example.nhs.uk/x"
        )


def booked(session: Session, user=None, **extra) -> Booking:
    """A confirmed booking made straight in the table, counts kept in step."""
    booking = Booking.objects.create(
        session=session,
        user=user or UserFactory(),
        status=extra.pop("status", BookingStatus.CONFIRMED),
        confirmed_at=timezone.now(),
        **extra,
    )
    if booking.holds_place:
        Session.objects.filter(pk=session.pk).update(confirmed_count=session.confirmed_count + 1)
        session.confirmed_count += 1
    return booking
