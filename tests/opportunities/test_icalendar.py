"""iCalendar: one session's file and a person's feed, parsed back with icalendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.feeds import BOOKINGS, feed_key, reset_feed_key
from opportunities import services
from opportunities.models import BookingStatus
from tests.factories import UserFactory
from tests.helpers import assert_same_query_count
from tests.opportunities.factories import SessionFactory, booked

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def events(response) -> dict[str, object]:
    """The feed's events by UID."""
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def ics(client, session):
    return client.get(reverse("opportunities:ics", args=[session.pk]))


def test_one_sessions_file_parses_back_with_its_times_in_utc(client, staff):
    # 10:00 in London on 1 July (summer time) is 09:00 UTC; on 1 December, 10:00 UTC.
    summer = datetime(2031, 7, 1, 10, 0, tzinfo=LONDON)
    winter = datetime(2031, 12, 1, 10, 0, tzinfo=LONDON)
    client.force_login(staff)
    for start, utc_hour in ((summer, 9), (winter, 10)):
        session = SessionFactory(
            starts_at=start, ends_at=start + timedelta(hours=2), booking_deadline=start
        )
        (event,) = events(ics(client, session)).values()
        assert event.decoded("DTSTART") == start
        assert event.decoded("DTSTART").astimezone(UTC).hour == utc_hour
        assert event["DTSTART"].to_ical().endswith(b"Z")
        assert str(event["UID"]) == session.calendar_uid
        assert str(event["STATUS"]) == "CONFIRMED"
        assert "Education Centre" in str(event["LOCATION"])


def test_the_clocks_going_back_keep_an_evening_session_at_its_london_time(client, staff):
    # The last Sunday of October 2031 is the 26th: the session after the change.
    start = datetime(2031, 10, 26, 18, 0, tzinfo=LONDON)
    session = SessionFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    client.force_login(staff)
    (event,) = events(ics(client, session)).values()
    assert event.decoded("DTSTART").astimezone(LONDON).hour == 18
    assert event.decoded("DTSTART").astimezone(UTC).hour == 18


def test_the_joining_link_is_only_for_a_confirmed_place(client, staff):
    session = SessionFactory(online=True, capacity=1)
    link = session.joining_link
    client.force_login(staff)
    assert link not in ics(client, session).text
    assert link not in client.get(session.get_absolute_url()).text
    booked(session, staff)
    assert link in ics(client, session).text
    assert link in client.get(session.get_absolute_url()).text
    waiter = UserFactory()
    services.book(actor=waiter, session_id=session.pk)
    client.force_login(waiter)
    assert link not in ics(client, session).text
    feed = client.get(reverse("opportunities:feed"))
    (event,) = events(feed).values()
    assert str(event["STATUS"]) == "TENTATIVE"
    assert link not in feed.text


def test_a_cancelled_session_is_cancelled_in_calendars_with_the_same_uid(
    client, staff, organiser, london_trust
):
    session = SessionFactory(organisation=london_trust)
    booked(session, staff)
    client.force_login(staff)
    before = events(client.get(reverse("opportunities:feed")))[session.calendar_uid]
    services.cancel_session(actor=organiser, session_id=session.pk, reason="Snow.")
    after = events(client.get(reverse("opportunities:feed")))[session.calendar_uid]
    assert str(before["STATUS"]) == "CONFIRMED"
    assert str(after["STATUS"]) == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    single = Calendar.from_ical(ics(client, session).content)
    assert str(single["METHOD"]) == "CANCEL"
    (event,) = single.walk("VEVENT")
    assert str(event["UID"]) == session.calendar_uid
    assert "Snow." in str(event["DESCRIPTION"])


def test_a_booking_i_cancel_leaves_my_feed_as_cancelled(client, staff):
    session = SessionFactory()
    booking = booked(session, staff)
    services.cancel_booking(actor=staff, booking_id=booking.pk)
    client.force_login(staff)
    event = events(client.get(reverse("opportunities:feed")))[session.calendar_uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == session.sequence + 1
    again = services.book(actor=staff, session_id=session.pk)
    assert again.status == BookingStatus.CONFIRMED
    event = events(client.get(reverse("opportunities:feed")))[session.calendar_uid]
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_feed_holds_only_my_bookings(client, staff):
    mine, theirs = SessionFactory(), SessionFactory()
    booked(mine, staff)
    booked(theirs)
    answer = client.get(reverse("opportunities:feed"), {"key": feed_key(staff, BOOKINGS)})
    assert set(events(answer)) == {mine.calendar_uid}


def test_the_key_of_a_reading_feed_does_not_open_the_bookings_calendar(client, staff):
    # An ImpAct or saved-search feed's link may be passed on; the calendar
    # (where someone will be, joining links) has a key of its own.
    booked(SessionFactory(online=True), staff)
    url = reverse("opportunities:feed")
    assert client.get(url, {"key": feed_key(staff)}).status_code == 404
    assert (
        client.get(reverse("bulletin:feed"), {"key": feed_key(staff, BOOKINGS)}).status_code == 404
    )
    assert client.get(reverse("bulletin:feed"), {"key": feed_key(staff)}).status_code == 200


def test_a_tampered_or_reset_key_is_a_404(client, staff):
    booked(SessionFactory(), staff)
    url = reverse("opportunities:feed")
    key = feed_key(staff, BOOKINGS)
    for bad in (key[:-1] + ("0" if key[-1] != "0" else "1"), "1.abc", "not-a-key", ""):
        assert client.get(url, {"key": bad}).status_code == 404, bad
    reset_feed_key(user=staff)
    assert client.get(url, {"key": key}).status_code == 404
    assert client.get(url, {"key": feed_key(staff, BOOKINGS)}).status_code == 200


def test_the_feed_runs_the_same_statements_for_3_bookings_or_30(client, staff):
    client.force_login(staff)

    def make(n):
        for _ in range(n):
            booked(SessionFactory(), staff)

    assert_same_query_count(make, reverse("opportunities:feed"), client, at_most=5)
