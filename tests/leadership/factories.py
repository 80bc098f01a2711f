"""factory_boy factories for leadership programmes, cohorts and applications,
and the scopes of the two programme coordinator personas."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from leadership.models import (
    Application,
    ApplicationEvent,
    Cohort,
    EventKind,
    Programme,
    ProgrammeCoordinator,
    Status,
)
from tests.factories import UserFactory

TEST_PROGRAMME = "test-nurse-leadership"
ANOTHER_PROGRAMME = "test-medical-management"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Leading Ward Teams {n}")
    slug = factory.Sequence(lambda n: f"leading-ward-teams-{n}")
    summary = "For ward sisters who want to lead care that patients notice."
    who_for = "Ward sisters and charge nurses."
    what_involved = "Eight study days and a project on your own ward."
    time_commitment = "Eight study days over six months"


def _days(n: int):
    return factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=n))


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort open for applications today, unless a trait says otherwise.

    `upcoming=True` opens in ten days; `closed=True` closed yesterday and starts
    in a month; `started=True` started yesterday.
    """

    class Meta:
        model = Cohort

    class Params:
        upcoming = factory.Trait(
            applications_open=_days(10), applications_close=_days(40), starts_on=_days(80)
        )
        closed = factory.Trait(
            applications_open=_days(-30), applications_close=_days(-1), starts_on=_days(30)
        )
        started = factory.Trait(
            applications_open=_days(-90), applications_close=_days(-30), starts_on=_days(-1)
        )

    programme = factory.LazyFunction(lambda: coordinated_programme())
    name = factory.Sequence(lambda n: f"Cohort {n}")
    applications_open = _days(-10)
    applications_close = _days(20)
    starts_on = _days(60)
    places = 2


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application, a draft unless a trait or `status=` says otherwise.

    Each state has the dates and sponsor answer it implies.
    """

    class Meta:
        model = Application

    class Params:
        moment = factory.LazyFunction(timezone.now)
        awaiting_sponsor = factory.Trait(status=Status.AWAITING_SPONSOR)
        endorsed = factory.Trait(status=Status.ENDORSED)
        shortlisted = factory.Trait(status=Status.SHORTLISTED)
        accepted = factory.Trait(status=Status.ACCEPTED)
        reserve = factory.Trait(status=Status.RESERVE)
        declined = factory.Trait(status=Status.DECLINED)
        withdrawn = factory.Trait(status=Status.WITHDRAWN)

    cohort = factory.SubFactory(CohortFactory)
    applicant = factory.SubFactory(UserFactory)
    status = Status.DRAFT
    current_role = "Ward sister, acute medicine"
    experience = "I have led a ward team of 30 for three years."
    development = "Leading change across the hospital, and the ward's budget."
    statement = "I want to learn how to lead change that lasts beyond my own ward."
    sponsor_name = "Helen Carter"
    sponsor_email = "helen.carter@example.org"
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == Status.DRAFT else o.moment - timedelta(days=2)
    )
    sponsor_asked_at = factory.SelfAttribute("submitted_at")
    sponsor_answered_at = factory.LazyAttribute(
        lambda o: (
            None
            if o.status in {Status.DRAFT, Status.AWAITING_SPONSOR, Status.WITHDRAWN}
            else o.moment - timedelta(days=1)
        )
    )
    decided_at = factory.LazyAttribute(
        lambda o: (
            o.moment
            if o.status in {Status.SHORTLISTED, Status.ACCEPTED, Status.RESERVE, Status.DECLINED}
            else None
        )
    )
    decision_reason = factory.LazyAttribute(
        lambda o: "Too few places this year." if o.status == Status.DECLINED else ""
    )
    reserved_at = factory.LazyAttribute(lambda o: o.moment if o.status == Status.RESERVE else None)


def event(application: Application, kind: EventKind) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, actor_name="Test", kind=kind, to_status=application.status
    )


def coordinated_programme() -> Programme:
    """The programme `programme_coordinator` coordinates."""
    return ProgrammeFactory(slug=TEST_PROGRAMME, title="Test Nurse Leadership")


def other_programme() -> Programme:
    return ProgrammeFactory(slug=ANOTHER_PROGRAMME, title="Test Medical Management")


def coordinate_test_programme(user) -> None:
    ProgrammeCoordinator.objects.create(programme=coordinated_programme(), user=user)


def coordinate_another_programme(user) -> None:
    ProgrammeCoordinator.objects.create(programme=other_programme(), user=user)
