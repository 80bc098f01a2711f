"""Working days in England and Wales: weekdays that are not bank holidays.

Every deadline the portal counts in working days (a moderator's ten days to
review, a Beacon's two days to acknowledge a visit request) asks here, so a
bank holiday moves them all alike. The holidays come from the `holidays`
package (England's calendar, which Wales shares), not from a list we type.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """The working days after `start`, up to and including `end`."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (0: `start` itself)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def latest_day_before(today: date, working_days: int) -> date:
    """The latest date from which more than `working_days` working days have
    passed by `today`: anything on or before it is late."""
    day, counted = today, 0
    while counted <= working_days:
        counted += is_working_day(day)
        day -= timedelta(days=1)
    return day
