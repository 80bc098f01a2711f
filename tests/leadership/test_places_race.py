"""Two coordinators accepting at the same moment never fill more places than there are."""

import time

import pytest

from accounts.models import Role
from leadership import services
from leadership.models import Application, ProgrammeCoordinator, Status
from learning_network.errors import Conflict
from tests.factories import UserFactory
from tests.helpers import run_at_once
from tests.leadership.factories import ApplicationFactory, CohortFactory, coordinated_programme


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_for_the_last_place_let_one_through(
    reference_data, programme_coordinator, monkeypatch
):
    second_coordinator = UserFactory(roles=[Role.COORDINATOR])
    ProgrammeCoordinator.objects.create(programme=coordinated_programme(), user=second_coordinator)
    cohort = CohortFactory(places=2)
    ApplicationFactory(cohort=cohort, status=Status.ACCEPTED)
    first, second = (ApplicationFactory(cohort=cohort, status=Status.SHORTLISTED) for _ in "ab")

    count_places = services.places_taken

    def slow_count(cohort):
        # Hold each acceptance between counting and saving, so that without
        # the cohort's lock both would count one place taken and both go through.
        taken = count_places(cohort)
        time.sleep(0.5)
        return taken

    monkeypatch.setattr(services, "places_taken", slow_count)
    outcomes = run_at_once(
        lambda: services.transition_application(
            actor=programme_coordinator, application_id=first.pk, action="accept"
        ),
        lambda: services.transition_application(
            actor=second_coordinator, application_id=second.pk, action="accept"
        ),
    )

    refused = [o.error for o in outcomes if o.error is not None]
    assert len(refused) == 1
    assert isinstance(refused[0], Conflict)
    assert "All 2 places" in str(refused[0])
    assert Application.objects.filter(cohort=cohort, status=Status.ACCEPTED).count() == 2
    statuses = sorted(
        Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == [Status.ACCEPTED, Status.SHORTLISTED]
