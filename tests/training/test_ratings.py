"""Rating a course: only after attending it, once, shown from five ratings."""

import pytest
from django.urls import reverse

from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities.models import BookingStatus
from tests.factories import UserFactory
from tests.opportunities.factories import booked
from tests.training.factories import attended, intake
from training import services
from training.models import Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_intake(course, course_provider):
    return intake(course, course_provider)


def test_an_attendee_rates_a_course_once(client_as, staff, course, past_intake):
    attended(past_intake, staff)
    client = client_as("staff")
    url = reverse("training:rate", args=[course.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"stars": "4", "comment": "Practical and well paced."})
    assert response.status_code == 302
    rating = Rating.objects.get(course=course, user=staff)
    assert (rating.stars, rating.comment) == (4, "Practical and well paced.")

    again = client.post(url, {"stars": "1", "comment": "Changed my mind"})
    assert "You rated this course 4 out of 5" in again.text
    with pytest.raises(Conflict):
        services.rate_course(actor=staff, course_id=course.pk, stars=1)
    assert Rating.objects.get(course=course, user=staff).stars == 4


@pytest.mark.parametrize(
    "status", [BookingStatus.CONFIRMED, BookingStatus.DID_NOT_ATTEND, BookingStatus.CANCELLED]
)
def test_a_booking_that_was_not_attended_gives_no_rating(
    client_as, staff, course, past_intake, status
):
    booked(past_intake, staff, status=status)
    with pytest.raises(NotAllowed):
        services.rate_course(actor=staff, course_id=course.pk, stars=5)
    assert (
        client_as("staff")
        .post(reverse("training:rate", args=[course.pk]), {"stars": "5"})
        .status_code
        == 403
    )
    assert not Rating.objects.exists()


def test_attending_another_course_gives_no_rating_of_this_one(
    staff, course, other_course, another_course_provider
):
    attended(intake(other_course, another_course_provider), staff)
    with pytest.raises(NotAllowed):
        services.rate_course(actor=staff, course_id=course.pk, stars=5)


@pytest.mark.parametrize("stars", ["0", "6", "-1", "five", "", "3.5", "9" * 30])
def test_a_rating_outside_1_to_5_is_refused(client_as, staff, course, past_intake, stars):
    attended(past_intake, staff)
    response = client_as("staff").post(reverse("training:rate", args=[course.pk]), {"stars": stars})
    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.text
    assert not Rating.objects.exists()


def test_the_service_refuses_bad_stars_and_long_comments(staff, course, past_intake):
    attended(past_intake, staff)
    for stars in (0, 6, "5"):
        with pytest.raises(Invalid):
            services.rate_course(actor=staff, course_id=course.pk, stars=stars)
    with pytest.raises(Invalid):
        services.rate_course(actor=staff, course_id=course.pk, stars=3, comment="x" * 2001)
    assert not Rating.objects.exists()


def test_ratings_are_shown_from_the_fifth(client_as, course, past_intake):
    for number, stars in enumerate([5, 4, 4, 3], start=1):
        person = UserFactory(full_name=f"Rater {number}")
        attended(past_intake, person)
        services.rate_course(
            actor=person, course_id=course.pk, stars=stars, comment=f"Said {number}"
        )
    page = client_as("staff").get(course.get_absolute_url()).text
    assert "Ratings are shown once 5 people" in page
    assert "out of 5" not in page
    assert "Said 1" not in page

    fifth = UserFactory(full_name="Rater 5")
    attended(past_intake, fifth)
    services.rate_course(actor=fifth, course_id=course.pk, stars=4, comment="Said 5")
    page = client_as("staff").get(course.get_absolute_url()).text
    assert "4.0 out of 5, from 5 people" in page
    assert "Said 1" in page and "Said 5" in page


def test_the_course_page_offers_rating_to_attendees_only(client_as, staff, course, past_intake):
    assert "Rate this course" not in client_as("staff").get(course.get_absolute_url()).text
    attended(past_intake, staff)
    assert "Rate this course" in client_as("staff").get(course.get_absolute_url()).text
