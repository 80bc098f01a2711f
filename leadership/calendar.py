"""Application windows of leadership cohorts, for the shared calendar of learning
opportunities.

The calendar knows no feature app: this app declares `calendar_entries` on
its AppConfig (see `opportunities.registry`), and the calendar lists what it
returns under "Applications open".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from leadership.models import Cohort
from opportunities.registry import CalendarEntry


@dataclass(frozen=True)
class ApplicationWindow:
    """When one cohort takes applications, as a calendar entry."""

    title: str
    url: str
    opens: date
    closes: date
    starts: date
    region: str | None  # the region's slug; None for a national cohort
    region_name: str | None


def open_windows(start: date, end: date) -> list[ApplicationWindow]:
    """Every cohort whose application window overlaps `start` to `end` (both
    included), soonest closing first. One statement."""
    cohorts = (
        Cohort.objects.filter(applications_open__lte=end, applications_close__gte=start)
        .select_related("programme", "region")
        .order_by("applications_close", "pk")
    )
    return [
        ApplicationWindow(
            title=f"Applications: {cohort.programme.title}, {cohort.name}",
            url=cohort.programme.get_absolute_url(),
            opens=cohort.applications_open,
            closes=cohort.applications_close,
            starts=cohort.starts_on,
            region=cohort.region.slug if cohort.region else None,
            region_name=cohort.region.name if cohort.region else None,
        )
        for cohort in cohorts
    ]


def calendar_entries(start: datetime, end: datetime) -> list[CalendarEntry]:
    """The windows open at some time from `start` up to (not including) `end`,
    two aware moments, as the calendar's entries: each closes at the end of
    its last day. One statement."""
    first = timezone.localdate(start)
    last = timezone.localdate(end - timedelta(microseconds=1))
    return [
        CalendarEntry(
            title=window.title,
            url=window.url,
            opens=window.opens,
            closes=window.closes,
            region=window.region_name or "",
        )
        for window in open_windows(first, last)
    ]
