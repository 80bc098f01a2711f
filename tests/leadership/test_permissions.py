"""Every page of the leadership app, asked by every persona.

The application is `staff`'s, to the programme `programme_coordinator` runs.
Anyone who may not know it exists gets a 404; anyone who may see it but not
do the thing gets a 403; anonymous visitors are sent to sign in, except on
the sponsor's page, which the signed link opens for anyone who holds it.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leadership.models import Alumnus, Status
from tests.factories import UserFactory
from tests.helpers import assert_ladder, ladder
from tests.leadership.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db

APPLICANT_AND_COORDINATOR = {"staff": 200, "programme_coordinator": 200}


def test_programme_pages_are_for_every_signed_in_person(client_as, cohort, programme):
    assert_ladder(
        client_as,
        [
            reverse("leadership:index"),
            programme.get_absolute_url(),
            reverse("leadership:mine"),
            reverse("leadership:apply", args=[cohort.pk]),
        ],
        ladder(200),
    )


def test_cohort_management_is_for_the_programmes_coordinators(client_as, cohort, programme):
    assert_ladder(
        client_as,
        [
            cohort.get_absolute_url(),
            reverse("leadership:cohort_edit", args=[cohort.pk]),
            reverse("leadership:cohort_create", args=[programme.slug]),
        ],
        ladder(403, programme_coordinator=200),
    )


def test_the_coordinators_list_is_for_those_who_coordinate_a_programme(client_as):
    assert_ladder(
        client_as,
        reverse("leadership:coordinating"),
        ladder(403, programme_coordinator=200, another_programme_coordinator=200),
    )


def test_a_draft_is_seen_by_its_applicant_alone(client_as, application_in):
    draft = application_in(Status.DRAFT)
    assert_ladder(
        client_as,
        [
            draft.get_absolute_url(),
            reverse("leadership:edit", args=[draft.pk]),
            reverse("leadership:check", args=[draft.pk]),
            reverse("leadership:withdraw", args=[draft.pk]),
        ],
        ladder(404, staff=200),
    )


def test_a_submitted_application_is_seen_by_its_applicant_and_the_coordinator(
    client_as, application_in
):
    endorsed = application_in(Status.ENDORSED)
    assert_ladder(client_as, endorsed.get_absolute_url(), ladder(404, **APPLICANT_AND_COORDINATOR))
    assert_ladder(
        client_as,
        [
            reverse("leadership:edit", args=[endorsed.pk]),
            reverse("leadership:check", args=[endorsed.pk]),
        ],
        ladder(404, staff=409, programme_coordinator=403),
    )
    assert_ladder(
        client_as,
        reverse("leadership:withdraw", args=[endorsed.pk]),
        ladder(404, staff=200, programme_coordinator=403),
    )
    assert_ladder(
        client_as,
        reverse("leadership:decline", args=[endorsed.pk]),
        ladder(404, staff=403, programme_coordinator=200),
    )


def test_moving_up_a_reserve_is_for_the_coordinator(client_as, application_in):
    reserve = application_in(Status.RESERVE)
    assert_ladder(
        client_as,
        reverse("leadership:move_up", args=[reserve.pk]),
        ladder(404, staff=403, programme_coordinator=200),
    )


def fresh(application_in, status, **kwargs):
    """A URL that acts on a new application, for each persona the action may change."""

    def url_for(name):
        def for_persona(persona):
            return reverse(f"leadership:{name}", args=[application_in(status, **kwargs).pk])

        return for_persona

    return url_for


def test_decisions_are_for_the_coordinator(client_as, application_in, staff):
    url = fresh(lambda status: application_in(status, applicant=UserFactory()), Status.ENDORSED)
    assert_ladder(
        client_as,
        url("act"),
        ladder(404, programme_coordinator=302),
        method="post",
        data={"action": "shortlist"},
    )
    staffs = fresh(lambda status: application_in(status, cohort=CohortFactory()), Status.ENDORSED)
    assert_ladder(
        client_as,
        staffs("act"),
        ladder(404, staff=403, programme_coordinator=302),
        method="post",
        data={"action": "accept"},
    )
    assert_ladder(
        client_as,
        staffs("decline"),
        ladder(404, staff=403, programme_coordinator=302),
        method="post",
        data={"reason": "Not this year."},
    )


def test_withdrawing_and_resending_are_for_the_applicant(client_as, application_in):
    def waiting(status):
        application = application_in(status, cohort=CohortFactory())
        application.sponsor_asked_at = timezone.now() - timedelta(days=3)
        application.save()
        return application

    url = fresh(waiting, Status.AWAITING_SPONSOR)
    for name in ("withdraw", "resend"):
        assert_ladder(
            client_as,
            url(name),
            ladder(404, staff=302, programme_coordinator=403),
            method="post",
        )


def test_recording_completion_is_for_the_coordinator(client_as, application_in, programme):
    url = fresh(
        lambda status: application_in(
            status, cohort=CohortFactory(programme=programme, started=True)
        ),
        Status.ACCEPTED,
    )
    assert_ladder(
        client_as,
        url("complete"),
        ladder(404, staff=403, programme_coordinator=302),
        method="post",
    )


def test_an_alumnus_alone_chooses_to_be_listed(client_as, staff, programme):
    alumnus = Alumnus.objects.create(
        programme=programme, person=staff, completed_on=timezone.localdate()
    )
    assert_ladder(
        client_as,
        reverse("leadership:listing", args=[alumnus.pk]),
        ladder(403, staff=302),
        method="post",
        data={"listed": "yes"},
    )
    alumnus.refresh_from_db()
    assert alumnus.listed


def test_the_sponsor_link_opens_for_whoever_holds_it(client_as, application_in, sponsor_url):
    waiting = application_in(Status.AWAITING_SPONSOR)
    assert_ladder(
        client_as,
        sponsor_url(waiting),
        ladder(200, anonymous=200),
        contains="Do you endorse Sam Staff",
    )


def test_alumni_are_listed_only_with_their_consent(client_as, staff, programme):
    alumnus = Alumnus.objects.create(
        programme=programme, person=staff, completed_on=timezone.localdate()
    )
    page = client_as("editor").get(programme.get_absolute_url())
    assert staff.email not in page.text
    alumnus.listed = True
    alumnus.save()
    page = client_as("editor").get(programme.get_absolute_url())
    assert staff.email in page.text


def test_other_applications_are_not_shown_to_other_applicants(client_as, application_in):
    ApplicationFactory(status=Status.ENDORSED, statement="Someone else's statement")
    assert "Someone else's statement" not in client_as("staff").get(reverse("leadership:mine")).text
