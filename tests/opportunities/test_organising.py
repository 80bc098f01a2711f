"""The organisers' pages and the pages' answers to bad input."""

import csv
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opportunities import registry, services
from opportunities.home import for_you
from opportunities.models import Booking, BookingStatus, Feedback, Meeting, Session
from tests.factories import OrganisationFactory, TopicFactory, UserFactory
from tests.helpers import assert_same_query_count
from tests.opportunities.factories import SessionFactory, booked

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_organiser(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def session(london_trust):
    return SessionFactory(organisation=london_trust, capacity=2)


def url(name, obj):
    return reverse(f"opportunities:{name}", args=[obj.pk])


def started(london_trust, **kwargs):
    now = timezone.now().replace(microsecond=0)
    return SessionFactory(
        organisation=london_trust,
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
        booking_deadline=now - timedelta(days=1),
        **kwargs,
    )


# -- attendee list and CSV --------------------------------------------------------------


def test_the_attendee_list_shows_places_and_the_waiting_list_in_order(as_organiser, session):
    first, second = booked(session), booked(session)
    waiting = [services.book(actor=UserFactory(), session_id=session.pk) for _ in range(2)]
    response = as_organiser.get(url("manage", session))
    assert [b.pk for b in response.context["confirmed"]] == [first.pk, second.pk]
    assert [b.waiting_position for b in response.context["waiting"]] == [1, 2]
    assert waiting[0].user.full_name in response.text


def test_the_attendee_list_runs_the_same_statements_for_3_or_30(as_organiser, london_trust):
    session = SessionFactory(organisation=london_trust, capacity=None)

    def make(n):
        for _ in range(n):
            booked(session, UserFactory(organisation=OrganisationFactory()))

    assert_same_query_count(make, url("manage", session), as_organiser)


def test_the_csv_has_everyone_and_no_cell_starts_a_formula(as_organiser, session):
    booked(session, UserFactory(full_name='=HYPERLINK("http://x")', job_title="+1 nurse"))
    booked(session, UserFactory(full_name="@SUM(A1)", job_title="-manager"))
    response = as_organiser.get(url("attendees_csv", session))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Name"
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'-manager" in cells


# -- capacity, email everyone, cancel -------------------------------------------------------


def test_more_places_move_the_waiting_list_up(as_organiser, session):
    booked(session)
    booked(session)
    waiting = services.book(actor=UserFactory(), session_id=session.pk)
    response = as_organiser.post(url("capacity", session), {"capacity": "3"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Number of places must be 1 or more"),
        ("two", "Number of places must be a whole number, like 20"),
        ("1", "2 people hold places"),
    ],
)
def test_impossible_numbers_of_places_are_refused(as_organiser, session, typed, message):
    booked(session)
    booked(session)
    response = as_organiser.post(url("capacity", session), {"capacity": typed})
    assert response.status_code == 400
    assert message in response.text
    session.refresh_from_db()
    assert session.capacity == 2


def test_email_everyone_is_checked_before_it_is_sent(
    as_organiser, session, django_capture_on_commit_callbacks
):
    booked(session)
    services.book(actor=UserFactory(), session_id=session.pk)
    booked_user = UserFactory()
    services.book(actor=booked_user, session_id=session.pk)
    typed = {"subject": "Parking", "message": "Use the multi-storey."}
    check = as_organiser.post(url("email", session), {**typed, "step": "check"})
    assert check.status_code == 200
    assert "Check your message before sending it" in check.text
    assert "Send to 3 people" in check.text
    assert mail.outbox == []
    back = as_organiser.post(url("email", session), {**typed, "step": "edit"})
    assert 'value="Parking"' in back.text
    with django_capture_on_commit_callbacks(execute=True):
        sent = as_organiser.post(url("email", session), {**typed, "step": "send"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 3
    assert all("Parking" in m.subject for m in mail.outbox)


def test_an_empty_message_is_not_checked_or_sent(as_organiser, session):
    booked(session)
    response = as_organiser.post(url("email", session), {"subject": "", "step": "send"})
    assert response.status_code == 400
    assert "Enter a subject" in response.text
    assert "Enter your message" in response.text
    assert mail.outbox == []


def test_cancelling_the_session_asks_first_and_needs_a_reason(
    as_organiser, session, django_capture_on_commit_callbacks
):
    booked(session)
    page = as_organiser.get(url("cancel_session", session))
    assert "This cannot be undone" in page.text
    refused = as_organiser.post(url("cancel_session", session), {"reason": "  "})
    assert refused.status_code == 400
    assert "Enter why the session is cancelled" in refused.text
    session.refresh_from_db()
    assert session.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        done = as_organiser.post(url("cancel_session", session), {"reason": "Snow."})
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert len(mail.outbox) == 1
    again = as_organiser.post(url("cancel_session", session), {"reason": "Snow."})
    assert again.status_code == 400
    assert "already cancelled" in again.text


# -- attendance and feedback ----------------------------------------------------------------


def test_attendance_is_marked_on_the_page(as_organiser, london_trust):
    session = started(london_trust)
    came, missed = booked(session), booked(session)
    response = as_organiser.post(
        url("attendance", session),
        {f"booking_{came.pk}": "attended", f"booking_{missed.pk}": "did_not_attend"},
    )
    assert response.status_code == 302
    assert set(Booking.objects.values_list("status", flat=True)) == {
        "attended",
        "did_not_attend",
    }
    shown = as_organiser.get(url("attendance", session))
    assert shown.context["form"].initial == {
        f"booking_{came.pk}": "attended",
        f"booking_{missed.pk}": "did_not_attend",
    }


def test_attendance_before_the_start_is_not_offered_and_refused(as_organiser, session):
    holder = booked(session)
    page = as_organiser.get(url("attendance", session))
    assert "once the session has started" in page.text
    refused = as_organiser.post(url("attendance", session), {f"booking_{holder.pk}": "attended"})
    assert refused.status_code == 400
    holder.refresh_from_db()
    assert holder.status == BookingStatus.CONFIRMED


def test_attendance_per_meeting(as_organiser, london_trust):
    now = timezone.now().replace(microsecond=0)
    session = started(london_trust)
    first = Meeting.objects.create(
        session=session,
        starts_at=now - timedelta(days=7),
        ends_at=now - timedelta(days=7, hours=-1),
    )
    Meeting.objects.create(
        session=session, starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=7, hours=1)
    )
    holder = booked(session)
    response = as_organiser.post(
        f"{url('attendance', session)}?meeting={first.pk}", {f"booking_{holder.pk}": "attended"}
    )
    assert response.status_code == 302
    assert list(holder.attendance.values_list("meeting_id", "attended")) == [(first.pk, True)]


def test_the_feedback_summary_gives_count_mean_and_answers(as_organiser, london_trust):
    session = started(london_trust)
    for score, text in ((5, "Nurse-led discharge"), (2, "Phone triage")):
        Feedback.objects.create(
            booking=booked(session, status=BookingStatus.ATTENDED),
            will_change=text,
            usefulness=score,
        )
    response = as_organiser.get(url("feedback_summary", session))
    assert response.context["mean"] == 3.5
    assert len(response.context["answers"]) == 2
    assert "Nurse-led discharge" in response.text and "Phone triage" in response.text


def test_feedback_is_given_on_its_page_once(client, staff, london_trust):
    client.force_login(staff)
    mine = booked(started(london_trust), staff, status=BookingStatus.ATTENDED)
    page = client.get(url("feedback", mine))
    assert page.status_code == 200
    assert "What will you change in your own service?" in page.text
    sent = client.post(
        url("feedback", mine), {"will_change": "  Nurse-led discharge  ", "usefulness": "4"}
    )
    assert sent.status_code == 302
    given = Feedback.objects.get(booking=mine)
    assert (given.will_change, given.usefulness, given.may_share) == (
        "Nurse-led discharge",
        4,
        False,
    )
    again = client.get(url("feedback", mine))
    assert "You have already given feedback on this session" in again.text


def test_an_empty_feedback_form_is_bound_and_says_what_is_missing(client, staff, london_trust):
    client.force_login(staff)
    mine = booked(started(london_trust), staff, status=BookingStatus.ATTENDED)
    response = client.post(url("feedback", mine), {})
    assert response.status_code in (200, 400)
    form = response.context["form"]
    assert form.is_bound
    assert form.errors == {
        "will_change": ["Say what you will change in your own service"],
        "usefulness": ["Choose how useful the session was"],
    }
    assert "There is a problem" in response.text
    assert "Say what you will change in your own service" in response.text
    assert "Choose how useful the session was" in response.text
    assert not Feedback.objects.exists()


def test_feedback_from_someone_who_did_not_attend_is_refused_in_words(client, staff, london_trust):
    client.force_login(staff)
    mine = booked(started(london_trust), staff, status=BookingStatus.DID_NOT_ATTEND)
    response = client.post(url("feedback", mine), {"will_change": "Triage", "usefulness": "3"})
    assert response.status_code == 400
    assert "Feedback is for people who attended the session." in response.text
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        ("capacity", ["Enter the number of places, or leave it empty for no limit"]),
        ("email", ["Enter a subject", "Enter your message"]),
        ("cancel_session", ["Enter why the session is cancelled"]),
        ("attendance", ["Select whether at least one person attended"]),
        ("edit", ["Enter a title"]),
    ],
)
def test_an_empty_post_to_an_organisers_page_shows_errors_and_changes_nothing(
    as_organiser, london_trust, name, messages
):
    session = started(london_trust, capacity=2)
    holder = booked(session)
    response = as_organiser.post(url(name, session), {})
    assert response.status_code == 400
    assert response.context["form"].is_bound
    assert "There is a problem" in response.text
    for message in messages:
        assert message in response.text
    session.refresh_from_db()
    holder.refresh_from_db()
    assert (session.status, session.capacity, holder.status) == ("open", 2, "confirmed")
    assert mail.outbox == []


# -- bad input on the staff pages -------------------------------------------------------------


def test_booking_refusals_are_clear_and_change_nothing(client, staff, london_trust):
    client.force_login(staff)
    now = timezone.now().replace(microsecond=0)
    after_deadline = SessionFactory(booking_deadline=now - timedelta(minutes=1))
    cancelled = SessionFactory(cancelled=True)
    finished = started(london_trust)
    for session, message in (
        (after_deadline, "Bookings for this session have closed."),
        (cancelled, "This session was cancelled, so it cannot be booked."),
        (finished, "This session has already taken place."),
    ):
        response = client.post(url("book", session))
        assert response.status_code == 409, session
        assert message in response.text
    assert not Booking.objects.exists()
    open_one = SessionFactory()
    assert client.post(url("book", open_one)).status_code == 302
    second = client.post(url("book", open_one))
    assert second.status_code == 409
    assert "You already have a booking for this session" in second.text
    assert Booking.objects.count() == 1
    assert Session.objects.get(pk=open_one.pk).confirmed_count == 1


def test_cancelling_someone_elses_booking_is_a_404_and_changes_nothing(client, staff):
    theirs = booked(SessionFactory())
    client.force_login(staff)
    assert client.post(url("cancel_booking", theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED


def test_pages_for_sessions_that_do_not_exist_are_404(client, staff):
    client.force_login(staff)
    for name in ("session", "ics", "book", "manage"):
        method = client.post if name == "book" else client.get
        assert method(reverse(f"opportunities:{name}", args=[999999])).status_code == 404


# -- My bookings, For you, the clock's commands ----------------------------------------------


def test_my_bookings_runs_the_same_statements_for_3_or_30(client, staff):
    client.force_login(staff)

    def make(n):
        for _ in range(n):
            booked(SessionFactory(), staff)

    assert_same_query_count(make, reverse("opportunities:mine"), client)


def test_for_you_shows_my_region_and_my_topics_but_not_what_i_booked(staff, trent):
    topic = TopicFactory()
    mine = SessionFactory(organisation=staff.organisation, title="In my region")
    booked(mine, staff)
    elsewhere = OrganisationFactory(region=trent)
    past_interest = SessionFactory(organisation=elsewhere, title="I went to one", past=True)
    past_interest.topics.set([topic])
    booked(past_interest, staff)
    on_topic = SessionFactory(organisation=elsewhere, title="On my topic")
    on_topic.topics.set([topic])
    SessionFactory(organisation=elsewhere, title="Neither")
    nearby = SessionFactory(organisation=staff.organisation, title="Also in my region")
    titles = [s.title for s in for_you(staff)["for_you_sessions"]]
    assert sorted(titles) == ["Also in my region", "On my topic"]
    assert nearby.pk


def test_for_you_takes_topics_other_apps_say_i_follow(staff, trent):
    topic = TopicFactory()
    followed = SessionFactory(organisation=OrganisationFactory(region=trent), title="Followed")
    followed.topics.set([topic])
    undo = registry.add_for_tests(interests=lambda user: [topic.pk])
    try:
        titles = [s.title for s in for_you(staff)["for_you_sessions"]]
    finally:
        undo()
    assert titles == ["Followed"]


def test_for_you_is_bounded(staff, django_assert_max_num_queries):
    topic = TopicFactory()
    for _ in range(8):
        session = SessionFactory(organisation=staff.organisation)
        session.topics.set([topic])
        booked(session, staff)
    # Four of its own, and for each app that says what interests a person, one
    # statement and one read of the shared cache (the topics looked at lately).
    interests = [c for c in apps.get_app_configs() if getattr(c, "session_interests", None)]
    with django_assert_max_num_queries(4 + 2 * len(interests)):
        for_you(staff)


def test_the_home_page_shows_for_you(client, staff):
    SessionFactory(organisation=staff.organisation, title="Near you")
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert "Learning opportunities for you" in response.text
    assert "Near you" in response.text


def test_the_clocks_commands_send_each_email_once(django_capture_on_commit_callbacks, london_trust):
    soon = SessionFactory(
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=2),
        booking_deadline=timezone.now() + timedelta(hours=1),
    )
    booked(soon)
    ended = started(london_trust)
    booked(ended, status=BookingStatus.ATTENDED)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders", stdout=out)
        call_command("send_feedback_requests", stdout=out)
        call_command("send_session_reminders", stdout=out)
        call_command("send_feedback_requests", stdout=out)
    assert out.getvalue().splitlines() == [
        "Session reminders: 1 email queued.",
        "Feedback requests: 1 email queued.",
        "Session reminders: 0 emails queued.",
        "Feedback requests: 0 emails queued.",
    ]
    assert len(mail.outbox) == 2
