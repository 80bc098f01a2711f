"""Measure the calendar, a session's page and My bookings, through the real views.

    python manage.py bench_opportunities [--repeat 30] [--cold] [--json]

Signed in as a member of staff who has booked about twenty sessions (a seeded
person: see seed_opportunities), it asks each page of a fixed set (the
calendar bare, deep, and with each filter and all of them, a few sessions'
pages, My bookings, the feed and the home page) with Django's test client,
and reports p50 and p95 of the whole response in milliseconds and the SQL
statements each page made. The calendar keeps its cards and filters as HTML
in the pages cache, so by default the figures are a later reader's;
`--cold` keeps nothing there while timing, as for the first reader of each
page (the cache is switched off, never emptied).
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.feeds import BOOKINGS, feed_key
from accounts.models import User
from directory.models import Region, Topic
from learning_network.page_cache import not_kept
from opportunities.management.commands.seed_opportunities import SEED_EMAIL_DOMAIN
from opportunities.models import Booking, Session, SessionStatus

GOAL_P95_MS = 40.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def pages(user: User) -> list[tuple[str, str, dict]]:
    """The fixed set: (label, path, address parameters)."""
    london = Region.objects.get(slug="london").slug
    subject = Topic.objects.filter(parent__isnull=True).order_by("name").first()
    topic = Topic.objects.filter(parent__isnull=False).order_by("name").first()
    in_a_month = timezone.localdate() + timedelta(days=30)
    in_two = in_a_month + timedelta(days=30)
    dates = {
        "date_from_day": in_a_month.day,
        "date_from_month": in_a_month.month,
        "date_from_year": in_a_month.year,
        "date_to_day": in_two.day,
        "date_to_month": in_two.month,
        "date_to_year": in_two.year,
    }
    listed = Session.objects.listed().order_by("starts_at", "pk")
    busiest = (
        Session.objects.filter(status=SessionStatus.FULL).order_by("-waiting_count", "pk").first()
    )
    soonest = listed.first()
    cancelled = Session.objects.filter(status=SessionStatus.CANCELLED).order_by("pk").first()
    booked = Booking.objects.filter(user=user).order_by("pk").values_list("session_id", flat=True)
    chosen = [
        ("session: soonest", soonest),
        ("session: fullest waiting list", busiest),
        ("session: cancelled", cancelled),
    ]
    if booked:
        chosen.append(("session: one I booked", Session.objects.get(pk=booked[0])))
    return [
        ("calendar", "/opportunities/", {}),
        ("calendar: page 50", "/opportunities/", {"page": 50}),
        ("calendar: region", "/opportunities/", {"region": london}),
        ("calendar: kind", "/opportunities/", {"kind": "course_intake"}),
        ("calendar: subject", "/opportunities/", {"topic": subject.slug}),
        ("calendar: topic", "/opportunities/", {"topic": topic.slug}),
        (
            "calendar: audience + format",
            "/opportunities/",
            {"audience": "clinical", "format": "online"},
        ),
        ("calendar: dates", "/opportunities/", dates),
        (
            "calendar: every filter",
            "/opportunities/",
            {
                "region": london,
                "kind": "learning_centre_event",
                "topic": subject.slug,
                "audience": "managerial",
                "format": "in_person",
                **dates,
            },
        ),
        *((label, session.get_absolute_url(), {}) for label, session in chosen if session),
        ("my bookings", "/opportunities/mine/", {}),
        (
            "my bookings feed (.ics)",
            "/opportunities/mine/calendar.ics",
            {"key": feed_key(user, BOOKINGS)},
        ),
        ("home page (For you)", "/", {}),
    ]


class Command(BaseCommand):
    help = "Time the calendar, session pages and My bookings through the real views."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="Timed runs per page.")
        parser.add_argument("--json", action="store_true", help="JSON on standard output.")
        parser.add_argument(
            "--cold", action="store_true", help="Keep nothing in the pages cache while timing."
        )

    def handle(self, *args, repeat: int, cold: bool, **options) -> None:
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        logging.getLogger("axes").setLevel(logging.WARNING)
        logging.getLogger("django.request").setLevel(logging.ERROR)
        user = (
            User.objects.filter(email__endswith=f"@{SEED_EMAIL_DOMAIN}")
            .annotate(n=Count("bookings"))
            .order_by("-n", "pk")
            .first()
        )
        if user is None:
            raise CommandError("No seeded people: run seed_opportunities first.")
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        client = Client()
        client.force_login(user)
        with not_kept() if cold else nullcontext():
            rows = [self._measure(client, *page, repeat=repeat) for page in pages(user)]
        every = [ms for row in rows for ms in row.pop("_samples")]
        report = {
            "sessions": Session.objects.count(),
            "bookings": Booking.objects.count(),
            "reader_bookings": Booking.objects.filter(user=user).count(),
            "repeat": repeat,
            "cold": cold,
            "goal_p95_ms": GOAL_P95_MS,
            "overall": {
                "p50_ms": round(percentile(every, 0.5), 1),
                "p95_ms": round(percentile(every, 0.95), 1),
                "worst_page_p95_ms": max(row["p95_ms"] for row in rows),
            },
            "pages": rows,
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            self._table(report)

    def _measure(self, client: Client, label: str, path: str, params: dict, *, repeat: int):
        response = client.get(path, params)  # warm up, and check it works
        if response.status_code != 200:
            raise CommandError(f"{label}: {path} answered {response.status_code}")
        # Each request empties the connection's log as it starts (Django's
        # request_started signal), so the log must start empty to be counted.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(path, params)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path, params)
            samples.append((time.perf_counter() - started) * 1000)
        return {
            "page": label,
            "p50_ms": round(percentile(samples, 0.5), 1),
            "p95_ms": round(percentile(samples, 0.95), 1),
            "statements": len(captured.captured_queries),
            "_samples": samples,
        }

    def _table(self, report: dict) -> None:
        self.stdout.write(
            f"{report['sessions']:,} sessions, {report['bookings']:,} bookings; the reader has "
            f"{report['reader_bookings']} bookings; {report['repeat']} runs a page"
            f"{', nothing kept in the pages cache' if report['cold'] else ''}.\n"
        )
        self.stdout.write(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'SQL':>5}")
        self.stdout.write("-" * 57)
        for row in report["pages"]:
            self.stdout.write(
                f"{row['page']:<34}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['statements']:>5}"
            )
        overall = report["overall"]
        self.stdout.write("-" * 57)
        self.stdout.write(
            f"{'all pages':<34}{overall['p50_ms']:>9.1f}{overall['p95_ms']:>9.1f}"
            f"   (goal: p95 under {report['goal_p95_ms']:.0f} ms)"
        )
