"""Application windows of leadership cohorts, for the shared calendar of learning
opportunities. Plain data only: the calendar imports this module, never the
other way round, and needs none of this app's models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from leadership.models import Cohort


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
