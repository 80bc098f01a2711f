"""The calendar: filters in the address, bad addresses, pages, places left,
Applications open from other apps, and a fixed number of statements."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from opportunities import registry
from opportunities.models import Audience, Format, Kind
from opportunities.registry import CalendarEntry
from tests.factories import OrganisationFactory, TopicFactory
from tests.helpers import assert_same_query_count
from tests.opportunities.factories import SessionFactory, booked

pytestmark = pytest.mark.django_db
# The calendar's statements, with nothing kept: the session, the user and
# their roles, the name of the topics and regions, the regions and topics for
# the filters (and the one chosen), one page of sessions, the applications
# open from other apps. It never asks the apps who organises what: it lists
# no drafts.
MOST = 9
URL = "/opportunities/"


@pytest.fixture
def reader(client, staff):
    client.force_login(staff)
    return client


def titles(response) -> list[str]:
    return [session.title for session in response.context["sessions"]]


def days(n: int) -> datetime:
    return (timezone.now() + timedelta(days=n)).replace(microsecond=0)


def at(n: int, **kwargs):
    start = days(n)
    return SessionFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        booking_deadline=start - timedelta(hours=1),
        **kwargs,
    )


def test_sessions_come_soonest_first_with_places_left(reader):
    later = at(20, title="Later", capacity=10)
    sooner = at(5, title="Sooner", capacity=4)
    full = at(10, title="Full one", capacity=1)
    for _ in range(3):
        booked(sooner)
    booked(full)
    at(3, title="A draft", draft=True)
    response = reader.get(URL)
    assert titles(response) == ["Sooner", "Full one", "Later"]
    assert "1 place left" in response.text
    assert "Full: join the waiting list" in response.text
    assert later.pk


def test_each_filter_narrows_the_calendar(reader, london, trent):
    subject = TopicFactory(name="Emergency care", slug="emergency-care")
    topic = TopicFactory(name="Admissions", slug="admissions", parent=subject)
    in_london = OrganisationFactory(region=london)
    in_trent = OrganisationFactory(region=trent)
    a = at(
        5,
        title="London clinical online",
        organisation=in_london,
        online=True,
        audience=Audience.CLINICAL,
        kind=Kind.COURSE_INTAKE,
    )
    a.topics.set([topic])
    at(
        6,
        title="Trent for everyone",
        organisation=in_trent,
        audience=Audience.EVERYONE,
        kind=Kind.BEACON_OPEN_DAY,
    )
    at(
        40,
        title="Trent managers",
        organisation=in_trent,
        audience=Audience.MANAGERIAL,
        format=Format.BOTH,
        joining_link="https://meet.example.nhs.uk/y",
    )
    cases = {
        "region=london": ["London clinical online"],
        "kind=beacon_open_day": ["Trent for everyone"],
        "topic=emergency-care": ["London clinical online"],  # a subject takes in its topics
        "topic=admissions": ["London clinical online"],
        "audience=clinical": ["London clinical online", "Trent for everyone"],
        "format=online": ["London clinical online", "Trent managers"],
        "format=in_person": ["Trent for everyone", "Trent managers"],
    }
    for query, expected in cases.items():
        assert titles(reader.get(f"{URL}?{query}")) == expected, query
    window = days(30)
    response = reader.get(
        URL,
        {
            "date_from_day": window.day,
            "date_from_month": window.month,
            "date_from_year": window.year,
        },
    )
    assert titles(response) == ["Trent managers"]
    assert "From: " in response.text


def test_the_filters_offer_every_region_and_topic_by_name_with_the_chosen_one_selected(reader):
    subject = TopicFactory(name="Emergency <care>", slug="emergency-care")
    TopicFactory(name="Admissions", slug="admissions", parent=subject)
    text = reader.get(URL, {"topic": "admissions"}).text
    assert '<option value="">All topics</option>' in text
    assert '<option value="emergency-care">Emergency &lt;care&gt;</option>' in text
    assert '<option value="admissions" selected>Emergency &lt;care&gt;: Admissions</option>' in text
    assert '<option value="london">London</option>' in text
    assert '<select name="topic" class="nhsuk-select" id="id_topic">' in text


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "picnic"},
        {"region": "atlantis"},
        {"topic": "no-such-topic"},
        {"audience": "everyone-else"},
        {"format": "carrier-pigeon"},
        {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2031"},
        {"date_from_day": "1", "date_from_month": "1", "date_from_year": "31"},
        {"date_from_day": "x", "date_from_month": "", "date_from_year": ""},
        # The day after 31 December 9999 cannot be held: a message, not an error.
        {"date_to": "9999-12-31"},
        {"date_to_day": "31", "date_to_month": "12", "date_to_year": "9999"},
    ],
)
def test_an_address_the_calendar_cannot_understand_is_a_400_with_a_message(reader, query):
    at(5)
    response = reader.get(URL, query)
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "We could not show sessions for that search" in response.text


def test_dates_the_wrong_way_round_are_a_400_that_says_so(reader):
    response = reader.get(
        URL,
        {
            "date_from_day": "5",
            "date_from_month": "5",
            "date_from_year": "2031",
            "date_to_day": "1",
            "date_to_month": "5",
            "date_to_year": "2031",
        },
    )
    assert response.status_code == 400
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in (
        response.text
    )


def test_twenty_a_page_with_a_next_page_and_no_count(reader, django_assert_max_num_queries):
    for n in range(23):
        at(1 + n, title=f"Session {n:02d}")
    first = reader.get(URL)
    assert len(first.context["sessions"]) == 20
    assert first.context["next_url"] == "?page=2"
    second = reader.get(URL, {"page": "2"})
    assert titles(second) == ["Session 20", "Session 21", "Session 22"]
    assert second.context["next_url"] == ""
    assert reader.get(URL, {"page": "abc"}).status_code == 200  # read as page 1
    beyond = reader.get(URL, {"page": "9"})
    assert "There are no more sessions" in beyond.text


def test_the_calendar_runs_the_same_statements_for_3_sessions_or_30(reader):
    organisation = OrganisationFactory()
    topic = TopicFactory()

    def make(n):
        for _ in range(n):
            session = at(5, organisation=organisation, capacity=5)
            session.topics.set([topic])
            booked(session)

    count = assert_same_query_count(make, URL, reader, at_most=MOST)
    assert count <= MOST


def test_filtered_calendar_runs_the_same_statements_too(reader, london):
    organisation = OrganisationFactory(region=london)

    def make(n):
        for _ in range(n):
            at(5, organisation=organisation)

    assert_same_query_count(
        make, URL, reader, data={"region": "london", "audience": "clinical"}, at_most=MOST
    )


def test_applications_open_come_from_other_apps(reader):
    seen = []

    def leadership_windows(start, end):
        seen.append((start, end))
        return [
            CalendarEntry(
                title="Nurse leadership programme: spring cohort",
                url="/leadership/cohorts/1/",
                opens=days(-5),
                closes=days(20),
                region="",
            ),
            CalendarEntry(
                title="Trent managers' cohort",
                url="/leadership/cohorts/2/",
                opens=days(-5),
                closes=days(10),
                region="Trent",
            ),
        ]

    undo = registry.add_for_tests(entries=leadership_windows)
    try:
        response = reader.get(URL)
        assert "Applications open" in response.text
        assert [e.title for e in response.context["applications"]] == [
            "Trent managers' cohort",
            "Nurse leadership programme: spring cohort",
        ]
        in_london = reader.get(URL, {"region": "london"})
        assert [e.title for e in in_london.context["applications"]] == [
            "Nurse leadership programme: spring cohort"
        ]
    finally:
        undo()
    assert seen and all(start < end for start, end in seen)
    assert "Applications open" not in reader.get(URL).text
