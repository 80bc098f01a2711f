"""Practice examples submitted by people after they attended one of a
Learning Centre's events: the practice database's spread map counts their
organisations (`spread_sources`, declared in apps.py). The same rule as the
coordinator's yearly summary: created after the event ended, not a draft.

Written from the attendees outwards: each attendee's first attended end is
worked out once, then only their own examples are read. A correlated EXISTS
per example let the planner, without statistics on a freshly loaded
database, read the bookings again for every example.
"""

from django.db.models import Min
from django.db.models.expressions import RawSQL

from opportunities.models import Booking, BookingStatus, Kind
from practice_db.models import PracticeExample, Status


def first_attended_ends():
    """Each person who attended a Learning Centre event, with the end of their first."""
    return (
        Booking.objects.filter(
            status=BookingStatus.ATTENDED, session__kind=Kind.LEARNING_CENTRE_EVENT
        )
        .order_by()
        .values("user_id")
        .annotate(first_end=Min("session__ends_at"))
    )


def examples_written(topic_id: int | None = None) -> RawSQL:
    attendees, params = first_attended_ends().query.sql_with_params()
    # LATERAL: for each attendee, their own examples through the submitter
    # index (on the map's topic, when it has one: the topic column search
    # keeps holds each topic's subject too); the bookings are grouped once,
    # before any example is read. OFFSET 0 keeps the planner from folding it
    # back into a plain join.
    on_topic = " AND %s = ANY(example.facet_topic_ids)" if topic_id is not None else ""
    # Only the ORM's own SQL and our table's name are written in; values are parameters.
    return RawSQL(  # noqa: S611
        f"SELECT written.id FROM ({attendees}) attendee CROSS JOIN LATERAL"  # noqa: S608
        f" (SELECT example.id FROM {PracticeExample._meta.db_table} example"
        "  WHERE example.submitter_id = attendee.user_id"
        f"  AND example.created_at > attendee.first_end AND example.status <> %s{on_topic}"
        "  OFFSET 0) written",
        (*params, Status.DRAFT, *([topic_id] if topic_id is not None else [])),
    )
