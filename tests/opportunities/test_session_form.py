"""The form organisers create and edit sessions with, and the edit and publish pages."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from opportunities import services
from opportunities.forms import SessionForm
from opportunities.models import Format, Session, SessionStatus
from tests.factories import TopicFactory
from tests.opportunities.factories import TEST_KIND, SessionFactory, booked

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def when(day: datetime, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
        f"{prefix}_time": day.strftime("%H:%M"),
    }


def typed(**overrides) -> dict[str, object]:
    start = (timezone.localtime() + timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    data = {
        "title": "Cutting waits for cataract surgery",
        "description": "A morning with the day-case team.",
        "attend": ["in_person"],
        "venue": "Education Centre",
        "address": "1 River Road\r\nLondon",
        "joining_link": "",
        **when(start, "starts_at"),
        **when(start + timedelta(hours=3), "ends_at"),
        "capacity": "20",
        "audience": "everyone",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def errors_of(form: SessionForm) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_typed_session_becomes_the_arguments_of_create_session(london_trust, organiser):
    topic = TopicFactory()
    form = SessionForm(typed(topics=[topic.pk]), organisation=london_trust)
    assert form.is_valid(), form.errors
    kwargs = form.create_kwargs()
    assert kwargs["region_id"] == london_trust.region_id
    assert kwargs["organisation_id"] == london_trust.pk
    assert kwargs["address"] == "1 River Road\nLondon"
    assert kwargs["booking_deadline"] == kwargs["starts_at"]
    assert kwargs["topic_ids"] == [topic.pk]
    session = services.create_session(actor=organiser, owner=london_trust, kind=TEST_KIND, **kwargs)
    assert (session.format, session.capacity, session.status) == (
        Format.IN_PERSON,
        20,
        SessionStatus.DRAFT,
    )
    assert list(session.topics.all()) == [topic]
    assert timezone.localtime(session.starts_at, LONDON).strftime("%H:%M") == "09:30"


def test_both_ways_of_attending_need_venue_and_joining_link(london_trust):
    form = SessionForm(typed(attend=["in_person", "online"], venue=""), organisation=london_trust)
    assert errors_of(form) == {
        "venue": ["Enter the venue"],
        "joining_link": ["Enter the joining link"],
    }


def test_an_online_session_keeps_no_venue(london_trust):
    form = SessionForm(
        typed(attend=["online"], joining_link="https://meet.example.nhs.uk/abc"),
        organisation=london_trust,
    )
    assert form.is_valid(), form.errors
    kwargs = form.create_kwargs()
    assert (kwargs["format"], kwargs["venue"], kwargs["address"]) == (Format.ONLINE, "", "")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title"),
        ({"attend": None}, "attend", "Select how people can attend"),
        ({"audience": None}, "audience", "Select who the session is for"),
        ({"capacity": "0"}, "capacity", "Number of places must be 1 or more"),
        ({"capacity": "many"}, "capacity", "Number of places must be a whole number, like 20"),
        ({"capacity": "10001"}, "capacity", "Number of places must be 10,000 or fewer"),
        (
            {"attend": ["online"], "joining_link": "http://meet.example.nhs.uk/x"},
            "joining_link",
            "Enter a joining link that starts with https://",
        ),
        (
            {
                "starts_at_day": "",
                "starts_at_month": "",
                "starts_at_year": "",
                "starts_at_time": "",
            },
            "starts_at",
            "Enter the date and time the session starts",
        ),
        ({"starts_at_month": "13"}, "starts_at", "Start date must be a real date"),
        ({"starts_at_year": "2024", "ends_at_year": "2024"}, "starts_at", None),
    ],
)
def test_what_is_wrong_is_said_the_nhs_way(london_trust, overrides, field, message):
    form = SessionForm(typed(**overrides), organisation=london_trust)
    assert not form.is_valid()
    if message is None:
        assert form.errors[field] == ["Start date must be in the future"]
    else:
        assert form.errors[field] == [message]


def test_the_end_must_follow_the_start_and_bookings_close_before_it(london_trust):
    start = (timezone.localtime() + timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    form = SessionForm(
        typed(
            **when(start - timedelta(hours=1), "ends_at"),
            **when(start + timedelta(days=1), "booking_deadline"),
        ),
        organisation=london_trust,
    )
    assert errors_of(form) == {
        "ends_at": ["End date must be after the start date"],
        "booking_deadline": ["Closing date must be before the session starts"],
    }


def test_the_clocks_going_forward_leave_no_0130(london_trust):
    # 30 March 2031 is the last Sunday in March.
    form = SessionForm(
        typed(
            starts_at_day="30",
            starts_at_month="3",
            starts_at_year="2031",
            starts_at_time="01:30",
            ends_at_day="30",
            ends_at_month="3",
            ends_at_year="2031",
            ends_at_time="04:00",
        ),
        organisation=london_trust,
    )
    assert "the clocks go forward" in form.errors["starts_at"][0]


def test_a_form_needs_the_session_or_its_organisation():
    with pytest.raises(TypeError):
        SessionForm({})


# -- the edit and publish pages ---------------------------------------------------------------


def edit_data(session: Session, **overrides) -> dict[str, object]:
    values = {
        "title": session.title,
        **when(timezone.localtime(session.starts_at), "starts_at"),
        **when(timezone.localtime(session.ends_at), "ends_at"),
        **when(timezone.localtime(session.booking_deadline), "booking_deadline"),
        "capacity": str(session.capacity),
        "venue": session.venue,
        "address": session.address,
    }
    return typed(**(values | overrides))


def test_the_edit_page_shows_the_session_as_it_is(client, organiser, london_trust):
    session = SessionFactory(organisation=london_trust, capacity=12)
    client.force_login(organiser)
    response = client.get(reverse("opportunities:edit", args=[session.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["capacity"] == 12
    assert form.initial["attend"] == ["in_person"]
    assert f'value="{session.title}"' in response.text


def test_changing_the_time_emails_everyone_booked(
    client, organiser, london_trust, django_capture_on_commit_callbacks
):
    session = SessionFactory(organisation=london_trust)
    booked(session)
    client.force_login(organiser)
    later = (timezone.localtime(session.starts_at) + timedelta(hours=1)).replace(second=0)
    data = edit_data(
        session, **when(later, "starts_at"), **when(later + timedelta(hours=3), "ends_at")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("opportunities:edit", args=[session.pk]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == later
    assert session.sequence == 1
    assert [m.subject.split("] ")[-1] for m in mail.outbox] == [f"Changed: {session.title}"]


def test_fewer_places_than_people_booked_is_refused_and_changes_nothing(
    client, organiser, london_trust
):
    session = SessionFactory(organisation=london_trust, capacity=5)
    booked(session)
    booked(session)
    client.force_login(organiser)
    response = client.post(
        reverse("opportunities:edit", args=[session.pk]),
        edit_data(session, capacity="1", title="A new title"),
    )
    assert response.status_code == 400
    assert "2 people hold places" in response.context["form"].errors["capacity"][0]
    session.refresh_from_db()
    assert (session.capacity, session.title) == (5, session.title)
    assert session.title != "A new title"


def test_raising_the_places_promotes_the_waiting_list(client, organiser, london_trust):
    session = SessionFactory(organisation=london_trust, capacity=1)
    booked(session)
    waiting = services.book(actor=organiser, session_id=session.pk)
    client.force_login(organiser)
    response = client.post(
        reverse("opportunities:edit", args=[session.pk]), edit_data(session, capacity="2")
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_publishing_a_draft_opens_it(client, organiser, london_trust):
    session = SessionFactory(organisation=london_trust, draft=True)
    client.force_login(organiser)
    response = client.post(reverse("opportunities:publish", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    again = client.post(reverse("opportunities:publish", args=[session.pk]))
    assert again.status_code == 409


def test_someone_who_does_not_run_the_session_cannot_edit_it(client, staff, london_trust):
    session = SessionFactory(organisation=london_trust)
    client.force_login(staff)
    url = reverse("opportunities:edit", args=[session.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(session, title="Mine now")).status_code == 403
    session.refresh_from_db()
    assert session.title != "Mine now"
