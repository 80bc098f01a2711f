"""Fill the database with sessions and bookings, for measuring the calendar.

    python manage.py seed_opportunities --sessions 20000 --bookings 200000 --seed 1

Deterministic for a seed, relative to the day it runs (sessions from a month
ago to a year ahead, so the calendar has something to show): the same seed
gives the same titles, places, organisations, topics, people and bookings.
Rows go in with bulk inserts. Each session's confirmed and waiting counts
match its booking rows, waiting positions run 1, 2, 3..., and nobody holds
two active bookings on one session, as the services would leave them.

Until the apps that own sessions exist, each seeded session is owned by its
organisation (a directory Organisation), as in the engine's tests. The
people who book are made too (`seed.person.N@seed.nhs.uk`, unable to sign
in). `--replace` first deletes every session, booking and seeded person.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from directory.models import Organisation, Topic
from opportunities.models import (
    Audience,
    Booking,
    BookingStatus,
    Format,
    Kind,
    Session,
    SessionStatus,
)

SEED_EMAIL_DOMAIN = "seed.nhs.uk"
BATCH = 5000
SUBJECTS = [
    "Reducing emergency admissions",
    "Nurse-led discharge",
    "Cutting waits for cataract surgery",
    "Booked outpatient appointments",
    "Rapid access chest pain clinics",
    "Stroke units that work",
    "Intermediate care at home",
    "Primary care mental health teams",
    "Palliative care out of hours",
    "Flexible working for nurses",
    "Smoking cessation in pregnancy",
    "Diabetes care in general practice",
    "Pre-operative assessment by nurses",
    "Fast-track cancer referrals",
    "Day surgery first",
    "Managing winter pressures",
]
FORMATS_OF_DAY = ["open day", "workshop", "masterclass", "visit", "study day", "seminar"]


def people_needed(bookings: int, sessions: int) -> int:
    # Each person books about twenty sessions; never fewer people than the
    # largest session needs.
    return max(bookings // 20, 200)


class Command(BaseCommand):
    help = "Make sessions and bookings for measuring the calendar (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, default=20_000)
        parser.add_argument("--bookings", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace", action="store_true", help="Delete every session and seeded person first."
        )

    def handle(self, *args, sessions: int, bookings: int, seed: int, replace: bool, **options):
        if sessions < 1 or bookings < 0:
            raise CommandError("Give at least one session and no negative number of bookings.")
        if Session.objects.exists():
            if not replace:
                raise CommandError("There are sessions already: use --replace to start again.")
            self._delete()
        organisations = list(Organisation.objects.order_by("pk").values_list("pk", "region_id"))
        topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
        if not organisations:
            raise CommandError("No organisations: run the migrations and load_demo_data first.")
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        with transaction.atomic():
            user_ids = self._people(people_needed(bookings, sessions), organisations, rng)
            session_rows = self._sessions(sessions, organisations, seed, rng)
            self._topics(session_rows, topics, rng)
            made = self._bookings(session_rows, user_ids, bookings, rng)
        # The planner's statistics, or it takes the bulk-loaded tables for empty
        # (the calendar then sorts every session instead of walking its index).
        with connection.cursor() as cursor:
            for model in (Session, Session.topics.through, Booking, User):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.stdout.write(
            f"Seeded {len(session_rows):,} sessions, {made:,} bookings and {len(user_ids):,} "
            f"people in {time.monotonic() - started:.1f} s (seed {seed})."
        )

    def _delete(self) -> None:
        with transaction.atomic():
            Booking.objects.all().delete()
            Session.objects.all().delete()
            User.objects.filter(email__endswith=f"@{SEED_EMAIL_DOMAIN}").delete()

    def _people(self, count: int, organisations, rng: random.Random) -> list[int]:
        existing = User.objects.filter(email__endswith=f"@{SEED_EMAIL_DOMAIN}").count()
        rows = [
            User(
                email=f"seed.person.{n}@{SEED_EMAIL_DOMAIN}",
                full_name=f"Seed Person {n}",
                job_title=rng.choice(["Ward manager", "Practice nurse", "GP", "Service manager"]),
                organisation_id=rng.choice(organisations)[0],
                password="!",  # noqa: S106 - unusable: seeded people cannot sign in
                feed_nonce=f"seed{seed_nonce(n)}",
            )
            for n in range(existing, count)
        ]
        User.objects.bulk_create(rows, batch_size=BATCH)
        return list(
            User.objects.filter(email__endswith=f"@{SEED_EMAIL_DOMAIN}")
            .order_by("pk")
            .values_list("pk", flat=True)[:count]
        )

    def _sessions(self, count: int, organisations, seed: int, rng: random.Random) -> list[Session]:
        owner_type = ContentType.objects.get_for_model(Organisation)
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        kinds = list(Kind.values)
        rows = []
        for n in range(count):
            organisation_id, region_id = rng.choice(organisations)
            day = today + timedelta(days=rng.randint(-30, 365))
            starts_at = timezone.make_aware(
                datetime.combine(day.date(), datetime.min.time()).replace(
                    hour=rng.choice([9, 10, 13, 14]), minute=rng.choice([0, 30])
                )
            )
            ends_at = starts_at + timedelta(hours=rng.choice([2, 3, 6]))
            session_format = rng.choices(
                [Format.IN_PERSON, Format.ONLINE, Format.BOTH], weights=[6, 3, 1]
            )[0]
            status = rng.choices(
                [SessionStatus.OPEN, SessionStatus.CANCELLED, SessionStatus.DRAFT],
                weights=[92, 4, 4],
            )[0]
            capacity = rng.choice([None, 8, 12, 15, 20, 25, 30, 40, 60])
            rows.append(
                Session(
                    kind=rng.choice(kinds),
                    title=f"{rng.choice(SUBJECTS)}: {rng.choice(FORMATS_OF_DAY)} {n + 1}",
                    description="A day with the team that made the change: what they did, "
                    "what it cost and what they would do differently.",
                    format=session_format,
                    venue="" if session_format == Format.ONLINE else "Education Centre",
                    address="" if session_format == Format.ONLINE else "1 Hospital Road",
                    joining_link="https://meet.example.nhs.uk/seed"
                    if session_format != Format.IN_PERSON
                    else "",
                    starts_at=starts_at,
                    ends_at=ends_at,
                    booking_deadline=starts_at - timedelta(days=rng.choice([0, 1, 2, 7])),
                    region_id=region_id,
                    organisation_id=organisation_id,
                    audience=rng.choice(Audience.values),
                    capacity=capacity,
                    status=status,
                    cancellation_reason="The speakers cannot come."
                    if status == SessionStatus.CANCELLED
                    else "",
                    owner_type=owner_type,
                    owner_id=organisation_id,
                    calendar_uid=f"seed-{seed}-{n + 1}@learning-network.nhs.uk",
                    created_at=starts_at - timedelta(days=60),
                )
            )
        Session.objects.bulk_create(rows, batch_size=BATCH)
        return rows

    def _topics(self, sessions: list[Session], topics: list[int], rng: random.Random) -> None:
        if not topics:
            return
        through = Session.topics.through
        rows = [
            through(session_id=session.pk, topic_id=topic_id)
            for session in sessions
            for topic_id in rng.sample(topics, k=min(len(topics), rng.randint(1, 3)))
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)

    def _bookings(
        self, sessions: list[Session], user_ids: list[int], total: int, rng: random.Random
    ) -> int:
        """Share `total` bookings among the published sessions, filling places
        first and then the waiting lists; counts are set to match the rows."""
        published = [s for s in sessions if s.status != SessionStatus.DRAFT]
        weights = [rng.random() ** 2 for _ in published]
        share = sum(weights) or 1.0
        wanted = [int(total * w / share) for w in weights]
        for i in rng.sample(range(len(published)), k=min(len(published), total - sum(wanted))):
            wanted[i] += 1
        rows: list[Booking] = []
        now = timezone.now()
        for session, count in zip(published, wanted, strict=True):
            count = min(count, len(user_ids))
            people = rng.sample(user_ids, k=count)
            place_limit = count if session.capacity is None else min(count, session.capacity)
            finished = session.ends_at <= now
            position = 0
            for index, user_id in enumerate(people):
                booked_at = session.created_at + timedelta(minutes=index + 1)
                if index < place_limit:
                    status = BookingStatus.CONFIRMED
                    if finished and session.status != SessionStatus.CANCELLED:
                        status = rng.choices(
                            [BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND], weights=[9, 1]
                        )[0]
                    rows.append(
                        Booking(
                            session_id=session.pk,
                            user_id=user_id,
                            status=status,
                            booked_at=booked_at,
                            confirmed_at=booked_at,
                        )
                    )
                else:
                    position += 1
                    rows.append(
                        Booking(
                            session_id=session.pk,
                            user_id=user_id,
                            status=BookingStatus.WAITING,
                            waiting_position=position,
                            booked_at=booked_at,
                        )
                    )
            session.confirmed_count = place_limit
            session.waiting_count = position
            if session.status == SessionStatus.OPEN and session.is_full:
                session.status = SessionStatus.FULL
        Booking.objects.bulk_create(rows, batch_size=BATCH)
        Session.objects.bulk_update(
            published, ["confirmed_count", "waiting_count", "status"], batch_size=BATCH
        )
        return len(rows)


def seed_nonce(n: int) -> str:
    return f"{n:028d}"
