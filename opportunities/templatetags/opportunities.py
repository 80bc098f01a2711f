"""Template helpers for sessions, on every page that lists them."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html

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


# What a session's tag says of its places, by its state as people see it now.
_STATE_TAGS = {
    "cancelled": ("red", "Cancelled"),
    "finished": ("grey", "Finished"),
    "closed": ("grey", "Bookings closed"),
    "draft": ("grey", "Draft: not published"),
}


@register.filter
def session_places(session) -> str:
    """The session's tag: its state when it takes no bookings, else its
    places ("3 places left", "Full: join the waiting list"). Written here,
    not as an included template, for the lists that show twenty at once."""
    state = session.state
    if state in _STATE_TAGS:
        colour, text = _STATE_TAGS[state]
    elif session.capacity is None:
        colour, text = "green", "Places available"
    elif session.is_full:
        colour, text = "orange", "Full: join the waiting list"
    else:
        left = session.places_left
        colour, text = "green", f"{left} place{'' if left == 1 else 's'} left"
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, text)
