"""Who may reach which training page: staff read, a course's providers run it."""

import functools

import pytest
from django.urls import reverse

from opportunities import permissions as engine_permissions
from opportunities.models import Session, SessionStatus
from tests.factories import UserFactory
from tests.helpers import assert_ladder, assert_no_mismatches, ladder, ladder_mismatches
from tests.training.factories import CourseFactory, ProviderFactory, intake
from training.models import Interest
from training.permissions import is_course_coordinator

pytestmark = pytest.mark.django_db


def test_reader_pages_ladder(client_as, course):
    urls = [
        reverse("training:index"),
        reverse("training:for_clinicians"),
        reverse("training:contacts"),
        reverse("training:provider_home"),
        course.get_absolute_url(),
    ]
    assert_ladder(client_as, urls, ladder(200))


def test_only_the_courses_providers_manage_it(client_as, course, other_course):
    urls = [
        reverse("training:course_manage", args=[course.pk]),
        reverse("training:intake_add", args=[course.pk]),
    ]
    assert_ladder(client_as, urls, ladder(403, course_provider=200))
    assert_ladder(
        client_as,
        reverse("training:course_manage", args=[other_course.pk]),
        ladder(403, another_course_provider=200),
    )


def test_a_course_coordinator_who_is_not_at_the_provider_manages_it(client_as, course, staff):
    course.coordinators.add(staff)
    assert (
        client_as("staff").get(reverse("training:course_manage", args=[course.pk])).status_code
        == 200
    )


def test_only_the_courses_providers_open_its_draft_intake(client_as, course, course_provider):
    draft = intake(course, course_provider, open_=False)
    url = reverse("training:intake_open", args=[draft.pk])
    assert_ladder(client_as, url, ladder(404, course_provider=200), contains="Open for booking")
    refused = {p: s for p, s in ladder(404).items() if p != "course_provider"}
    assert_no_mismatches(ladder_mismatches(functools.cache(client_as), url, refused, method="post"))
    draft.refresh_from_db()
    assert draft.status == SessionStatus.DRAFT


def test_nobody_else_adds_an_intake(client_as, course):
    data = {
        "starts_at_day": "1",
        "starts_at_month": "3",
        "starts_at_year": "2099",
        "starts_at_time": "09:30",
        "ends_at_day": "1",
        "ends_at_month": "3",
        "ends_at_year": "2099",
        "ends_at_time": "16:30",
        "format": "in_person",
        "venue": "Somewhere",
        "region": str(course.provider.organisation.region_id),
    }
    refused = {p: s for p, s in ladder(403).items() if p != "course_provider"}
    assert_ladder(
        client_as, reverse("training:intake_add", args=[course.pk]), refused, "post", data
    )
    assert not Session.objects.exists()


def test_interest_is_for_signed_in_staff(client_as, course):
    client_for = functools.cache(client_as)
    assert_ladder(
        client_for,
        reverse("training:register_interest", args=[course.pk]),
        {p: 302 for p in ladder(302)},
        method="post",
    )
    assert Interest.objects.filter(course=course).count() == len(ladder(302)) - 1
    assert_ladder(
        client_for,
        reverse("training:withdraw_interest", args=[course.pk]),
        {p: 302 for p in ladder(302)},
        method="post",
    )
    assert not Interest.objects.exists()


def test_the_rating_page_is_only_for_people_who_attended(client_as, course):
    assert_ladder(client_as, reverse("training:rate", args=[course.pk]), ladder(403))


def test_a_missing_course_is_a_404(client_as):
    assert client_as("staff").get(reverse("training:course", args=[999999])).status_code == 404
    assert (
        client_as("staff").get(reverse("training:course_manage", args=[999999])).status_code == 404
    )


def test_the_engine_asks_training_who_organises_an_intake(
    course, course_provider, another_course_provider, national_moderator, staff
):
    session = intake(course, course_provider)
    assert engine_permissions.can_organise(course_provider, session)
    assert not engine_permissions.can_organise(another_course_provider, session)
    assert not engine_permissions.can_organise(national_moderator, session)
    assert not engine_permissions.can_organise(staff, session)
    assert list(Session.objects.organised_by(course_provider)) == [session]
    assert not Session.objects.organised_by(another_course_provider).exists()


def test_another_provider_cannot_add_an_intake_through_the_service(course, another_course_provider):
    from learning_network.errors import NotAllowed

    with pytest.raises(NotAllowed):
        intake(course, another_course_provider)
    assert not Session.objects.exists()


def test_who_coordinates_courses_is_asked_in_one_statement(django_assert_num_queries):
    nobody, of_a_provider, on_a_course = UserFactory(), UserFactory(), UserFactory()
    ProviderFactory().coordinators.add(of_a_provider)
    CourseFactory().coordinators.add(on_a_course)
    for user, expected in ((nobody, False), (of_a_provider, True), (on_a_course, True)):
        with django_assert_num_queries(1):
            assert is_course_coordinator(user) is expected
