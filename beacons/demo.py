"""Demo Beacons: one service at each demo organisation, across the themes,
years and regions, with visit requests in every state and open days past and
upcoming. Written to feel like the Beacon programme of 1999-2001, in our own
words. Rows are written straight into the tables (the history they get is
what the services would have written); used only by `load_demo_data`.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from beacons.models import (
    THEMES_1999,
    Beacon,
    BeaconExample,
    Offer,
    Theme,
    VisitEvent,
    VisitEventKind,
    VisitOutcome,
    VisitRequest,
    VisitStatus,
)
from beacons.services import sync_beacon_flags
from directory.models import Organisation
from opportunities.models import Booking, BookingStatus, Feedback, Kind, Session, SessionStatus
from practice_db.models import PracticeExample, Status

SEED = 2000
COORDINATOR_EMAIL = "coordinator@demo.nhs.uk"

# theme: (service name, what it does, what others can learn)
SERVICES: dict[str, list[tuple[str, str, str]]] = {
    Theme.PRIMARY_CARE: [
        (
            "Practice-based diabetes clinics",
            "Nurse-run diabetes clinics in every practice, with a shared register and an annual "
            "review for each patient, supported by a hospital consultant who visits monthly.",
            "How to set up a practice register, train practice nurses and share care with the "
            "hospital clinic without adding to waiting times.",
        ),
        (
            "Same-day telephone triage",
            "Every request for a same-day appointment is answered by a nurse or doctor by "
            "telephone first; about half are resolved on the call.",
            "The call script, the rota, and how the practice told its patients about the change.",
        ),
    ],
    Theme.MENTAL_HEALTH: [
        (
            "Home treatment and crisis team",
            "A team available day and night that treats people in a mental health crisis at "
            "home, so that fewer need a hospital bed.",
            "How the team was staffed from ward posts, and the agreements with police and GPs.",
        ),
        (
            "Early intervention in psychosis",
            "A service for young people in their first episode of psychosis, with one worker "
            "staying with them for three years.",
            "Caseloads, the family work, and how the team keeps young people in education.",
        ),
    ],
    Theme.WAITING: [
        (
            "Booked admissions for day surgery",
            "Patients choose the date of their operation at the outpatient appointment, so "
            "nobody waits without a date and cancellations fell by a third.",
            "The booking rules, how theatre lists are planned six weeks ahead, and the pitfalls.",
        ),
        (
            "Direct access endoscopy",
            "GPs refer straight to endoscopy by an agreed set of criteria, without an "
            "outpatient appointment first.",
            "The referral criteria, the nurse endoscopist role and the audit of appropriateness.",
        ),
    ],
    Theme.HEALTH_IMPROVEMENT: [
        (
            "Smoking cessation in pregnancy",
            "Midwives offer every pregnant smoker support to stop, with follow-up at home by a "
            "specialist adviser.",
            "How midwives were trained to raise the subject, and the quit rates measured.",
        ),
        (
            "Healthy schools partnership",
            "School nurses, teachers and the health authority run a programme on diet, "
            "activity and smoking in every secondary school of the district.",
            "Getting head teachers on board and measuring change in young people's habits.",
        ),
    ],
    Theme.HUMAN_RESOURCES: [
        (
            "Return to nursing programme",
            "A paid course and a supported placement bring back nurses who left the "
            "profession; most stay with the trust.",
            "The course content, the mentoring of returners and the flexible rotas offered.",
        ),
        (
            "Flexible working for ward staff",
            "Self-rostering on every ward lets staff choose their shifts within agreed "
            "rules; sickness absence and agency use both fell.",
            "The rostering rules, how disputes are settled and what the wards measured.",
        ),
    ],
    Theme.CANCER: [
        (
            "Two-week rapid access breast clinic",
            "One-stop clinic where women referred urgently are examined, scanned and given a "
            "result on the same day.",
            "Clinic templates, the radiology arrangements and how the two-week wait is met.",
        ),
        (
            "Lung cancer multidisciplinary team",
            "Every new patient is discussed by one team of chest physicians, surgeons, "
            "oncologists and specialist nurses within a week of diagnosis.",
            "Running the weekly meeting, the nurse key-worker role and the data collected.",
        ),
    ],
    Theme.OUTPATIENTS: [
        (
            "Nurse-led follow-up clinics",
            "Specialist nurses see patients for routine follow-up, freeing consultant time for "
            "new referrals.",
            "Which patients the nurses see, the protocols, and how waiting times for a first "
            "appointment fell.",
        ),
    ],
    Theme.CORONARY_HEART_DISEASE: [
        (
            "Rapid access chest pain clinic",
            "Patients with new chest pain are seen by a cardiologist within two weeks of GP "
            "referral, with an exercise test on the day.",
            "The referral form, the clinic's staffing and how GPs learned to use it.",
        ),
    ],
    Theme.STROKE: [
        (
            "Stroke unit and early supported discharge",
            "A dedicated stroke unit, with a community team that continues rehabilitation at "
            "home so that patients leave hospital sooner.",
            "The unit's daily routine, the discharge criteria and the community team's work.",
        ),
    ],
    Theme.PALLIATIVE_CARE: [
        (
            "Palliative care at home",
            "District nurses and a hospice team give care day and night so that people who "
            "wish to can die at home.",
            "The out-of-hours arrangements, the drugs kept in the home and the carers' support.",
        ),
    ],
    Theme.PERSONALITY_DISORDER: [
        (
            "Day therapy for personality disorder",
            "A therapeutic community that people attend on weekdays, in place of repeated "
            "admissions.",
            "How the community is run, staff supervision and the outcomes followed up.",
        ),
    ],
}

REQUESTER_ROLES = [
    "Two ward sisters and a bed manager",
    "A practice manager and two practice nurses",
    "The clinical director and a service manager",
    "Three community psychiatric nurses",
    "A consultant and the directorate manager",
]
WANTS = [
    "How you cut the wait for a first appointment, and what it cost.",
    "How the team was set up and how you measure what it achieves.",
    "The protocols you use and how staff were trained in them.",
    "How you got GPs and the hospital to agree the new way of working.",
]
TAKEAWAYS = [
    "We will start a nurse-led clinic on one day a week and audit it after three months.",
    "We will ask GPs to use a single referral form and book patients straight into slots.",
    "We will bring the multidisciplinary meeting forward to the day after diagnosis.",
    "We will try self-rostering on two wards and compare sickness absence.",
]


def _demo_user(email, name, title, organisation, password) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            full_name=name,
            job_title=title,
            organisation=organisation,
            email_verified_at=timezone.now(),
            password=password,
        )
    return user


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load() -> dict[str, int]:
    """Create the demo Beacons when there are none; otherwise change nothing."""
    if Beacon.objects.exists():
        return {"beacons": 0}
    rng = random.Random(SEED)  # noqa: S311 (repeatable demo data, not security)
    password = make_password(DEMO_PASSWORD)
    from django.contrib.auth.models import Group

    coordinator_group = Group.objects.get(name=Role.COORDINATOR.value)
    national = User.objects.filter(email="national.moderator@demo.nhs.uk").first()
    main_coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    staff = User.objects.filter(email="staff@demo.nhs.uk").first()

    catalogue = [(theme, service) for theme, services in SERVICES.items() for service in services]
    beacons: list[Beacon] = []
    organisations = list(Organisation.objects.select_related("region").order_by("code"))
    for n, organisation in enumerate(organisations):
        theme, (name, does, learn) = catalogue[n % len(catalogue)]
        year = 1999 if theme in THEMES_1999 and n % 3 != 2 else rng.choice([2000, 2001])
        if organisation.code == "SW001" and main_coordinator is not None:
            coordinator = main_coordinator
        else:
            coordinator = _demo_user(
                f"beacon.{organisation.code.lower()}@demo.nhs.uk",
                rng.choice(["Jane", "Mark", "Priya", "Owen", "Ruth", "Imran", "Claire"])
                + " "
                + rng.choice(["Walker", "Singh", "Morgan", "Hall", "Evans", "Khan", "Byrne"]),
                "Beacon coordinator",
                organisation,
                password,
            )
            coordinator.groups.add(coordinator_group)
        offers = [Offer.VISITS, Offer.OPEN_DAYS] + rng.sample(
            [Offer.SECONDMENTS, Offer.MENTORING, Offer.WRITTEN_MATERIALS], k=rng.randint(0, 3)
        )
        beacons.append(
            Beacon(
                organisation=organisation,
                service_name=name,
                theme=theme,
                year=year,
                coordinator=coordinator,
                what_it_does=does,
                what_others_can_learn=learn,
                offers=sorted(offers),
                designated_by=national,
                designated_at=_aware(date(year, 4, 1), 10),
                designation_ended_on=date(2002, 3, 31) if n % 11 == 10 else None,
                designation_ended_reason="The designation ran for its term."
                if n % 11 == 10
                else "",
            )
        )
    Beacon.objects.bulk_create(beacons)
    beacons = list(Beacon.objects.select_related("organisation", "coordinator").order_by("pk"))

    # The Beacon services already in the practice database, linked to their Beacon.
    by_org = {b.organisation_id: b for b in beacons}
    linked = []
    for example in PracticeExample.objects.filter(status=Status.PUBLISHED, is_beacon=True):
        beacon = by_org.get(example.organisation_id)
        if beacon is not None:
            linked.append(
                BeaconExample(
                    beacon=beacon, example=example, linked_by=national or beacon.coordinator
                )
            )
    BeaconExample.objects.bulk_create(linked)
    sync_beacon_flags(
        example_ids=PracticeExample.objects.filter(is_beacon=True).values_list("pk", flat=True)
    )

    requesters = list(User.objects.filter(email__startswith="moderator.").order_by("pk")[:4])
    requesters = requesters or [b.coordinator for b in beacons[:1]]
    today = timezone.localdate()
    now = timezone.now()
    visits = 0
    states = [
        VisitStatus.REQUESTED,
        VisitStatus.REQUESTED,
        VisitStatus.ACKNOWLEDGED,
        VisitStatus.CONFIRMED,
        VisitStatus.DECLINED,
        VisitStatus.WITHDRAWN,
        VisitStatus.COMPLETED,
    ]
    for n, beacon in enumerate(b for b in beacons if b.is_designated):
        for m, status in enumerate(states if n < 12 else states[n % len(states) :][:2]):
            # staff@demo.nhs.uk asks the first Beacon once in each state, and a few others.
            mine = staff is not None and (n == 0 or (n % 9 == 4 and m == 0))
            requester = staff if mine else requesters[(n + m) % len(requesters)]
            if requester.pk == beacon.coordinator_id:
                continue
            days_ago = {VisitStatus.REQUESTED: 1 + 5 * (m % 2)}.get(status, 20 + m)
            requested_at = now - timedelta(days=days_ago)
            visit = VisitRequest(
                beacon=beacon,
                requester=requester,
                party_size=rng.randint(1, 6),
                roles=rng.choice(REQUESTER_ROLES),
                wants_to_learn=rng.choice(WANTS),
                preferred_dates=[today + timedelta(days=d) for d in (21, 28, 35)],
                status=status,
                requested_at=requested_at,
            )
            if status != VisitStatus.REQUESTED:
                visit.acknowledged_at = requested_at + timedelta(days=1)
            if status in (VisitStatus.CONFIRMED, VisitStatus.COMPLETED):
                day = (
                    today + timedelta(days=24)
                    if status == VisitStatus.CONFIRMED
                    else today - timedelta(days=7)
                )
                visit.visit_starts_at = _aware(day, 10)
                visit.visit_ends_at = _aware(day, 15)
                visit.sequence = 1
            if status == VisitStatus.DECLINED:
                visit.decline_reason = (
                    "We have no capacity for visits this quarter: please book our open day instead."
                )
            visit.save()
            visits += 1
            VisitEvent.objects.create(
                visit=visit,
                kind=VisitEventKind.REQUESTED,
                actor=requester,
                to_status="requested",
                at=requested_at,
            )
            if status != VisitStatus.REQUESTED:
                kind = {
                    VisitStatus.ACKNOWLEDGED: VisitEventKind.ACKNOWLEDGED,
                    VisitStatus.CONFIRMED: VisitEventKind.CONFIRMED,
                    VisitStatus.DECLINED: VisitEventKind.DECLINED,
                    VisitStatus.WITHDRAWN: VisitEventKind.WITHDRAWN,
                    VisitStatus.COMPLETED: VisitEventKind.COMPLETED,
                }[status]
                actor = requester if status == VisitStatus.WITHDRAWN else beacon.coordinator
                VisitEvent.objects.create(
                    visit=visit,
                    kind=kind,
                    actor=actor,
                    from_status="requested",
                    to_status=status,
                    comment=visit.decline_reason,
                    at=requested_at + timedelta(days=1),
                )
            if status == VisitStatus.COMPLETED:
                VisitOutcome.objects.create(
                    visit=visit, will_change=rng.choice(TAKEAWAYS), may_share=n % 2 == 0
                )

    # Open days: one past (with attendees and what they took away) and one upcoming a Beacon.
    beacon_type = ContentType.objects.get_for_model(Beacon)
    attendees = list(User.objects.exclude(email__startswith="beacon.").order_by("pk")[:8])
    open_days = 0
    for n, beacon in enumerate(b for b in beacons if Offer.OPEN_DAYS in b.offers):
        for past in (True, False):
            if past is False and not beacon.is_designated:
                continue
            day = today - timedelta(days=30 + n) if past else today + timedelta(days=14 + n)
            capacity = 4 if n % 5 == 0 else 20
            session = Session.objects.create(
                kind=Kind.BEACON_OPEN_DAY,
                title=f"Open day: {beacon.service_name}",
                description="Meet the team and see the service at work. "
                + beacon.what_others_can_learn,
                venue=f"Education centre, {beacon.organisation.name}",
                starts_at=_aware(day, 10),
                ends_at=_aware(day, 16),
                booking_deadline=_aware(day - timedelta(days=1), 17),
                region_id=beacon.organisation.region_id,
                organisation_id=beacon.organisation_id,
                capacity=capacity,
                status=SessionStatus.OPEN,
                owner_type=beacon_type,
                owner_id=beacon.pk,
            )
            open_days += 1
            turn = n % len(attendees)
            people = [
                a for a in attendees[turn:] + attendees[:turn] if a.pk != beacon.coordinator_id
            ][: (3 if past else 2)]
            for person in people:
                booking = Booking.objects.create(
                    session=session,
                    user=person,
                    status=BookingStatus.ATTENDED if past else BookingStatus.CONFIRMED,
                    confirmed_at=session.starts_at - timedelta(days=10),
                )
                if past:
                    Feedback.objects.create(
                        booking=booking,
                        will_change=rng.choice(TAKEAWAYS),
                        usefulness=rng.randint(3, 5),
                        may_share=rng.random() < 0.7,
                    )
            Session.objects.filter(pk=session.pk).update(
                confirmed_count=len(people),
                status=SessionStatus.FULL if len(people) >= capacity else SessionStatus.OPEN,
            )
    return {"beacons": len(beacons), "visit requests": visits, "open days": open_days}
