"""Hostile and oversize text in every field a person types: shown as text, never a 500."""

import pytest
from django.urls import reverse

from directory.models import Region
from opportunities.models import Session
from tests.training.factories import attended, intake
from training.models import Rating, TrainingContact

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&{{ 7|add:1 }}{% now "Y" %}'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def _shown_safely(text: str) -> None:
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert ESCAPED in text


def test_hostile_course_text_is_shown_as_text(client_as, course):
    course.title = HOSTILE
    course.summary = HOSTILE
    course.learning_outcomes = f"{HOSTILE}\n{HOSTILE}"
    course.duration = HOSTILE[:100]
    course.save()
    course.provider.organisation.name = HOSTILE
    course.provider.organisation.save()
    client = client_as("course_provider")
    for url in [
        course.get_absolute_url(),
        reverse("training:index"),
        reverse("training:provider_home"),
        reverse("training:course_manage", args=[course.pk]),
        reverse("training:intake_add", args=[course.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _shown_safely(response.text)


def test_hostile_rating_comment_is_shown_as_text(client_as, staff, course, course_provider):
    session = intake(course, course_provider)
    attended(session, staff)
    response = client_as("staff").post(
        reverse("training:rate", args=[course.pk]), {"stars": "5", "comment": HOSTILE}
    )
    assert response.status_code == 302
    assert Rating.objects.get().comment == HOSTILE
    from tests.factories import UserFactory
    from training import services

    for _ in range(4):
        person = UserFactory()
        attended(session, person)
        services.rate_course(actor=person, course_id=course.pk, stars=4)
    _shown_safely(client_as("staff").get(course.get_absolute_url()).text)


def test_an_oversize_comment_is_refused_with_a_message(client_as, staff, course, course_provider):
    attended(intake(course, course_provider), staff)
    response = client_as("staff").post(
        reverse("training:rate", args=[course.pk]), {"stars": "5", "comment": "x" * 2001}
    )
    assert response.status_code == 400
    assert "at most 2000 characters" in response.text or "2,000" in response.text
    assert not Rating.objects.exists()


def _intake_form(course, **changes):
    data = {
        "starts_at_day": "3",
        "starts_at_month": "9",
        "starts_at_year": "2099",
        "starts_at_time": "09:30",
        "ends_at_day": "3",
        "ends_at_month": "9",
        "ends_at_year": "2099",
        "ends_at_time": "16:30",
        "format": "in_person",
        "venue": HOSTILE,
        "address": HOSTILE,
        "region": str(course.provider.organisation.region_id),
        "capacity": "12",
    }
    return data | changes


def test_hostile_intake_details_are_kept_as_text(client_as, course):
    client = client_as("course_provider")
    response = client.post(reverse("training:intake_add", args=[course.pk]), _intake_form(course))
    assert response.status_code == 302, response.text
    session = Session.objects.get()
    assert session.venue == HOSTILE
    for url in [
        reverse("training:intake_open", args=[session.pk]),
        reverse("training:course_manage", args=[course.pk]),
        session.get_absolute_url(),
    ]:
        _shown_safely(client.get(url).text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"joining_link": "javascript:alert(1)", "format": "online"}, "starts with https://"),
        (
            {"joining_link": "http://meet.example.nhs.uk/x", "format": "online"},
            "starts with https://",
        ),
        ({"format": "online"}, "joining link"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"capacity": "99999999999999999999"}, "less than or equal to"),
        ({"capacity": "lots"}, "Enter a whole number"),
        ({"region": "999999"}, "Select a valid choice"),
        ({"format": "telepathy"}, "Select a valid choice"),
        ({"starts_at_day": "31", "starts_at_month": "2"}, "real date"),
        ({"starts_at_year": "1999", "ends_at_year": "1999"}, "in the future"),
        ({"ends_at_year": "2098"}, "end after it starts"),
        ({"starts_at_time": "25:99"}, "24-hour clock"),
        ({"venue": "x" * 201}, "at most 200 characters"),
        ({"venue": ""}, "venue"),
    ],
)
def test_bad_intake_details_are_refused_with_a_message(client_as, course, changes, message):
    response = client_as("course_provider").post(
        reverse("training:intake_add", args=[course.pk]), _intake_form(course, **changes)
    )
    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.text
    assert message in response.text
    assert not Session.objects.exists()


def test_hostile_contact_text_is_shown_as_text(client_as):
    TrainingContact.objects.create(
        region=Region.objects.get(slug="london"),
        name=HOSTILE,
        role=HOSTILE,
        organisation=HOSTILE,
        email="rep@london.nhs.uk",
        phone=HOSTILE[:40],
        covers=HOSTILE,
    )
    response = client_as("staff").get(reverse("training:contacts"))
    assert response.status_code == 200
    _shown_safely(response.text)


def test_posts_to_missing_things_are_404s(client_as):
    client = client_as("staff")
    for name in ["register_interest", "withdraw_interest", "rate"]:
        assert client.post(reverse(f"training:{name}", args=[424242])).status_code == 404
    assert client.post(reverse("training:intake_open", args=[424242])).status_code == 404
