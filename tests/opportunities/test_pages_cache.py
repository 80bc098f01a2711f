"""What the calendar keeps in the pages cache: its filters as HTML, under the
topics and regions they offer and the values chosen, and its cards as HTML,
under everything the cards show, so that a booking, an edit or a deadline
passing is shown at once and each reader sees the filters they chose."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Region
from opportunities.models import Session
from tests.factories import OrganisationFactory, TopicFactory
from tests.opportunities.factories import SessionFactory, booked

pytestmark = [pytest.mark.django_db, pytest.mark.pages_cache]
URL = "/opportunities/"


@pytest.fixture
def reader(client, staff):
    client.force_login(staff)
    return client


def box(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)


def test_a_later_reader_gets_the_cards_and_filters_kept(reader):
    SessionFactory(title="Discharge planning workshop")
    with CaptureQueriesContext(connection) as first:
        reader.get(URL)
    with CaptureQueriesContext(connection) as again:
        response = reader.get(URL)
    assert "Discharge planning workshop" in response.text
    assert 'name="topic"' in response.text and 'name="region"' in response.text
    # Topics and regions are not read again for the filters' options: only
    # the one statement that names them all.
    read = [q["sql"] for q in again.captured_queries if '"directory_topic"' in q["sql"]]
    assert len(read) == 1 and "UNION" in read[0]
    assert len(again.captured_queries) < len(first.captured_queries)


def test_a_booking_changes_the_places_shown_at_once(reader):
    session = SessionFactory(capacity=3)
    assert "3 places left" in reader.get(URL).text
    booked(session)
    assert "2 places left" in reader.get(URL).text
    booked(session)
    booked(session)
    assert "Full: join the waiting list" in reader.get(URL).text


def test_an_edit_a_renamed_organisation_and_a_passed_deadline_show_at_once(reader):
    session = SessionFactory(title="Falls prevention")
    assert "Falls prevention" in reader.get(URL).text
    Session.objects.filter(pk=session.pk).update(title="Falls prevention in care homes")
    assert "Falls prevention in care homes" in reader.get(URL).text
    session.organisation.name = "Riverside Community Trust"
    session.organisation.save()
    assert "Riverside Community Trust" in reader.get(URL).text
    Session.objects.filter(pk=session.pk).update(
        booking_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert "Bookings closed" in reader.get(URL).text


def test_each_reader_sees_the_dates_and_filters_they_chose(reader):
    TopicFactory(name="Frailty", slug="frailty")
    third_of_april = {"date_from_day": "3", "date_from_month": "4", "date_from_year": "2027"}
    chosen = reader.get(URL, {"topic": "frailty", **third_of_april}).text
    assert '<option value="frailty" selected>' in chosen
    assert box(chosen, "date_from_day") == "3"
    other = reader.get(
        URL, {"date_from_day": "4", "date_from_month": "4", "date_from_year": "2027"}
    ).text
    assert box(other, "date_from_day") == "4"
    assert '<option value="frailty" selected>' not in other
    # A date the wrong way round keeps its own message, kept or not.
    wrong = {
        "date_from_day": "5", "date_from_month": "4", "date_from_year": "2027",
        "date_to_day": "1", "date_to_month": "4", "date_to_year": "2027",
    }  # fmt: skip
    for _ in range(2):
        response = reader.get(URL, wrong)
        assert response.status_code == 400
        assert "must be the same as or after" in response.text


def test_a_new_region_name_is_offered_at_once(reader):
    assert "London and the South" not in reader.get(URL).text
    Region.objects.filter(slug="london").update(name="London and the South")
    assert '<option value="london">London and the South</option>' in reader.get(URL).text


def test_a_renamed_region_on_a_card_shows_at_once(reader, london):
    SessionFactory(organisation=OrganisationFactory(region=london))
    reader.get(URL)
    Region.objects.filter(pk=london.pk).update(name="Greater London")
    assert "Greater London" in reader.get(URL).text


def kept_filters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM learning_network_page_cache WHERE cache_key LIKE %s",
            ["%opportunities_calendar_filters%"],
        )
        return cursor.fetchone()[0]


def test_what_anyone_types_never_fills_the_cache(reader):
    reader.get(URL)
    assert kept_filters() == 1
    for n in range(5):
        assert reader.get(URL, {"kind": f"no-such-kind-{n}"}).status_code == 400
        assert reader.get(URL, {"region": f"nowhere-{n}"}).status_code == 400
    # Dates are typed: each reader's are written afresh, never kept.
    for day in range(1, 6):
        page = reader.get(
            URL, {"date_from_day": str(day), "date_from_month": "4", "date_from_year": "2027"}
        )
        assert page.status_code == 200 and box(page.text, "date_from_day") == str(day)
    assert kept_filters() == 1
