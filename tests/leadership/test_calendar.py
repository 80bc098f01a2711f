"""Application windows as plain data for the shared calendar."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from leadership.calendar import open_windows
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
