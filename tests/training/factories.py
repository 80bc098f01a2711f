"""Providers, courses and intakes for tests, and the course providers' scopes.

`course_provider` coordinates a provider at their own organisation with one
course, "Budgets for ward managers"; `another_course_provider` the same at
theirs with "Leading a primary care team". Intakes are made through the
training services, owned by the course, so the app's own hook answers who
organises them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from opportunities.models import Booking, BookingStatus, Format, Session, SessionStatus
from tests.factories import OrganisationFactory
from training import services
from training.models import Course, Level, Provider, WhoPays
from training.permissions import forget_managed_courses
from training.search import index_course


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    """A practitioner course, open to clinical staff, with no intake yet."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"Managing a service budget {n}")
    summary = "How budgets are set, read and defended, for people who hold one."
    learning_outcomes = "Read a monthly budget statement\nPlan a cost improvement"
    level = Level.PRACTITIONER
    format = Format.IN_PERSON
    duration = "Two days"
    cost = Decimal("150.00")
    who_pays = WhoPays.EMPLOYER
    open_to_clinical_staff = True

    class Params:
        managers_only = factory.Trait(open_to_clinical_staff=False)
        free = factory.Trait(cost=Decimal(0), who_pays=WhoPays.FREE)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            index_course(self.pk)


def _provide(user, title: str) -> Course:
    provider = ProviderFactory(organisation=user.organisation)
    provider.coordinators.add(user)
    forget_managed_courses(user)
    return CourseFactory(provider=provider, title=title)


def provide_test_course(user) -> None:
    _provide(user, "Budgets for ward managers")


def provide_other_course(user) -> None:
    _provide(user, "Leading a primary care team")


def course_of(user) -> Course:
    return Course.objects.get(provider__coordinators=user)


def intake(
    course: Course, actor, *, days: int = 30, capacity: int | None = 12, open_=True, **extra
) -> Session:
    """An intake `days` ahead, made through the services (and opened unless told not)."""
    starts = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    session = services.add_intake(
        actor=actor,
        course_id=course.pk,
        starts_at=starts,
        ends_at=starts + timedelta(hours=7),
        capacity=capacity,
        **(
            {"region_id": course.provider.organisation.region_id, "venue": "Postgraduate Centre"}
            | extra
        ),
    )
    if open_:
        services.open_intake(actor=actor, session_id=session.pk)
        session.refresh_from_db()
    return session


def attended(session: Session, user) -> Booking:
    """A booking marked attended, straight in the table, as if the intake had happened."""
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=9),
        booking_deadline=timezone.now() - timedelta(days=11),
        status=SessionStatus.OPEN,
    )
    return Booking.objects.create(
        session=session, user=user, status=BookingStatus.ATTENDED, confirmed_at=timezone.now()
    )
