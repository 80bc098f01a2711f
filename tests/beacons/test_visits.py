"""Visit requests: every move, who may make it, the emails, and the overdue rule."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beacons import services
from beacons.models import (
    VISIT_ACTIONS,
    VisitEvent,
    VisitRequest,
    VisitStatus,
    overdue_since,
)
from learning_network.errors import Conflict, Invalid, NotAllowed
from tests.beacons.factories import VisitRequestFactory, future_dates

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def subjects() -> list[str]:
    return [m.subject.removeprefix("[NHS Learning Network] ") for m in mail.outbox]


def fresh(visit: VisitRequest) -> VisitRequest:
    return VisitRequest.objects.get(pk=visit.pk)


def when(days: int = 10):
    starts = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    return starts, starts + timedelta(hours=4)


def test_request_emails_the_coordinator_and_the_requester(
    django_capture_on_commit_callbacks, beacon, staff
):
    with django_capture_on_commit_callbacks(execute=True):
        visit = services.request_visit(
            actor=staff,
            beacon_id=beacon.pk,
            party_size=3,
            roles="Two nurses and a manager",
            wants_to_learn="How the clinic takes referrals",
            preferred_dates=future_dates(10, 17, 24),
        )
    assert visit.status == VisitStatus.REQUESTED
    assert [m.to for m in mail.outbox] == [[beacon.coordinator.email], [staff.email]]
    assert subjects() == [
        f"Visit request for {beacon.service_name}: please acknowledge within two working days",
        f"Your request to visit {beacon.service_name} is sent",
    ]
    assert "How the clinic takes referrals" in mail.outbox[0].body
    assert list(visit.events.values_list("kind", flat=True)) == ["requested"]


def test_acknowledge_confirm_and_complete_email_the_requester_each_time(
    django_capture_on_commit_callbacks, beacon, beacon_coordinator, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge_visit(actor=beacon_coordinator, visit_id=visit.pk)
    starts, ends = when()
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_visit(
            actor=beacon_coordinator,
            visit_id=visit.pk,
            starts_at=starts,
            ends_at=ends,
            pack=SimpleUploadedFile("pack.pdf", PDF),
        )
    visit = fresh(visit)
    assert (visit.status, visit.visit_starts_at, visit.pack_content_type) == (
        VisitStatus.CONFIRMED,
        starts,
        "application/pdf",
    )
    VisitRequest.objects.filter(pk=visit.pk).update(
        visit_starts_at=starts - timedelta(days=20), visit_ends_at=ends - timedelta(days=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_visit(actor=beacon_coordinator, visit_id=visit.pk)
    assert [m.to for m in mail.outbox] == [[staff.email]] * 3
    assert subjects()[0] == f"Your visit request to {beacon.service_name} is acknowledged"
    assert subjects()[1].startswith(f"Visit confirmed: {beacon.service_name}, ")
    assert subjects()[2] == f"After your visit to {beacon.service_name}: what will you change?"
    assert list(fresh(visit).events.values_list("kind", "from_status", "to_status")) == [
        ("requested", "", "requested"),
        ("acknowledged", "requested", "acknowledged"),
        ("confirmed", "acknowledged", "confirmed"),
        ("completed", "confirmed", "completed"),
    ]


def test_decline_needs_a_reason_and_emails_it(
    django_capture_on_commit_callbacks, beacon, beacon_coordinator, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    with pytest.raises(Invalid):
        services.decline_visit(actor=beacon_coordinator, visit_id=visit.pk, reason="  ")
    assert fresh(visit).status == VisitStatus.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_visit(
            actor=beacon_coordinator, visit_id=visit.pk, reason="We are moving wards in May."
        )
    assert fresh(visit).status == VisitStatus.DECLINED
    assert subjects() == [f"Your visit request to {beacon.service_name} was declined"]
    assert "We are moving wards in May." in mail.outbox[0].body


def test_withdrawing_emails_the_coordinator(
    django_capture_on_commit_callbacks, beacon, beacon_coordinator, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_visit(actor=staff, visit_id=visit.pk, reason="Our manager left.")
    assert fresh(visit).status == VisitStatus.WITHDRAWN
    assert [m.to for m in mail.outbox] == [[beacon_coordinator.email]]
    assert subjects() == [f"Visit request withdrawn: {beacon.service_name}"]


def test_adding_the_pack_to_a_confirmed_visit_emails_the_visitor(
    django_capture_on_commit_callbacks, beacon, beacon_coordinator, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_visitor_pack(
            actor=beacon_coordinator, visit_id=visit.pk, pack=SimpleUploadedFile("p.pdf", PDF)
        )
    assert fresh(visit).pack_name == "p.pdf"
    assert subjects() == [f"Visitor pack for your visit to {beacon.service_name}"]


STATUS_TRAITS = {
    VisitStatus.REQUESTED: {},
    VisitStatus.ACKNOWLEDGED: {"acknowledged": True},
    VisitStatus.CONFIRMED: {"visited": True},
    VisitStatus.DECLINED: {"declined": True},
    VisitStatus.WITHDRAWN: {"withdrawn": True},
    VisitStatus.COMPLETED: {"completed": True},
}


def _do(action, visit, actor):
    starts, ends = when()
    calls = {
        "acknowledge": lambda: services.acknowledge_visit(actor=actor, visit_id=visit.pk),
        "confirm": lambda: services.confirm_visit(
            actor=actor, visit_id=visit.pk, starts_at=starts, ends_at=ends
        ),
        "decline": lambda: services.decline_visit(actor=actor, visit_id=visit.pk, reason="No."),
        "withdraw": lambda: services.withdraw_visit(actor=actor, visit_id=visit.pk),
        "complete": lambda: services.complete_visit(actor=actor, visit_id=visit.pk),
    }
    return calls[action]()


ILLEGAL = [
    (status, action)
    for status in STATUS_TRAITS
    for action, rule in VISIT_ACTIONS.items()
    if status not in rule.from_statuses
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_every_illegal_move_is_refused_and_changes_nothing(
    status, action, beacon, beacon_coordinator, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, **STATUS_TRAITS[status])
    actor = staff if action == "withdraw" else beacon_coordinator
    before = (visit.status, visit.updated_at, VisitEvent.objects.filter(visit=visit).count())
    with pytest.raises(Conflict):
        _do(action, visit, actor)
    after = fresh(visit)
    assert (after.status, after.updated_at, after.events.count()) == before
    assert mail.outbox == []


@pytest.mark.parametrize("action", ["acknowledge", "confirm", "decline", "complete"])
@pytest.mark.parametrize(
    "who", ["staff", "another_beacon_coordinator", "national_moderator", "requester"]
)
def test_only_the_coordinator_answers(action, who, request, beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, visited=action == "complete")
    actor = staff if who == "requester" else request.getfixturevalue(who)
    with pytest.raises(NotAllowed):
        _do(action, visit, actor)
    assert fresh(visit).status == visit.status


def test_only_the_requester_withdraws(beacon, beacon_coordinator, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    with pytest.raises(NotAllowed):
        services.withdraw_visit(actor=beacon_coordinator, visit_id=visit.pk)
    assert fresh(visit).status == VisitStatus.REQUESTED


def test_a_second_acknowledgement_is_refused(beacon, beacon_coordinator, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    services.acknowledge_visit(actor=beacon_coordinator, visit_id=visit.pk)
    acknowledged_at = fresh(visit).acknowledged_at
    with pytest.raises(Conflict, match="acknowledged: awaiting a date, so it cannot be"):
        services.acknowledge_visit(actor=beacon_coordinator, visit_id=visit.pk)
    assert fresh(visit).acknowledged_at == acknowledged_at
    assert fresh(visit).events.filter(kind="acknowledged").count() == 1


def test_a_visit_cannot_be_completed_before_it_happens(beacon, beacon_coordinator, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    with pytest.raises(Conflict, match="not happened yet"):
        services.complete_visit(actor=beacon_coordinator, visit_id=visit.pk)
    assert fresh(visit).status == VisitStatus.CONFIRMED


def test_confirming_a_date_in_the_past_is_refused(beacon, beacon_coordinator, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    starts = timezone.now() - timedelta(days=1)
    with pytest.raises(Invalid, match="future"):
        services.confirm_visit(
            actor=beacon_coordinator,
            visit_id=visit.pk,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
    assert fresh(visit).status == VisitStatus.REQUESTED


# -- the overdue rule ------------------------------------------------------------


def at(day: date, hour: int = 16) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("asked", "not_yet", "overdue_from"),
    [
        # Friday: Monday and Tuesday are its two working days; overdue on Wednesday.
        (date(2026, 3, 6), date(2026, 3, 10), date(2026, 3, 11)),
        # Thursday before Easter: Good Friday and Easter Monday are bank
        # holidays in England and Wales, so Tuesday and Wednesday count.
        (date(2026, 4, 2), date(2026, 4, 8), date(2026, 4, 9)),
        # Monday: Tuesday and Wednesday; overdue on Thursday.
        (date(2026, 3, 9), date(2026, 3, 11), date(2026, 3, 12)),
    ],
)
def test_overdue_after_two_working_days_across_weekends_and_bank_holidays(
    asked, not_yet, overdue_from, beacon
):
    visit = VisitRequestFactory(beacon=beacon, requested_at=at(asked))
    assert not VisitRequest.objects.overdue(today=not_yet).filter(pk=visit.pk).exists()
    assert VisitRequest.objects.overdue(today=overdue_from).filter(pk=visit.pk).exists()
    assert overdue_since(overdue_from) > visit.requested_at >= overdue_since(not_yet)


def test_an_acknowledged_request_is_never_overdue(beacon):
    visit = VisitRequestFactory(
        beacon=beacon, acknowledged=True, requested_at=timezone.now() - timedelta(days=30)
    )
    assert not VisitRequest.objects.overdue().filter(pk=visit.pk).exists()


def test_the_coordinator_is_reminded_once(django_capture_on_commit_callbacks, beacon):
    late = VisitRequestFactory(beacon=beacon, requested_at=timezone.now() - timedelta(days=10))
    VisitRequestFactory(beacon=beacon)  # asked just now: not late
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue_visit_requests", stdout=None)
        call_command("remind_overdue_visit_requests", stdout=None)
    assert [m.to for m in mail.outbox] == [[beacon.coordinator.email]]
    assert subjects() == [
        f"Reminder: visit request for {beacon.service_name} waiting to be acknowledged"
    ]
    assert fresh(late).reminded_at is not None
    assert fresh(late).events.filter(kind="reminded").count() == 1


def test_an_overdue_request_shows_to_its_coordinator_and_national_moderators_only(
    client_as, beacon, another_beacon, staff
):
    late = VisitRequestFactory(
        beacon=beacon, requester=staff, requested_at=timezone.now() - timedelta(days=10)
    )
    on_time = VisitRequestFactory(beacon=beacon, requester=staff)
    services.remind_overdue()
    coordinator = client_as("beacon_coordinator")
    tab = coordinator.get(reverse("beacons:manage", args=[beacon.pk]), {"tab": "overdue"})
    assert late.get_absolute_url() in tab.content.decode()
    assert on_time.get_absolute_url() not in tab.content.decode()
    assert "1 overdue" in coordinator.get(reverse("beacons:coordinating")).content.decode()
    for persona in ("beacon_coordinator", "national_moderator"):
        page = client_as(persona).get(late.get_absolute_url()).content.decode()
        assert "Not acknowledged in two working days" in page
        assert "Not acknowledged in two working days" not in (
            client_as(persona).get(on_time.get_absolute_url()).content.decode()
        )
    national = client_as("national_moderator")
    listed = national.get(reverse("beacons:overdue")).content.decode()
    assert late.get_absolute_url() in listed and on_time.get_absolute_url() not in listed
    assert "Not yet" not in listed  # the coordinator has been reminded
    home = national.get(reverse("home")).content.decode()
    assert reverse("beacons:overdue") in home
    assert (
        reverse("beacons:overdue")
        not in client_as("another_beacon_coordinator").get(reverse("home")).content.decode()
    )
    assert (
        "overdue"
        not in client_as("another_beacon_coordinator")
        .get(reverse("beacons:coordinating"))
        .content.decode()
    )


def test_one_open_request_per_person_per_beacon(beacon, staff):
    def ask():
        return services.request_visit(
            actor=staff,
            beacon_id=beacon.pk,
            party_size=2,
            roles="Two nurses",
            wants_to_learn="Referrals",
            preferred_dates=future_dates(10, 17),
        )

    first = ask()
    with pytest.raises(Conflict, match="already asked to visit this Beacon"):
        ask()
    assert VisitRequest.objects.filter(requester=staff).count() == 1
    services.withdraw_visit(actor=staff, visit_id=first.pk)
    assert ask().status == VisitStatus.REQUESTED
