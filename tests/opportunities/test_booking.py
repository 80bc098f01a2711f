"""The engine's services: places, the waiting list, cancellations and attendance."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import services
from opportunities.models import Booking, BookingEvent, BookingStatus, Session, SessionStatus
from tests.factories import UserFactory
from tests.opportunities.factories import SessionFactory, booked

pytestmark = pytest.mark.django_db


def subjects() -> list[str]:
    """The subjects sent, without the portal's name in front."""
    return [m.subject.removeprefix("[NHS Learning Network] ") for m in mail.outbox]


def fresh(session: Session) -> Session:
    return Session.objects.get(pk=session.pk)


def test_booking_takes_a_place_and_emails_the_person(django_capture_on_commit_callbacks, staff):
    session = SessionFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book(actor=staff, session_id=session.pk)
    assert booking.status == BookingStatus.CONFIRMED
    assert fresh(session).confirmed_count == 1
    assert subjects() == [f"Booked: {session.title}"]
    assert mail.outbox[0].to == [staff.email]
    assert list(booking.events.values_list("kind", flat=True)) == ["booked"]


def test_the_last_place_makes_the_session_full_and_the_next_person_waits(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    services.book(actor=first, session_id=session.pk)
    assert fresh(session).status == SessionStatus.FULL
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.book(actor=second, session_id=session.pk)
        later = services.book(actor=third, session_id=session.pk)
    assert (waiting.status, waiting.waiting_position) == (BookingStatus.WAITING, 1)
    assert later.waiting_position == 2
    assert fresh(session).waiting_count == 2
    assert "number 1 on its waiting list" in mail.outbox[0].body


def test_cancelling_a_place_promotes_the_first_waiting_and_tells_them(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    holder, first, second = UserFactory(), UserFactory(), UserFactory()
    place = services.book(actor=holder, session_id=session.pk)
    services.book(actor=first, session_id=session.pk)
    services.book(actor=second, session_id=session.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(actor=holder, booking_id=place.pk)
    promoted = Booking.objects.get(session=session, user=first)
    still_waiting = Booking.objects.get(session=session, user=second)
    assert (promoted.status, promoted.waiting_position) == (BookingStatus.CONFIRMED, None)
    assert still_waiting.waiting_position == 1
    session = fresh(session)
    assert (session.confirmed_count, session.waiting_count, session.status) == (1, 1, "full")
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert subjects() == [f"You have a place: {session.title}"]


def test_leaving_the_waiting_list_moves_those_behind_up_one():
    session = SessionFactory(capacity=1)
    booked(session)
    people = [UserFactory() for _ in range(3)]
    bookings = [services.book(actor=p, session_id=session.pk) for p in people]
    services.cancel_booking(actor=people[0], booking_id=bookings[0].pk)
    positions = dict(
        Booking.objects.filter(session=session, status="waiting").values_list(
            "user_id", "waiting_position"
        )
    )
    assert positions == {people[1].pk: 1, people[2].pk: 2}
    assert fresh(session).waiting_count == 2


def test_raising_capacity_promotes_in_order_and_lowering_below_the_booked_is_refused(organiser):
    session = SessionFactory(capacity=1, organisation=organiser.organisation)
    booked(session)
    people = [UserFactory() for _ in range(3)]
    for person in people:
        services.book(actor=person, session_id=session.pk)
    promoted = services.change_capacity(actor=organiser, session_id=session.pk, capacity=3)
    assert [b.user_id for b in promoted] == [people[0].pk, people[1].pk]
    assert Booking.objects.get(user=people[2], session=session).waiting_position == 1
    with pytest.raises(Invalid, match="3 people hold places"):
        services.change_capacity(actor=organiser, session_id=session.pk, capacity=2)
    assert fresh(session).capacity == 3
    services.change_capacity(actor=organiser, session_id=session.pk, capacity=None)
    session = fresh(session)
    assert (session.capacity, session.confirmed_count, session.waiting_count) == (None, 4, 0)


def test_only_an_organiser_changes_capacity(staff):
    session = SessionFactory(capacity=5)
    with pytest.raises(NotAllowed):
        services.change_capacity(actor=staff, session_id=session.pk, capacity=9)
    assert fresh(session).capacity == 5


@pytest.mark.parametrize("capacity", [0, -1, 10_001])
def test_capacity_out_of_range_is_refused(organiser, capacity):
    session = SessionFactory(capacity=5, organisation=organiser.organisation)
    with pytest.raises(Invalid):
        services.change_capacity(actor=organiser, session_id=session.pk, capacity=capacity)


def test_cancelling_a_session_emails_everyone_booked_or_waiting(
    organiser, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1, organisation=organiser.organisation)
    holder, waiting, gone = UserFactory(), UserFactory(), UserFactory()
    services.book(actor=holder, session_id=session.pk)
    services.book(actor=waiting, session_id=session.pk)
    left = services.book(actor=gone, session_id=session.pk)
    services.cancel_booking(actor=gone, booking_id=left.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(actor=organiser, session_id=session.pk, reason="Snow.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([holder.email, waiting.email])
    assert all("Why: Snow." in m.body for m in mail.outbox)
    session = fresh(session)
    assert (session.status, session.sequence) == ("cancelled", 1)
    with pytest.raises(Conflict, match="cancelled"):
        services.book(actor=UserFactory(), session_id=session.pk)
    with pytest.raises(Conflict):
        services.cancel_session(actor=organiser, session_id=session.pk, reason="Again")


def test_a_cancellation_needs_a_reason(organiser):
    session = SessionFactory(organisation=organiser.organisation)
    with pytest.raises(Invalid, match="Say why"):
        services.cancel_session(actor=organiser, session_id=session.pk, reason="   ")
    assert fresh(session).status == "open"


@pytest.mark.parametrize(
    ("factory_args", "message"),
    [
        ({"cancelled": True}, "cancelled"),
        ({"draft": True}, "not open"),
        ({"past": True}, "already taken place"),
        ({"booking_deadline": timezone.now() - timedelta(minutes=1)}, "closed"),
        ({"status": SessionStatus.CLOSED}, "closed"),
    ],
)
def test_booking_what_cannot_be_booked_is_refused_and_changes_nothing(
    factory_args, message, organiser
):
    session = SessionFactory(organisation=organiser.organisation, **factory_args)
    # A draft is seen by its organisers only; they try to book it.
    with pytest.raises((Conflict, Invalid), match=message):
        services.book(actor=organiser, session_id=session.pk)
    assert not Booking.objects.exists()
    assert fresh(session).confirmed_count == 0


def test_a_draft_is_invisible_to_staff_who_try_to_book_it(staff):
    session = SessionFactory(draft=True)
    with pytest.raises(Invalid, match="no longer exists"):
        services.book(actor=staff, session_id=session.pk)


def test_a_second_booking_is_refused(staff):
    session = SessionFactory()
    services.book(actor=staff, session_id=session.pk)
    with pytest.raises(Conflict, match="already have a booking"):
        services.book(actor=staff, session_id=session.pk)
    assert fresh(session).confirmed_count == 1


def test_the_database_allows_one_active_booking_per_person(staff):
    session = SessionFactory()
    booked(session, staff)
    with pytest.raises(IntegrityError):
        Booking.objects.create(session=session, user=staff, status=BookingStatus.CONFIRMED)


def test_booking_again_after_cancelling_is_a_new_booking(staff):
    session = SessionFactory()
    first = services.book(actor=staff, session_id=session.pk)
    services.cancel_booking(actor=staff, booking_id=first.pk)
    second = services.book(actor=staff, session_id=session.pk)
    assert second.pk != first.pk
    assert fresh(session).confirmed_count == 1


def test_cancelling_someone_elses_booking_is_refused(staff):
    session = SessionFactory()
    theirs = booked(session)
    with pytest.raises(NotAllowed):
        services.cancel_booking(actor=staff, booking_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED


def test_an_organiser_can_cancel_a_booking_on_their_session(organiser):
    session = SessionFactory(organisation=organiser.organisation)
    theirs = booked(session)
    services.cancel_booking(actor=organiser, booking_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CANCELLED
    assert BookingEvent.objects.get(booking=theirs, kind="cancelled").actor == organiser


def test_attendance_is_marked_by_the_organiser_after_the_start(organiser, staff):
    session = SessionFactory(organisation=organiser.organisation, past=True)
    came, missed = booked(session), booked(session)
    with pytest.raises(NotAllowed):
        services.mark_attendance(
            actor=staff, session_id=session.pk, attended=[came.pk], did_not_attend=[]
        )
    marked = services.mark_attendance(
        actor=organiser, session_id=session.pk, attended=[came.pk], did_not_attend=[missed.pk]
    )
    assert marked == 2
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == ("attended", "did_not_attend")


def test_attendance_before_the_session_or_for_strangers_is_refused(organiser):
    upcoming = SessionFactory(organisation=organiser.organisation)
    booking = booked(upcoming)
    with pytest.raises(Conflict, match="once the session has started"):
        services.mark_attendance(
            actor=organiser, session_id=upcoming.pk, attended=[booking.pk], did_not_attend=[]
        )
    past = SessionFactory(organisation=organiser.organisation, past=True)
    with pytest.raises(Invalid):
        services.mark_attendance(
            actor=organiser, session_id=past.pk, attended=[booking.pk], did_not_attend=[]
        )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_attendance_per_meeting_of_a_session_that_meets_several_times(organiser):
    start = timezone.now() - timedelta(days=30)
    meetings = [
        (start + timedelta(days=7 * n), start + timedelta(days=7 * n, hours=2)) for n in range(3)
    ]
    session = services.create_session(
        actor=organiser,
        owner=organiser.organisation,
        kind="learning_centre_event",
        title="Action learning set",
        starts_at=meetings[0][0],
        ends_at=meetings[-1][1],
        region_id=organiser.organisation.region_id,
        organisation_id=organiser.organisation_id,
        booking_deadline=meetings[0][0] - timedelta(days=1),
        capacity=6,
        meetings=meetings,
        venue="Room 4",
    )
    assert (session.starts_at, session.ends_at) == (meetings[0][0], meetings[-1][1])
    booking = booked(session)
    first, second, _ = session.meetings.all()
    services.mark_attendance(
        actor=organiser,
        session_id=session.pk,
        attended=[],
        did_not_attend=[booking.pk],
        meeting_id=first.pk,
    )
    booking.refresh_from_db()
    assert booking.status == "did_not_attend"
    services.mark_attendance(
        actor=organiser,
        session_id=session.pk,
        attended=[booking.pk],
        did_not_attend=[],
        meeting_id=second.pk,
    )
    booking.refresh_from_db()
    assert booking.status == "attended"
    assert list(
        booking.attendance.order_by("meeting__starts_at").values_list("attended", flat=True)
    ) == [False, True]


def test_meetings_out_of_order_are_refused(organiser):
    start = timezone.now() + timedelta(days=10)
    meetings = [
        (start + timedelta(days=7), start + timedelta(days=7, hours=2)),
        (start, start + timedelta(hours=2)),
    ]
    with pytest.raises(Invalid, match="date order"):
        services.create_session(
            actor=organiser,
            owner=organiser.organisation,
            kind="learning_centre_event",
            title="Set",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            region_id=organiser.organisation.region_id,
            organisation_id=organiser.organisation_id,
            meetings=meetings,
            venue="Room 4",
        )
    assert not Session.objects.exists()


def test_only_the_owning_apps_organisers_create_sessions(staff, organiser):
    start = timezone.now() + timedelta(days=10)
    arguments = dict(
        owner=organiser.organisation,
        kind="learning_centre_event",
        title="Study day",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        region_id=organiser.organisation.region_id,
        organisation_id=organiser.organisation_id,
        venue="Hall",
    )
    with pytest.raises(NotAllowed):
        services.create_session(actor=staff, **arguments)
    session = services.create_session(actor=organiser, publish=True, **arguments)
    assert session.status == "open"
    # Another app's kind is not this organiser's to run.
    with pytest.raises(NotAllowed):
        services.create_session(actor=organiser, **(arguments | {"kind": "beacon_open_day"}))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "before"}, "ends_at"),
        ({"booking_deadline": "after"}, "booking_deadline"),
        ({"venue": ""}, "venue"),
    ],
)
def test_impossible_times_and_places_are_refused(organiser, changes, field):
    session = SessionFactory(organisation=organiser.organisation)
    values = {
        "before": session.starts_at - timedelta(hours=1),
        "after": session.starts_at + timedelta(hours=1),
    }
    changes = {name: values.get(value, value) for name, value in changes.items()}
    with pytest.raises(Invalid) as refused:
        services.update_session(actor=organiser, session_id=session.pk, changes=changes)
    assert refused.value.field == field


def test_a_change_of_time_is_emailed_to_those_booked(organiser, django_capture_on_commit_callbacks):
    session = SessionFactory(organisation=organiser.organisation)
    person = booked(session).user
    later = session.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            actor=organiser,
            session_id=session.pk,
            changes={"starts_at": later, "ends_at": later + timedelta(hours=2)},
        )
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert fresh(session).sequence == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            actor=organiser, session_id=session.pk, changes={"title": "A better title"}
        )
    assert mail.outbox == []


def test_an_organiser_emails_everyone_once(organiser, django_capture_on_commit_callbacks):
    session = SessionFactory(organisation=organiser.organisation, capacity=1)
    booked(session)
    services.book(actor=UserFactory(), session_id=session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.email_attendees(
            actor=organiser, session_id=session.pk, subject="Parking", message="Use car park B."
        )
    assert announcement.recipients == 2
    assert set(subjects()) == {"Parking"}


def test_organisers_email_a_sessions_people_at_most_three_times_a_day(organiser):
    session = SessionFactory(organisation=organiser.organisation)
    booked(session)

    def send():
        return services.email_attendees(
            actor=organiser, session_id=session.pk, subject="Parking", message="Car park B."
        )

    for _ in range(services.ANNOUNCEMENTS_A_DAY):
        send()
    with pytest.raises(Conflict, match="in the last 24 hours"):
        send()
    session.announcements.update(sent_at=timezone.now() - timedelta(days=1, minutes=1))
    assert send().recipients == 1


def test_reminders_and_feedback_requests_go_once(django_capture_on_commit_callbacks):
    soon = SessionFactory(
        starts_at=timezone.now() + timedelta(days=1), booking_deadline=timezone.now()
    )
    booked(soon)
    later = SessionFactory(starts_at=timezone.now() + timedelta(days=5))
    booked(later)
    done = SessionFactory(past=True)
    booked(done, status=BookingStatus.ATTENDED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0
        assert services.send_feedback_requests() == 1
        assert services.send_feedback_requests() == 0
    assert sorted(subjects()) == [f"Reminder: {soon.title}", f"What will you change? {done.title}"]


def test_feedback_once_from_someone_who_attended(staff):
    # Started yesterday, still running (a placement, say).
    session = SessionFactory(past=True, ends_at=timezone.now() + timedelta(hours=1))
    mine = booked(session, staff, status=BookingStatus.ATTENDED)
    with pytest.raises(Conflict, match="once the session has finished"):
        services.submit_feedback(actor=staff, booking_id=mine.pk, will_change="x", usefulness=4)
    Session.objects.filter(pk=session.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    services.submit_feedback(actor=staff, booking_id=mine.pk, will_change="Triage", usefulness=4)
    with pytest.raises(Conflict, match="already given"):
        services.submit_feedback(actor=staff, booking_id=mine.pk, will_change="x", usefulness=4)
    other = booked(SessionFactory(past=True), status=BookingStatus.ATTENDED)
    with pytest.raises(NotAllowed):
        services.submit_feedback(actor=staff, booking_id=other.pk, will_change="x", usefulness=4)
