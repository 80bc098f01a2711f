"""A session's time, as every page that lists sessions writes it."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from opportunities.templatetags.opportunities import session_places, session_when, uk_date

# How the pages wrote it with Django's date filters before `session_when`.
TEMPLATE = Template(
    '{% load tz %}{% timezone "Europe/London" %}'
    '{% if session.starts_at|date:"Ymd" == session.ends_at|date:"Ymd" %}'
    '{{ session.starts_at|date:"l j F Y" }}, {{ session.starts_at|time:"H:i" }} to '
    '{{ session.ends_at|time:"H:i" }}{% else %}{{ session.starts_at|date:"j F Y, H:i" }} to '
    '{{ session.ends_at|date:"j F Y, H:i" }}{% endif %}{% endtimezone %}'
)


@pytest.mark.parametrize(
    ("starts", "length"),
    [
        (datetime(2026, 12, 1, 9, 30, tzinfo=UTC), timedelta(hours=2, minutes=30)),
        # 23:30 UTC in summer is 00:30 the next day in the UK.
        (datetime(2027, 6, 30, 23, 30, tzinfo=UTC), timedelta(hours=1)),
        (datetime(2027, 6, 30, 22, 30, tzinfo=UTC), timedelta(hours=2)),
        # The clocks change in the middle of a session.
        (datetime(2027, 3, 28, 0, 30, tzinfo=UTC), timedelta(hours=2)),
        (datetime(2027, 10, 31, 0, 30, tzinfo=UTC), timedelta(hours=2)),
        (datetime(2027, 1, 5, 16, 0, tzinfo=UTC), timedelta(days=2, hours=1)),
        (datetime(2028, 2, 29, 0, 0, tzinfo=UTC), timedelta(days=400)),
        # A time that is not in UTC says the same moment.
        (datetime(2027, 1, 5, 9, 0).astimezone(UTC), timedelta(minutes=1)),
    ],
)
def test_the_same_words_as_the_date_filters(starts, length):
    session = SimpleNamespace(starts_at=starts, ends_at=starts + length)
    assert session_when(session) == TEMPLATE.render(Context({"session": session}))


def test_within_a_day_and_across_days():
    one_day = SimpleNamespace(
        starts_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        ends_at=datetime(2026, 12, 1, 12, 0, tzinfo=UTC),
    )
    assert session_when(one_day) == "Tuesday 1 December 2026, 09:30 to 12:00"
    two_days = SimpleNamespace(
        starts_at=datetime(2027, 7, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2027, 7, 2, 15, 0, tzinfo=UTC),
    )
    assert session_when(two_days) == "1 July 2027, 09:00 to 2 July 2027, 16:00"


DAYS_AND_MOMENTS = [
    datetime(2027, 6, 30, 23, 30, tzinfo=UTC),
    datetime(2027, 1, 5, 9, 0, tzinfo=UTC),
    date(2027, 3, 28),
    None,
    "",
]
FORMATS = ["j F Y", "j F Y, H:i", "l j F Y"]


@pytest.mark.parametrize(
    ("value", "format"),
    [
        (value, format)
        for value in DAYS_AND_MOMENTS
        for format in FORMATS
        # A day has no time: the calendar writes a time only for a moment.
        if not (type(value) is date and "H" in format)
    ],
)
def test_uk_date_writes_what_the_date_filter_writes(value, format):
    reference = Template(
        '{% load tz %}{% timezone "Europe/London" %}{{ value|date:format }}{% endtimezone %}'
    )
    assert uk_date(value, format) == reference.render(Context({"value": value, "format": format}))


# How the pages wrote a session's places with an included template before
# `session_places`.
PLACES_TEMPLATE = Template(
    '{% with state=session.state %}{% if state == "cancelled" %}<strong class="nhsuk-tag '
    'nhsuk-tag--red">Cancelled</strong>{% elif state == "finished" %}<strong class="nhsuk-tag '
    'nhsuk-tag--grey">Finished</strong>{% elif state == "closed" %}<strong class="nhsuk-tag '
    'nhsuk-tag--grey">Bookings closed</strong>{% elif state == "draft" %}<strong '
    'class="nhsuk-tag nhsuk-tag--grey">Draft: not published</strong>{% elif session.capacity '
    'is None %}<strong class="nhsuk-tag nhsuk-tag--green">Places available</strong>{% elif '
    'session.is_full %}<strong class="nhsuk-tag nhsuk-tag--orange">Full: join the waiting '
    'list</strong>{% else %}<strong class="nhsuk-tag nhsuk-tag--green">{{ session.places_left }}'
    " place{{ session.places_left|pluralize }} left</strong>{% endif %}{% endwith %}"
)


@pytest.mark.parametrize(
    ("state", "capacity", "confirmed"),
    [
        ("cancelled", 10, 0),
        ("finished", 10, 10),
        ("closed", 10, 3),
        ("draft", None, 0),
        ("open", None, 4),
        ("open", 10, 10),
        ("full", 10, 12),
        ("open", 10, 9),
        ("open", 10, 3),
    ],
)
def test_places_are_written_as_the_template_wrote_them(state, capacity, confirmed):
    session = SimpleNamespace(
        state=state,
        capacity=capacity,
        confirmed_count=confirmed,
        is_full=capacity is not None and confirmed >= capacity,
        places_left=None if capacity is None else max(capacity - confirmed, 0),
    )
    expected = PLACES_TEMPLATE.render(Context({"session": session}))
    assert session_places(session) == expected
