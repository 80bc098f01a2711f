"""Every list page runs as many statements with 30 rows as with 3."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import Alumnus, Status
from tests.factories import UserFactory
from tests.helpers import assert_same_query_count
from tests.leadership.factories import ApplicationFactory, CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_programme_list(client_as):
    def make(n):
        for _ in range(n):
            programme = ProgrammeFactory()
            CohortFactory(programme=programme)
            CohortFactory(programme=programme, upcoming=True)

    assert_same_query_count(make, reverse("leadership:index"), client_as("staff"), at_most=8)


def test_a_programme_page_with_its_cohorts_and_alumni(client_as, programme, staff):
    def make(n):
        for _ in range(n):
            cohort = CohortFactory(programme=programme)
            ApplicationFactory(cohort=cohort, applicant=staff, status=Status.ENDORSED)
            Alumnus.objects.create(
                programme=programme,
                person=UserFactory(),
                cohort=cohort,
                completed_on=timezone.localdate(),
                listed=True,
            )

    assert_same_query_count(
        make, programme.get_absolute_url(), client_as("programme_coordinator"), at_most=12
    )


def test_your_applications(client_as, staff, programme):
    def make(n):
        for _ in range(n):
            ApplicationFactory(cohort=CohortFactory(programme=programme), applicant=staff)
            Alumnus.objects.create(
                programme=ProgrammeFactory(), person=staff, completed_on=timezone.localdate()
            )

    assert_same_query_count(make, reverse("leadership:mine"), client_as("staff"), at_most=8)


@pytest.mark.parametrize("status", ["", "endorsed"])
def test_a_cohorts_applications(status, client_as, cohort):
    def make(n):
        for _ in range(n):
            ApplicationFactory(cohort=cohort, status=Status.ENDORSED)
            ApplicationFactory(cohort=cohort, status=Status.RESERVE)

    assert_same_query_count(
        make,
        cohort.get_absolute_url(),
        client_as("programme_coordinator"),
        data={"status": status},
        at_most=12,
    )


def test_the_programmes_a_coordinator_runs(client_as, programme):
    def make(n):
        for _ in range(n):
            ApplicationFactory(cohort=CohortFactory(programme=programme), status=Status.ENDORSED)

    assert_same_query_count(
        make, reverse("leadership:coordinating"), client_as("programme_coordinator"), at_most=8
    )
