"""Application windows as plain data for the shared calendar."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from leadership.calendar import calendar_entries, open_windows
from tests.factories import region
from tests.leadership.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_windows_overlapping_the_range_in_closing_order(programme, london):
    today = timezone.localdate()
    open_now = CohortFactory(programme=programme, name="Now", region=london)
    CohortFactory(programme=programme, name="Later", upcoming=True)
    CohortFactory(programme=programme, name="Gone", started=True)

    windows = open_windows(today, today + timedelta(days=5))

    assert [w.title for w in windows] == [f"Applications: {programme.title}, Now"]
    [window] = windows
    assert (window.opens, window.closes, window.starts) == (
        open_now.applications_open,
        open_now.applications_close,
        open_now.starts_on,
    )
    assert (window.region, window.region_name) == ("london", "London")
    assert window.url == programme.get_absolute_url()
    assert Client().get(window.url).status_code == 302  # a portal page, behind sign-in

    later = open_windows(today, today + timedelta(days=400))
    assert [w.title.rsplit(", ", 1)[1] for w in later] == ["Now", "Later"]
    assert later[1].region is None


def test_a_window_touching_either_end_of_the_range_is_in_it(programme):
    cohort = CohortFactory(programme=programme, region=region("trent"))
    assert open_windows(cohort.applications_close, cohort.applications_close + timedelta(days=9))
    assert open_windows(cohort.applications_open - timedelta(days=9), cohort.applications_open)
    assert not open_windows(
        cohort.applications_close + timedelta(days=1),
        cohort.applications_close + timedelta(days=9),
    )


def test_the_calendar_needs_one_statement(programme, django_assert_num_queries):
    today = timezone.localdate()
    for _ in range(5):
        CohortFactory(programme=programme)
    with django_assert_num_queries(1):
        assert len(open_windows(today, today)) == 5


# -- in the calendar of learning opportunities, through the app's own declaration -----


def applications_in(response) -> list[str]:
    return [entry.title for entry in response.context["applications"]]


def test_the_calendar_lists_open_windows_under_applications_open(
    client, staff, programme, london, trent
):
    client.force_login(staff)
    national = CohortFactory(programme=programme, name="National")
    CohortFactory(programme=programme, name="London", region=london)
    CohortFactory(programme=programme, name="Trent", region=trent)
    CohortFactory(programme=programme, name="Next", upcoming=True)
    CohortFactory(programme=programme, name="Gone", closed=True)

    response = client.get("/opportunities/")

    assert response.status_code == 200
    assert "Applications open" in response.text
    title = programme.title
    assert applications_in(response) == [
        f"Applications: {title}, London",
        f"Applications: {title}, National",
        f"Applications: {title}, Trent",
        f"Applications: {title}, Next",
    ]
    closes = national.applications_close
    assert f"Apply by {closes:%-d %B %Y} · Every region" in response.text
    assert f"{closes:%-d %B %Y}, 00:00" not in response.text
    upcoming = timezone.localdate() + timedelta(days=10)
    assert f"Opens {upcoming:%-d %B %Y}, apply by" in response.text
    assert programme.get_absolute_url() in response.text

    in_london = client.get("/opportunities/", {"region": "london"})
    assert applications_in(in_london) == [
        f"Applications: {title}, London",
        f"Applications: {title}, National",
        f"Applications: {title}, Next",
    ]


def test_the_calendars_dates_choose_the_windows(client, staff, programme):
    client.force_login(staff)
    CohortFactory(programme=programme, name="Now")
    CohortFactory(programme=programme, name="Next", upcoming=True)
    today = timezone.localdate()
    soon = client.get(
        "/opportunities/",
        {
            "date_from_day": today.day,
            "date_from_month": today.month,
            "date_from_year": today.year,
            "date_to_day": (today + timedelta(days=5)).day,
            "date_to_month": (today + timedelta(days=5)).month,
            "date_to_year": (today + timedelta(days=5)).year,
        },
    )
    assert soon.status_code == 200
    assert applications_in(soon) == [f"Applications: {programme.title}, Now"]


def test_the_window_closes_at_the_end_of_its_last_day(programme):
    cohort = CohortFactory(programme=programme)
    [entry] = calendar_entries(timezone.now(), timezone.now() + timedelta(days=1))
    assert entry.closes == cohort.applications_close
    assert timezone.localtime(entry.closing).date() == cohort.applications_close + timedelta(1)
    assert timezone.localtime(entry.closing).hour == 0
    assert not entry.closes_at_a_time and not entry.not_yet_open


def test_no_cohorts_no_applications_open(client, staff):
    client.force_login(staff)
    response = client.get("/opportunities/")
    assert response.context["applications"] == []
    assert "Applications open" not in response.text
