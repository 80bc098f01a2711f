"""Practice examples submitted by people after they attended one of a
Learning Centre's events: the practice database's spread map counts their
organisations (`spread_sources`, declared in apps.py). The same rule as the
coordinator's yearly summary: created after the event ended, not a draft."""

from django.db.models import Exists, OuterRef

from opportunities.models import Booking, BookingStatus, Kind
from practice_db.models import PracticeExample, Status


def examples_written():
    attended = Booking.objects.filter(
        status=BookingStatus.ATTENDED, session__kind=Kind.LEARNING_CENTRE_EVENT
    )
    after_an_event = attended.filter(
        user_id=OuterRef("submitter_id"), session__ends_at__lt=OuterRef("created_at")
    )
    # The attendees first (few), so only their examples are looked at.
    return (
        PracticeExample.objects.exclude(status=Status.DRAFT)
        .filter(submitter_id__in=attended.values("user_id"))
        .filter(Exists(after_an_event))
        .values("pk")
    )
