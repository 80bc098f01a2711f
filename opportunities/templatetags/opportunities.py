"""Template helpers for sessions, on every page that lists them."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone, translation

register = template.Library()

UK = zoneinfo.ZoneInfo("Europe/London")


@lru_cache(maxsize=4096)
def _day(day: date | datetime, format: str, language: str | None) -> str:
    # Django's date formatting (names of days and months in the page's
    # language) costs about as much as the rest of a session's line; the
    # days a calendar shows repeat, so each is written once.
    return dateformat.format(day, format)


def _uk(moment: datetime) -> datetime:
    return timezone.localtime(moment, UK) if timezone.is_aware(moment) else moment


@register.filter
def uk_date(value: date | datetime, format: str) -> str:
    """What `{% timezone "Europe/London" %}{{ value|date:format }}` writes,
    each value and format written once (see `_day`)."""
    if not isinstance(value, date):
        return ""
    if isinstance(value, datetime):
        value = _uk(value)
    return _day(value, format, translation.get_language())


@register.filter
def session_when(thing) -> str:
    """When something booked happens, in UK time: "Tuesday 1 December 2026,
    09:30 to 12:00" within a day, "1 December 2026, 09:30 to 3 December 2026,
    16:00" across days. For anything with `starts_at` and `ends_at`."""
    start, end = _uk(thing.starts_at), _uk(thing.ends_at)
    language = translation.get_language()
    if start.date() == end.date():
        return f"{_day(start.date(), 'l j F Y', language)}, {start:%H:%M} to {end:%H:%M}"
    return (
        f"{_day(start.date(), 'j F Y', language)}, {start:%H:%M} to "
        f"{_day(end.date(), 'j F Y', language)}, {end:%H:%M}"
    )
