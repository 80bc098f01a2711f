"""The demo data: six programmes, cohorts in every state, applications in every state."""

import pytest
from django.utils import timezone

from accounts.models import User
from leadership import permissions
from leadership.demo import COORDINATOR_EMAIL
from leadership.demo import load as load_leadership
from leadership.models import Alumnus, Application, Cohort, CohortState, Programme, Status

pytestmark = pytest.mark.django_db


def test_six_programmes_with_cohorts_and_applications_in_every_state(demo_data):
    assert Programme.objects.count() == 6
    today = timezone.localdate()
    for programme in Programme.objects.all():
        states = {cohort.state(today) for cohort in programme.cohorts.all()}
        assert states == set(CohortState), programme
    assert set(Application.objects.values_list("status", flat=True)) == set(Status)
    staff = User.objects.get(email="staff@demo.nhs.uk")
    assert set(staff.leadership_applications.values_list("status", flat=True)) == set(Status)
    assert Alumnus.objects.filter(listed=True).exists()
    assert permissions.coordinated_programme_ids(User.objects.get(email=COORDINATOR_EMAIL)) == set(
        Programme.objects.values_list("pk", flat=True)
    )
    assert COORDINATOR_EMAIL in demo_data


def test_every_demo_cohort_keeps_within_its_places(demo_data):
    for cohort in Cohort.objects.with_accepted_count():
        assert cohort.accepted_count <= cohort.places


def test_loading_again_makes_nothing(demo_data):
    assert load_leadership() == {
        "leadership programmes": 0,
        "programme cohorts": 0,
        "programme applications": 0,
    }


def test_demo_pages_answer(demo_data, client):
    client.force_login(User.objects.get(email=COORDINATOR_EMAIL))
    for url in ["/leadership/", "/leadership/coordinating/", "/leadership/applications/"]:
        assert client.get(url).status_code == 200
    for programme in Programme.objects.all():
        assert client.get(programme.get_absolute_url()).status_code == 200
    for cohort in Cohort.objects.all():
        assert client.get(cohort.get_absolute_url()).status_code == 200
    for application in Application.objects.exclude(status=Status.DRAFT):
        assert client.get(application.get_absolute_url()).status_code == 200
