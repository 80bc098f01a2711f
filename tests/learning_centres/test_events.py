"""A centre's events: in its region, meetings in order, one booking for an action
learning set, attendance per meeting, followers emailed once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning_centres import services
from learning_centres.models import EventType, Follow
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import services as engine
from opportunities.models import BookingStatus, MeetingAttendance, Session
from tests.factories import UserFactory, region
from tests.learning_centres.factories import event, held_action_learning_set, meetings

pytestmark = pytest.mark.django_db


def test_an_event_outside_the_centres_region_is_refused(london_centre):
    with pytest.raises(Invalid, match="in its own region: choose London"):
        event(london_centre, region_id=region("trent").pk)
    assert not Session.objects.exists()


def test_the_form_refuses_an_event_in_another_region_with_a_message(client_as, london_centre):
    response = client_as("centre_coordinator").post(
        reverse("learning_centres:create_event", args=[london_centre.pk]),
        {
            "event_type": EventType.WORKSHOP,
            "title": "A workshop in Trent",
            "attend": "in_person",
            "venue": "Hall",
            "region": region("trent").pk,
            "audience": "everyone",
            "starts_at_day": "3", "starts_at_month": "2", "starts_at_year": "2031",
            "starts_at_time": "09:30",
            "ends_at_day": "3", "ends_at_month": "2", "ends_at_year": "2031",
            "ends_at_time": "12:00",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "A Learning Centre runs its events in its own region: choose London" in response.text
    assert not Session.objects.exists()


def test_another_centres_coordinator_cannot_add_events(london_centre, another_centre_coordinator):
    with pytest.raises(NotAllowed):
        services.create_event(
            actor=another_centre_coordinator,
            centre_id=london_centre.pk,
            event_type=EventType.WORKSHOP,
            title="Not mine",
            starts_at=timezone.now() + timedelta(days=3),
            ends_at=timezone.now() + timedelta(days=3, hours=2),
            venue="Hall",
        )


def test_a_replaced_centre_takes_no_new_events(london_centre):
    london_centre.replaced_at = timezone.now()
    london_centre.save()
    with pytest.raises(Conflict, match="no longer the Learning Centre"):
        event(london_centre)


def test_a_meeting_list_out_of_order_is_refused(london_centre):
    first, second, third = meetings(3)
    with pytest.raises(Invalid, match="date order"):
        event(
            london_centre,
            event_type=EventType.ACTION_LEARNING_SET,
            meetings=[first, third, second],
        )
    assert not Session.objects.exists()


def test_an_action_learning_set_needs_two_meetings_and_others_none(london_centre):
    with pytest.raises(Invalid, match="meets from 2"):
        event(london_centre, event_type=EventType.ACTION_LEARNING_SET, meetings=meetings(1))
    with pytest.raises(Invalid, match="Only an action learning set"):
        event(london_centre, event_type=EventType.WORKSHOP, meetings=meetings(2))


def test_the_form_refuses_meetings_out_of_order_with_a_message(client_as, london_centre):
    response = client_as("centre_coordinator").post(
        reverse("learning_centres:create_event", args=[london_centre.pk]),
        {
            "event_type": EventType.ACTION_LEARNING_SET,
            "title": "Set for ward sisters",
            "attend": "in_person",
            "venue": "Seminar room",
            "region": london_centre.region_id,
            "audience": "everyone",
            "meeting_1_date_day": "10", "meeting_1_date_month": "3", "meeting_1_date_year": "2031",
            "meeting_1_starts": "13:00", "meeting_1_ends": "16:00",
            "meeting_2_date_day": "3", "meeting_2_date_month": "2", "meeting_2_date_year": "2031",
            "meeting_2_starts": "13:00", "meeting_2_ends": "16:00",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "in date order" in response.text
    assert not Session.objects.exists()


def test_the_form_makes_an_action_learning_set_with_its_meetings(client_as, london_centre):
    response = client_as("centre_coordinator").post(
        reverse("learning_centres:create_event", args=[london_centre.pk]),
        {
            "event_type": EventType.ACTION_LEARNING_SET,
            "title": "Set for ward sisters",
            "attend": "in_person",
            "venue": "Seminar room",
            "region": london_centre.region_id,
            "audience": "everyone",
            "capacity": "8",
            "meeting_1_date_day": "3", "meeting_1_date_month": "2", "meeting_1_date_year": "2031",
            "meeting_1_starts": "13:00", "meeting_1_ends": "16:00",
            "meeting_2_date_day": "10", "meeting_2_date_month": "3", "meeting_2_date_year": "2031",
            "meeting_2_starts": "13:00", "meeting_2_ends": "16:00",
            "publish": "on",
        },
    )  # fmt: skip
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert session.centre_event.event_type == EventType.ACTION_LEARNING_SET
    assert session.owner == london_centre
    assert session.meetings.count() == 2
    assert timezone.localtime(session.starts_at).date().isoformat() == "2031-02-03"
    assert timezone.localtime(session.ends_at).date().isoformat() == "2031-03-10"


def test_one_booking_covers_every_meeting_and_attendance_is_per_meeting(
    london_centre, centre_coordinator, staff
):
    session = event(london_centre, event_type=EventType.ACTION_LEARNING_SET, meetings=meetings(3))
    booking = engine.book(actor=staff, session_id=session.pk)
    assert booking.status == BookingStatus.CONFIRMED
    assert session.bookings.count() == 1

    first, second, third = session.meetings.order_by("starts_at")
    # Time passes: the set began fifty days ago (bookings closed then).
    began = timezone.now() - timedelta(days=50)
    Session.objects.filter(pk=session.pk).update(starts_at=began, booking_deadline=began)
    first.starts_at, first.ends_at = (
        timezone.now() - timedelta(days=50),
        timezone.now() - timedelta(days=50) + timedelta(hours=3),
    )
    first.save()
    engine.mark_attendance(
        actor=centre_coordinator,
        session_id=session.pk,
        attended=[],
        did_not_attend=[booking.pk],
        meeting_id=first.pk,
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DID_NOT_ATTEND
    # The second meeting has not started: its attendance waits.
    with pytest.raises(Conflict):
        engine.mark_attendance(
            actor=centre_coordinator,
            session_id=session.pk,
            attended=[booking.pk],
            did_not_attend=[],
            meeting_id=second.pk,
        )
    second.starts_at, second.ends_at = (
        timezone.now() - timedelta(days=20),
        timezone.now() - timedelta(days=20) + timedelta(hours=3),
    )
    second.save()
    engine.mark_attendance(
        actor=centre_coordinator,
        session_id=session.pk,
        attended=[booking.pk],
        did_not_attend=[],
        meeting_id=second.pk,
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    marks = dict(
        MeetingAttendance.objects.filter(booking=booking).values_list("meeting_id", "attended")
    )
    assert marks == {first.pk: False, second.pk: True}


def test_the_centre_page_shows_how_many_came_to_each_meeting_of_a_past_set(
    client_as, london_centre
):
    year = timezone.localdate().year - 1
    held_action_learning_set(
        london_centre,
        [(UserFactory(), [True, True, False]), (UserFactory(), [True, False, None])],
        year=year,
    )
    page = client_as("staff").get(london_centre.get_absolute_url())
    assert page.status_code == 200
    assert "At its meetings: 10 March, 2 came; 10 April, 1 came; 10 May, 0 came" in page.text
    assert "2 attended" in page.text


def test_another_centres_coordinator_cannot_mark_attendance(
    london_centre, another_centre_coordinator, staff
):
    session = event(london_centre, event_type=EventType.ACTION_LEARNING_SET, meetings=meetings(2))
    booking = engine.book(actor=staff, session_id=session.pk)
    with pytest.raises(NotAllowed):
        engine.mark_attendance(
            actor=another_centre_coordinator,
            session_id=session.pk,
            attended=[booking.pk],
            did_not_attend=[],
            meeting_id=session.meetings.first().pk,
        )


def test_followers_are_emailed_once_when_an_event_is_published(
    london_centre, centre_coordinator, staff, mailoutbox, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=staff, centre=london_centre)
    stranger = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        draft = event(london_centre, publish=False)
    assert mailoutbox == []  # a draft tells nobody

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(actor=centre_coordinator, session_id=draft.pk)
    assert [message.to for message in mailoutbox] == [[staff.email]]
    message = mailoutbox[0]
    assert draft.title in message.subject
    assert draft.get_absolute_url() in message.body
    assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

    # Telling followers again, or a second publish attempt, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tell_followers(session=draft, centre=london_centre) == 0
        with pytest.raises(Conflict):
            services.publish_event(actor=centre_coordinator, session_id=draft.pk)
    assert len(mailoutbox) == 1
    assert stranger.email not in {address for m in mailoutbox for address in m.to}


def test_the_unsubscribe_link_stops_following(
    client, london_centre, staff, mailoutbox, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=staff, centre=london_centre)
    with django_capture_on_commit_callbacks(execute=True):
        event(london_centre)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link[link.index("/unsubscribe/") :]
    assert "Unsubscribe from" in client.get(path).text
    assert Follow.objects.filter(user=staff).exists()
    assert client.post(path).status_code == 200
    assert not Follow.objects.filter(user=staff).exists()


def test_following_and_stopping_from_the_centre_page(client_as, london_centre, staff):
    client = client_as("staff")
    url = reverse("learning_centres:follow", args=[london_centre.pk])
    assert client.post(url, {"action": "follow"}).status_code == 302
    assert client.post(url, {"action": "follow"}).status_code == 302  # twice is still once
    assert Follow.objects.filter(user=staff, centre=london_centre).count() == 1
    assert "Stop following" in client.get(london_centre.get_absolute_url()).text
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(user=staff).exists()
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_an_event_published_from_the_engines_page_reaches_followers_once(
    client_as, london_centre, staff, mailoutbox, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    Follow.objects.create(user=staff, centre=london_centre)
    draft = event(london_centre, publish=False)
    response = client_as("centre_coordinator").post(
        reverse("opportunities:publish", args=[draft.pk])
    )
    assert response.status_code == 302
    assert mailoutbox == []  # the engine knows no followers
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tell_centre_followers", stdout=StringIO())
        call_command("tell_centre_followers", stdout=StringIO())
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert draft.title in mailoutbox[0].subject
