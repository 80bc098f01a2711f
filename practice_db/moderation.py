"""Questions about the moderation queue: working days and what is overdue."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

OVERDUE_AFTER_WORKING_DAYS = 10


def working_days_between(start: date, end: date) -> int:
    """Monday-to-Friday days after `start` up to and including `end`."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def overdue_cutoff(today: date | None = None) -> date:
    """The latest submission date that is overdue today."""
    today = today or timezone.localdate()
    day = today
    while working_days_between(day, today) <= OVERDUE_AFTER_WORKING_DAYS:
        day -= timedelta(days=1)
    return day


def is_overdue(example, today: date | None = None) -> bool:
    from practice_db.models import Status

    if example.status != Status.SUBMITTED or example.submitted_at is None:
        return False
    submitted = timezone.localdate(example.submitted_at)
    return working_days_between(submitted, today or timezone.localdate()) > (
        OVERDUE_AFTER_WORKING_DAYS
    )
