"""The permission ladder for every Beacon page: staff, this Beacon's coordinator,
another Beacon's coordinator, national and regional moderators, and anonymous."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beacons import services
from beacons.models import BeaconExample, SpreadExample, VisitOutcome, VisitRequest, VisitStatus
from opportunities.models import Booking, BookingStatus, Feedback
from tests.beacons.factories import VisitRequestFactory, open_day
from tests.factories import PracticeExampleFactory
from tests.helpers import assert_ladder, ladder

pytestmark = pytest.mark.django_db

# Who reads a visit request: the person who asked (staff), the Beacon's
# coordinator and national moderators. Everyone else gets a 404.
READERS = {"staff": 200, "beacon_coordinator": 200, "national_moderator": 200}


def url(name, *args):
    return reverse(f"beacons:{name}", args=args)


def test_every_signed_in_person_finds_and_reads_beacons(client_as, beacon, another_beacon):
    assert_ladder(
        client_as,
        [
            url("index"),
            url("detail", beacon.pk),
            url("request_visit", beacon.pk),
            url("my_requests"),
            url("coordinating"),
        ],
        ladder(200),
    )


def test_the_coordinators_page_is_for_the_coordinator_and_national_moderators(
    client_as, beacon, another_beacon
):
    assert_ladder(
        client_as,
        [url("manage", beacon.pk), url("examples", beacon.pk)],
        ladder(403, beacon_coordinator=200, national_moderator=200),
    )


def test_only_the_coordinator_adds_open_days(client_as, beacon, another_beacon):
    assert_ladder(client_as, url("open_day_new", beacon.pk), ladder(403, beacon_coordinator=200))


def test_only_national_moderators_designate_and_see_every_overdue_request(
    client_as, beacon, another_beacon
):
    assert_ladder(
        client_as,
        [url("designate"), url("overdue"), url("end_designation", beacon.pk)],
        ladder(403, national_moderator=200),
    )


def test_a_visit_request_is_read_by_its_requester_coordinator_and_national_moderators(
    client_as, beacon, another_beacon, staff
):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    assert_ladder(client_as, url("visit", visit.pk), ladder(404, **READERS))


def test_only_the_coordinator_answers_a_request(client_as, beacon, another_beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    answers = ladder(404, staff=403, national_moderator=403, beacon_coordinator=200)
    assert_ladder(
        client_as, [url("visit_confirm", visit.pk), url("visit_decline", visit.pk)], answers
    )


def test_acknowledging_by_post(client_as, beacon, another_beacon, staff):
    def fresh_request(persona):
        return url("visit_acknowledge", VisitRequestFactory(beacon=beacon, requester=staff).pk)

    assert_ladder(
        client_as,
        fresh_request,
        ladder(404, staff=403, national_moderator=403, beacon_coordinator=302),
        method="post",
    )


def test_only_the_requester_withdraws(client_as, beacon, another_beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    assert_ladder(
        client_as,
        url("visit_withdraw", visit.pk),
        ladder(404, staff=200, national_moderator=403, beacon_coordinator=403),
    )


def test_calendar_file_and_pack_of_a_confirmed_visit(
    client_as, beacon, another_beacon, staff, beacon_coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    visit = VisitRequestFactory(beacon=beacon, requester=staff, confirmed=True)
    services.add_visitor_pack(
        actor=beacon_coordinator,
        visit_id=visit.pk,
        pack=SimpleUploadedFile("pack.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert_ladder(
        client_as, [url("visit_ics", visit.pk), url("visit_pack", visit.pk)], ladder(404, **READERS)
    )
    assert_ladder(
        client_as,
        url("visit_pack_upload", visit.pk),
        ladder(404, staff=403, national_moderator=403, beacon_coordinator=200),
    )


def test_only_the_visitor_says_what_they_took_away(client_as, beacon, another_beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, completed=True)
    assert_ladder(
        client_as,
        url("visit_outcome", visit.pk),
        ladder(404, staff=200, national_moderator=403, beacon_coordinator=403),
    )
    VisitOutcome.objects.create(visit=visit, will_change="A nurse-led clinic.", may_share=True)
    assert_ladder(
        client_as,
        url("draft_from_visit", visit.pk),
        ladder(404, staff=302, national_moderator=403, beacon_coordinator=403),
        method="post",
    )


def test_a_linked_practice_example_leads_to_its_beacon(
    client_as, beacon, another_beacon, national_moderator
):
    example = PracticeExampleFactory(published=True, organisation=beacon.organisation)
    BeaconExample.objects.create(beacon=beacon, example=example, linked_by=national_moderator)
    response = client_as("staff").get(url("for_example", example.pk))
    assert response.status_code == 302
    assert response["Location"] == beacon.get_absolute_url()
    assert client_as("anonymous").get(url("for_example", example.pk)).status_code == 302
    assert client_as("staff").get(url("for_example", example.pk + 1000)).status_code == 404


def test_only_the_coordinator_records_that_a_visit_took_place(
    client_as, beacon, another_beacon, staff
):
    def visited(persona):
        return url(
            "visit_complete", VisitRequestFactory(beacon=beacon, requester=staff, visited=True).pk
        )

    assert_ladder(
        client_as,
        visited,
        ladder(404, staff=403, national_moderator=403, beacon_coordinator=302),
        method="post",
    )


def test_only_the_attendee_drafts_an_example_from_their_open_day_feedback(
    client_as, beacon, another_beacon, staff
):
    past = open_day(beacon, days=-5)
    booking = Booking.objects.create(session=past, user=staff, status=BookingStatus.ATTENDED)
    feedback = Feedback.objects.create(booking=booking, will_change="Self-rostering.", usefulness=5)
    assert_ladder(
        client_as,
        url("draft_from_feedback", feedback.pk),
        ladder(403, staff=302),
        method="post",
    )
    assert SpreadExample.objects.filter(feedback=feedback, created_by=staff).count() == 1


def test_the_pages_that_change_things_refuse_a_get(client_as, beacon, staff):
    visit = VisitRequestFactory(beacon=beacon, requester=staff, visited=True)
    for name in ("visit_acknowledge", "visit_complete", "draft_from_visit"):
        assert client_as("beacon_coordinator").get(url(name, visit.pk)).status_code == 405
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.CONFIRMED
