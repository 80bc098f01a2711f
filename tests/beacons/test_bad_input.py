"""Bad input: a clear message or a 4xx, nothing changed, never a 500."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from beacons import services
from beacons.models import VisitRequest, VisitStatus
from learning_network.errors import Conflict, Invalid
from practice_db.uploads import MAX_ATTACHMENT_BYTES
from tests.beacons.factories import BeaconFactory, VisitRequestFactory, future_dates

pytestmark = pytest.mark.django_db


def form_data(**changes):
    first, second = future_dates(10, 17)
    data = {
        "party_size": "3",
        "roles": "Two nurses",
        "wants_to_learn": "How you run the clinic",
        "date_1_day": first.day,
        "date_1_month": first.month,
        "date_1_year": first.year,
        "date_2_day": second.day,
        "date_2_month": second.month,
        "date_2_year": second.year,
    }
    return data | changes


def test_a_request_for_an_ended_designation_is_refused(client_as, staff):
    ended = BeaconFactory(ended=True)
    response = client_as("staff").post(
        reverse("beacons:request_visit", args=[ended.pk]), form_data()
    )
    assert response.status_code == 409
    assert "takes no new requests" in response.content.decode()
    with pytest.raises(Conflict):
        services.request_visit(
            actor=staff,
            beacon_id=ended.pk,
            party_size=2,
            roles="x",
            wants_to_learn="y",
            preferred_dates=future_dates(10, 11),
        )
    assert not VisitRequest.objects.exists()


@pytest.mark.parametrize("party", ["0", "500", "-1", "three"])
def test_a_party_of_0_or_500_is_refused_with_a_message(client_as, beacon, party):
    response = client_as("staff").post(
        reverse("beacons:request_visit", args=[beacon.pk]), form_data(party_size=party)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "from 1 to 30" in body or "whole number" in body
    assert not VisitRequest.objects.exists()


def test_preferred_dates_in_the_past_are_refused(client_as, beacon):
    past = timezone.localdate() - timedelta(days=3)
    response = client_as("staff").post(
        reverse("beacons:request_visit", args=[beacon.pk]),
        form_data(date_1_day=past.day, date_1_month=past.month, date_1_year=past.year),
    )
    assert response.status_code == 400
    assert "Preferred dates must be after today" in response.content.decode()
    assert not VisitRequest.objects.exists()


def test_the_same_date_twice_is_refused(staff, beacon):
    day = future_dates(10)[0]
    with pytest.raises(Invalid, match="two or three different dates"):
        services.request_visit(
            actor=staff,
            beacon_id=beacon.pk,
            party_size=2,
            roles="x",
            wants_to_learn="y",
            preferred_dates=[day, day],
        )


def _confirm(client, visit, pack):
    starts = timezone.localtime() + timedelta(days=10)
    return client.post(
        reverse("beacons:visit_confirm", args=[visit.pk]),
        {
            "starts_at_day": starts.day,
            "starts_at_month": starts.month,
            "starts_at_year": starts.year,
            "starts_at_time": "10:00",
            "ends_at": "15:00",
            "pack": pack,
        },
    )


def test_a_disguised_visitor_pack_is_refused(client_as, beacon):
    visit = VisitRequestFactory(beacon=beacon)
    page = SimpleUploadedFile("pack.pdf", b"<html><script>alert(1)</script></html>")
    response = _confirm(client_as("beacon_coordinator"), visit, page)
    assert response.status_code == 400
    assert "is not a PDF, Word, Excel, PowerPoint or OpenDocument file" in (
        response.content.decode()
    )
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.REQUESTED


def test_a_zip_called_docx_is_refused(client_as, beacon):
    visit = VisitRequestFactory(beacon=beacon)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", b"MZ")
    response = _confirm(
        client_as("beacon_coordinator"), visit, SimpleUploadedFile("pack.docx", buffer.getvalue())
    )
    assert response.status_code == 400
    assert VisitRequest.objects.get(pk=visit.pk).status == VisitStatus.REQUESTED


def test_an_oversize_visitor_pack_is_refused(client_as, beacon):
    visit = VisitRequestFactory(beacon=beacon, confirmed=True)
    big = SimpleUploadedFile("pack.pdf", b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES)
    response = client_as("beacon_coordinator").post(
        reverse("beacons:visit_pack_upload", args=[visit.pk]), {"pack": big}
    )
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
    assert not VisitRequest.objects.get(pk=visit.pk).pack


def test_a_second_acknowledgement_by_the_page_is_a_409(client_as, beacon):
    visit = VisitRequestFactory(beacon=beacon, acknowledged=True)
    response = client_as("beacon_coordinator").post(
        reverse("beacons:visit_acknowledge", args=[visit.pk])
    )
    assert response.status_code == 409
    assert VisitRequest.objects.get(pk=visit.pk).events.count() == 1


def test_nonsense_in_the_search_address_is_ignored(client_as, beacon):
    response = client_as("staff").get(
        reverse("beacons:index"),
        {"year": ["abc", "99999999999"], "region": "x", "theme": "nope", "q": '"unclosed -'},
    )
    assert response.status_code == 200


def test_an_empty_post_shows_what_is_missing_not_a_blank_form(client_as, beacon, staff):
    response = client_as("staff").post(reverse("beacons:request_visit", args=[beacon.pk]), {})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not beacon.visit_requests.exists()
    visit = VisitRequestFactory(beacon=beacon, requester=staff)
    response = client_as("beacon_coordinator").post(
        reverse("beacons:visit_decline", args=[visit.pk]), {}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
