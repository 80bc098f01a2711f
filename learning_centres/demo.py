"""Demo Learning Centres: seven of the eight regions have one, with past and
upcoming events of every kind. Used only by the `load_demo_data` command.

London also has the centre it had before (replaced in the demo's past), so
its page shows past events labelled with the centre that ran them. South
West has none, so the regions page shows who to ask there.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from directory.models import Organisation, Region, Topic
from learning_centres import services
from learning_centres.models import Basis, EventType, LearningCentre, RegionalOffice
from opportunities.models import (
    Booking,
    BookingStatus,
    Feedback,
    MeetingAttendance,
    Session,
)

B = Basis

# region slug -> (host code, coordinator name, basis, basis detail, known for, offers)
CENTRES: dict[str, tuple[str, str, str, str, str, str]] = {
    "northern-and-yorkshire": (
        "NY005",
        "Maureen Dobson",
        B.PEER_LEARNING,
        "Its ward teams have run peer-support groups for crisis workers since 1997, and now "
        "help other trusts start their own.",
        "Home treatment for people in mental health crisis, and peer groups that keep "
        "crisis teams going.",
        "Shadowing with the crisis home treatment team; action learning sets for team leaders; "
        "peer review visits to your own service.",
    ),
    "trent": (
        "TR001",
        "Graham Whitworth",
        B.SIGNIFICANT_CHANGE,
        "It moved every routine surgical admission to booked dates with nurse-led "
        "pre-operative assessment, and cancelled operations fell by two thirds.",
        "Booked admissions and pre-operative assessment clinics.",
        "Workshops on setting up booking; study days for pre-assessment nurses; a day "
        "shadowing the booking office.",
    ),
    "west-midlands": (
        "WM003",
        "Asha Mistry",
        B.SIGNIFICANT_CHANGE,
        "Nurse-led minor illness clinics in every practice freed a fifth of GP appointments.",
        "Nurse-led minor illness clinics across a primary care group.",
        "Workshops for practice teams; shadowing a nurse practitioner; peer review of your "
        "own appointment system.",
    ),
    "north-west": (
        "NW001",
        "Declan Reilly",
        B.SIGNIFICANT_CHANGE,
        "A bed management team and a daily discharge round ended trolley waits over "
        "twelve hours in its accident and emergency department.",
        "Managing emergency admissions through the winter.",
        "Study days on bed management; shadowing the site team; peer review visits.",
    ),
    "eastern": (
        "EA004",
        "Hilary Gooding",
        B.PEER_LEARNING,
        "Its action learning sets for ward sisters have run since 1996, with facilitators "
        "trained in-house.",
        "Action learning for clinical leaders.",
        "Action learning sets for ward sisters and charge nurses; workshops on facilitation.",
    ),
    "london": (
        "LO003",
        "Kwame Asante",
        B.PEER_LEARNING,
        "Its practices meet monthly to review each other's referrals, and share what they "
        "find with neighbouring groups.",
        "Peer review of referrals between general practices.",
        "Peer review visits between practices; workshops on referral audit; study days.",
    ),
    "south-east": (
        "SE001",
        "Ruth Pemberton",
        B.SIGNIFICANT_CHANGE,
        "A dedicated stroke unit with early supported discharge halved the time its "
        "patients spend in hospital.",
        "Stroke care from admission to home.",
        "Shadowing on the stroke unit; study days for therapists; workshops for managers.",
    ),
}

# London's centre before the current one: replaced, its past events kept.
EARLIER_LONDON = (
    "LO004",
    "Bernadette Okoye",
    B.SIGNIFICANT_CHANGE,
    "It brought community mental health teams and social services under one manager "
    "in each locality.",
    "Joint mental health and social care teams.",
    "",
)

OFFICES: dict[str, tuple[str, str]] = {
    "northern-and-yorkshire": ("Alan Metcalfe", "0113 496 0001"),
    "trent": ("Susan Clay", "0115 496 0002"),
    "west-midlands": ("Harjit Dhillon", "0121 496 0003"),
    "north-west": ("Patricia Quinn", "0161 496 0004"),
    "eastern": ("Geoffrey Lamb", "01223 496 005"),
    "london": ("Funmi Adebayo", "020 7946 0006"),
    "south-east": ("Iain Fraser", "01483 496 007"),
    "south-west": ("Jenny Polglase", "01392 496 008"),
}

TITLES: dict[str, list[str]] = {
    EventType.WORKSHOP: ["Redesigning the patient's journey: a workshop", "Mapping your service"],
    EventType.ACTION_LEARNING_SET: [
        "Action learning set for service leads",
        "Action learning set for ward sisters",
    ],
    EventType.STUDY_DAY: ["Study day: what the evidence says", "Study day: measuring change"],
    EventType.SHADOWING: ["Shadowing placement with the service team", "A day on the unit"],
    EventType.PEER_REVIEW_VISIT: ["Peer review visit to your service", "Peer review exchange"],
}

LEARNERS = ("Anne", "Brian", "Chloe", "Dev", "Esther", "Femi")
SURNAMES = ("Ashworth", "Bell", "Carter", "Dutta", "Evans", "Foster")
TAKEAWAYS = [
    "We will start a daily discharge huddle on two wards and count delays for a month.",
    "Nurse-led assessment for our day cases, with a checklist from this visit.",
    "Our team leaders will meet as a set every six weeks from the spring.",
    "Book follow-up appointments before the patient leaves the clinic.",
    "Ask a neighbouring practice to review a month of our referrals.",
]


def demo_sign_ins() -> list[tuple[str, str]]:
    regions = dict(Region.objects.values_list("slug", "name"))
    return [
        (f"centre.{slug}@demo.nhs.uk", f"Learning Centre coordinator, {regions[slug]}")
        for slug in CENTRES
    ]


def _person(email: str, name: str, title: str, organisation: Organisation, password: str):
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    return (
        User.objects.create(
            email=email,
            password=password,
            full_name=name,
            job_title=title,
            organisation=organisation,
            email_verified_at=timezone.now(),
        ),
        True,
    )


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _make_event(rng, centre, coordinator, event_type, title, day, topics) -> Session:
    meetings = []
    starts_at = ends_at = None
    if event_type == EventType.ACTION_LEARNING_SET:
        meetings = [
            (_at(day + timedelta(weeks=3 * n), 13), _at(day + timedelta(weeks=3 * n), 16))
            for n in range(4)
        ]
    elif event_type == EventType.SHADOWING:
        starts_at, ends_at = _at(day, 9), _at(day + timedelta(days=1), 17)
    else:
        starts_at, ends_at = _at(day, 9), _at(day, 16 if event_type == EventType.STUDY_DAY else 13)
    return services.create_event(
        actor=coordinator,
        centre_id=centre.pk,
        event_type=event_type,
        title=title,
        description=f"{centre.known_for} A hands-on {EventType(event_type).label.lower()} with "
        "the people who made the change.",
        venue=f"Education Centre, {centre.organisation.name}",
        address="",
        starts_at=starts_at,
        ends_at=ends_at,
        meetings=meetings,
        capacity=rng.choice([6, 8, 12, 20]) if event_type != EventType.STUDY_DAY else None,
        topic_ids=[topic.pk for topic in rng.sample(topics, 2)],
        publish=True,
    )


def _book(rng, session: Session, learners: list[User], *, past: bool) -> int:
    """Places on a session straight in the tables (the demo's past cannot be
    booked through the engine, which refuses what has started), counts in step."""
    room = session.capacity or 10
    chosen = rng.sample(learners, min(len(learners), rng.randint(2, min(room, 6))))
    meetings = list(session.meetings.all())
    for user in chosen:
        came = past and rng.random() < 0.8
        status = (
            (BookingStatus.ATTENDED if came else BookingStatus.DID_NOT_ATTEND)
            if past
            else BookingStatus.CONFIRMED
        )
        booking = Booking.objects.create(
            session=session,
            user=user,
            status=status,
            booked_at=session.starts_at - timedelta(days=20),
            confirmed_at=session.starts_at - timedelta(days=20),
        )
        if past:
            for meeting in meetings:
                MeetingAttendance.objects.create(
                    booking=booking, meeting=meeting, attended=came and rng.random() < 0.85
                )
        if came and rng.random() < 0.7:
            Feedback.objects.create(
                booking=booking,
                will_change=rng.choice(TAKEAWAYS),
                usefulness=rng.choice([3, 4, 4, 5, 5]),
                may_share=rng.random() < 0.6,
                submitted_at=session.ends_at + timedelta(days=2),
            )
    Session.objects.filter(pk=session.pk).update(confirmed_count=len(chosen))
    return len(chosen)


def _designate(admin, region, spec, password, groups, rng, *, replace=False, earlier=False):
    code, name, basis, detail, known_for, offers = spec
    organisation = Organisation.objects.get(code=code)
    first = name.split()[0].lower()
    coordinator, _ = _person(
        f"{first}.{code.lower()}@demo.nhs.uk" if earlier else f"centre.{region.slug}@demo.nhs.uk",
        name,
        "Learning Centre coordinator",
        organisation,
        password,
    )
    coordinator.groups.add(groups[Role.COORDINATOR.value])
    return services.designate_centre(
        actor=admin,
        region_id=region.pk,
        organisation_id=organisation.pk,
        basis=basis,
        basis_detail=detail,
        known_for=known_for,
        offers=offers,
        coordinator=coordinator,
        contact_email=f"learning.centre@{code.lower()}.nhs.uk",
        contact_phone=f"0300 555 {rng.randint(1000, 9999)}",
        replace=replace,
    )


@transaction.atomic
def load() -> dict[str, int]:
    """Create what is missing: a region that has a centre is left alone."""
    rng = random.Random(1999)  # noqa: S311 (demo text, not secrets)
    made = {"learning centres": 0, "learning centre events": 0, "regional offices": 0}
    regions = {region.slug: region for region in Region.objects.all()}
    for slug, (contact, phone) in OFFICES.items():
        _, created = RegionalOffice.objects.get_or_create(
            region=regions[slug],
            defaults={
                "contact_name": contact,
                "email": f"learning.centres@{slug}.ro.nhs.uk",
                "phone": phone,
            },
        )
        made["regional offices"] += created
    admin = User.objects.get(email="admin@demo.nhs.uk")
    groups = {group.name: group for group in Group.objects.all()}
    password = make_password(DEMO_PASSWORD)
    topics = list(Topic.objects.top_level())
    today = timezone.localdate()
    for slug, spec in CENTRES.items():
        region = regions[slug]
        if LearningCentre.objects.filter(region=region).exists():
            continue
        learners = [
            _person(
                f"learner.{slug}.{n}@demo.nhs.uk",
                f"{first} {SURNAMES[(n + len(slug)) % len(SURNAMES)]}",
                "Service improvement lead",
                rng.choice(list(Organisation.objects.filter(region=region))),
                password,
            )[0]
            for n, first in enumerate(LEARNERS)
        ]
        learners.append(User.objects.get(email=f"contributor.{slug}@demo.nhs.uk"))
        if slug == "london":
            earlier = _designate(admin, region, EARLIER_LONDON, password, groups, rng, earlier=True)
            LearningCentre.objects.filter(pk=earlier.pk).update(
                designated_at=timezone.now() - timedelta(days=900)
            )
            made["learning centres"] += 1
            for n, event_type in enumerate((EventType.WORKSHOP, EventType.STUDY_DAY)):
                day = today - timedelta(days=400 + 60 * n)
                title = TITLES[event_type][1]
                session = _make_event(
                    rng, earlier, earlier.coordinator, event_type, title, day, topics
                )
                _book(rng, session, learners, past=True)
                made["learning centre events"] += 1
            centre = _designate(admin, region, spec, password, groups, rng, replace=True)
            LearningCentre.objects.filter(pk=earlier.pk).update(
                replaced_at=timezone.now() - timedelta(days=300)
            )
        else:
            centre = _designate(admin, region, spec, password, groups, rng)
        LearningCentre.objects.filter(pk=centre.pk).update(
            designated_at=timezone.now() - timedelta(days=300)
        )
        made["learning centres"] += 1
        for event_type in EventType.values:
            # One past (its last meeting well before today) and one upcoming.
            for which, day in (
                (0, today - timedelta(days=rng.randint(100, 200))),
                (1, today + timedelta(days=rng.randint(14, 70))),
            ):
                title = TITLES[event_type][which]
                session = _make_event(
                    rng, centre, centre.coordinator, event_type, title, day, topics
                )
                _book(rng, session, learners, past=day < today)
                made["learning centre events"] += 1
    return made
