# ruff: noqa: E501 - the course table reads best one course a line
"""Demo management courses: 30 courses from eight providers, with intakes past
and to come, attendees' ratings, interest, and each region's training
contacts. Used only by `load_demo_data`; running it again makes nothing new.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Role, User
from directory.models import Organisation, Region, Topic
from opportunities import services as engine
from opportunities.models import Booking, BookingStatus, Format, Kind, Session
from practice_db.models import PracticeExample, ResearchProject, Status
from training.models import Course, Interest, Level, Provider, Rating, TrainingContact, WhoPays
from training.permissions import forget_managed_courses
from training.search import index_course

DEMO_PASSWORD = "learning-network-demo"  # noqa: S105 (demo data, never in production)
L, F_ = Level, Format

# (organisation code, runs courses as the region's Learning Centre, coordinator email, name)
PROVIDERS = [
    ("LO002", False, "coordinator@demo.nhs.uk", ""),
    ("TR001", True, "coordinator@demo.nhs.uk", ""),
    ("NY001", False, "training.northern-and-yorkshire@demo.nhs.uk", "Hannah Whitby"),
    ("WM002", True, "training.west-midlands@demo.nhs.uk", "Rajesh Patel"),
    ("NW001", False, "training.north-west@demo.nhs.uk", "Siobhan Kerr"),
    ("EA003", False, "training.eastern@demo.nhs.uk", "Martin Ashby"),
    ("SE001", True, "training.south-east@demo.nhs.uk", "Grace Olowe"),
    ("SW002", False, "training.south-west@demo.nhs.uk", "Tom Penrose"),
]

# (title, level, format, duration, cost, who pays, open to clinical staff, topic names, summary)
COURSES = [
    (
        "Managing a ward budget",
        L.INTRODUCTORY,
        F_.IN_PERSON,
        "Two days",
        0,
        WhoPays.FUNDED,
        True,
        ["Management development"],
        "Reading a budget statement, spotting overspend early and making the case for money, for sisters and charge nurses who hold a budget for the first time.",
    ),
    (
        "First steps in managing people",
        L.INTRODUCTORY,
        F_.IN_PERSON,
        "Three days over six weeks",
        180,
        WhoPays.EMPLOYER,
        True,
        ["Human resources", "Management development"],
        "Appraisal, sickness absence and difficult conversations, for clinicians who have just taken on a team.",
    ),
    (
        "Leading a clinical team through change",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Four days over three months",
        450,
        WhoPays.EMPLOYER,
        True,
        ["Leadership"],
        "How to plan, explain and sustain a change in how a clinical team works, with an action learning set between the days.",
    ),
    (
        "Clinical governance for team leaders",
        L.INTRODUCTORY,
        F_.ONLINE,
        "Six weekly sessions",
        0,
        WhoPays.FREE,
        True,
        ["Clinical governance", "Clinical audit"],
        "What clinical governance asks of a team leader, how to run an audit cycle and how to report a risk.",
    ),
    (
        "Managing waiting lists",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Two days",
        220,
        WhoPays.EMPLOYER,
        True,
        ["Discharge and bed management"],
        "Validating lists, pooling referrals and booking patients, from trusts that cut their waits.",
    ),
    (
        "Understanding NHS finance",
        L.INTRODUCTORY,
        F_.ONLINE,
        "Four evening sessions",
        60,
        WhoPays.PARTICIPANT,
        True,
        ["Management development"],
        "Where NHS money comes from, how trusts and primary care groups spend it, and what the words in a finance report mean.",
    ),
    (
        "Strategic planning for directors",
        L.SENIOR,
        F_.IN_PERSON,
        "Five days residential",
        2400,
        WhoPays.EMPLOYER,
        False,
        ["Leadership"],
        "Health improvement programmes, service agreements and long-term planning with partners, for executive directors.",
    ),
    (
        "Recruiting and keeping nurses",
        L.PRACTITIONER,
        F_.BOTH,
        "Two days",
        150,
        WhoPays.EMPLOYER,
        True,
        ["Recruitment and retention", "Human resources"],
        "Flexible rostering, return-to-practice schemes and exit interviews that work.",
    ),
    (
        "Managing in primary care groups",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Three days",
        300,
        WhoPays.FUNDED,
        True,
        ["Primary care groups", "General practice"],
        "Commissioning, prescribing budgets and working with practices, for board members and their managers.",
    ),
    (
        "Project management for service improvement",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Three days over two months",
        375,
        WhoPays.EMPLOYER,
        True,
        ["Management development"],
        "Scoping, planning and tracking an improvement project, with the tools practice examples used.",
    ),
    (
        "Leading mental health services",
        L.SENIOR,
        F_.IN_PERSON,
        "Four days",
        900,
        WhoPays.EMPLOYER,
        True,
        ["Mental health", "Leadership"],
        "The national service framework, crisis services and working with social services, for senior clinicians and managers.",
    ),
    (
        "Patient involvement in practice",
        L.INTRODUCTORY,
        F_.ONLINE,
        "Three sessions",
        0,
        WhoPays.FREE,
        True,
        ["Patient involvement"],
        "Panels, surveys and complaints as sources of improvement, with examples from the practice database.",
    ),
    (
        "Chairing meetings that decide",
        L.INTRODUCTORY,
        F_.IN_PERSON,
        "One day",
        95,
        WhoPays.EMPLOYER,
        True,
        ["Management development"],
        "Agendas, papers and minutes that lead to decisions, and handling conflict in the room.",
    ),
    (
        "Managing sickness absence",
        L.INTRODUCTORY,
        F_.IN_PERSON,
        "One day",
        90,
        WhoPays.EMPLOYER,
        True,
        ["Human resources"],
        "The policy, the conversations and occupational health, for new ward and department managers.",
    ),
    (
        "Redesigning outpatient clinics",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Two days",
        260,
        WhoPays.EMPLOYER,
        True,
        ["Discharge and bed management"],
        "Booking, templates and follow-up rules that cut did-not-attend rates and waits.",
    ),
    (
        "Managing cancer services",
        L.SENIOR,
        F_.BOTH,
        "Three days",
        780,
        WhoPays.EMPLOYER,
        True,
        ["Cancer"],
        "Cancer networks, the two-week wait and multidisciplinary teams, for lead clinicians and service managers.",
    ),
    (
        "Information for managers",
        L.INTRODUCTORY,
        F_.ONLINE,
        "Five short sessions",
        40,
        WhoPays.PARTICIPANT,
        True,
        ["Electronic records"],
        "Turning activity data into a picture of a service: counts, trends and fair comparisons.",
    ),
    (
        "Negotiating service agreements",
        L.SENIOR,
        F_.IN_PERSON,
        "Two days",
        1150,
        WhoPays.EMPLOYER,
        False,
        ["Management development"],
        "Preparing for and conducting the annual agreement round between commissioners and trusts.",
    ),
    (
        "Leading stroke services",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Two days",
        320,
        WhoPays.FUNDED,
        True,
        ["Stroke"],
        "Stroke units, rehabilitation and audit, drawing on Beacon services that changed outcomes.",
    ),
    (
        "Managing older people's services",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Three days",
        340,
        WhoPays.EMPLOYER,
        True,
        ["Older people's services"],
        "Intermediate care, discharge planning and joint working with social services.",
    ),
    (
        "Coaching skills for clinical leaders",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Four half days",
        400,
        WhoPays.EMPLOYER,
        True,
        ["Leadership"],
        "Coaching conversations that help staff solve their own problems, practised in small groups.",
    ),
    (
        "Board development for non-executives",
        L.SENIOR,
        F_.IN_PERSON,
        "Two days",
        1500,
        WhoPays.EMPLOYER,
        False,
        ["Clinical governance", "Leadership"],
        "The board's duties, assurance and holding executives to account.",
    ),
    (
        "Smoking cessation services: setting up and running",
        L.INTRODUCTORY,
        F_.BOTH,
        "Two days",
        0,
        WhoPays.FUNDED,
        True,
        ["Smoking cessation", "Health inequalities"],
        "Building a service that reaches the smokers most likely to be left out.",
    ),
    (
        "Managing diabetes care across primary and secondary care",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Three days",
        280,
        WhoPays.EMPLOYER,
        True,
        ["Diabetes", "General practice"],
        "Shared care, registers and recall, for leads in practices and hospitals.",
    ),
    (
        "Human resources law for managers",
        L.PRACTITIONER,
        F_.ONLINE,
        "Four sessions",
        210,
        WhoPays.EMPLOYER,
        False,
        ["Human resources"],
        "Discipline, grievance, capability and the law that governs them.",
    ),
    (
        "Leading palliative care teams",
        L.PRACTITIONER,
        F_.IN_PERSON,
        "Two days",
        240,
        WhoPays.FUNDED,
        True,
        ["Palliative care"],
        "Teams across hospital, hospice and home, and how to lead them.",
    ),
    (
        "Telephone advice services: managing quality",
        L.INTRODUCTORY,
        F_.ONLINE,
        "Three sessions",
        75,
        WhoPays.EMPLOYER,
        True,
        ["Telephone advice services"],
        "Call audit, protocols and staffing for nurse-led telephone advice.",
    ),
    (
        "Evidence for managers: reading and using research",
        L.INTRODUCTORY,
        F_.IN_PERSON,
        "One day",
        0,
        WhoPays.FREE,
        True,
        ["Clinical audit", "Management development"],
        "Judging evidence of what works, using the published scale of the practice database.",
    ),
    (
        "Chief executives' finance masterclass",
        L.SENIOR,
        F_.IN_PERSON,
        "Two days",
        1800,
        WhoPays.EMPLOYER,
        False,
        ["Management development"],
        "Financial recovery, capital planning and the private finance initiative.",
    ),
    (
        "Managing a general practice team",
        L.INTRODUCTORY,
        F_.IN_PERSON,
        "Three days",
        160,
        WhoPays.EMPLOYER,
        True,
        ["General practice", "Human resources"],
        "Practice managers and partners on staffing, appraisal and the practice development plan.",
    ),
]

OUTCOMES = [
    "Explain the main ideas of the course to your own team",
    "Use the tools shown on a problem in your own service",
    "Plan one change and how you will know it worked",
]

CONTACTS = [
    ("Education and training consortium lead", "Funding and study leave"),
    ("Postgraduate dean's office: management training adviser", "Courses for doctors and dentists"),
]
CONTACT_NAMES = {
    "northern-and-yorkshire": ("Alison Dale", "Peter Halloran"),
    "trent": ("Margaret Shaw", "Imran Siddiqui"),
    "west-midlands": ("Colin Baxter", "Preeti Sharma"),
    "north-west": ("Janet Roscoe", "Declan Murphy"),
    "eastern": ("Helen Fenwick", "Robert Cole"),
    "london": ("Adaeze Nwosu", "Simon Levy"),
    "south-east": ("Catherine Mills", "Andrew Forbes"),
    "south-west": ("Judith Trelawney", "Mark Heron"),
}


def _coordinator(email: str, name: str, organisation: Organisation) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=name,
            job_title="Management training coordinator",
            organisation=organisation,
            email_verified_at=timezone.now(),
        )
        user.groups.add(*Group.objects.filter(name=Role.COORDINATOR.value))
    return user


def _intake(course: Course, actor: User, *, days: int, capacity: int, hours: int = 7) -> Session:
    starts = (timezone.now() + timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    online = course.format == Format.ONLINE
    return engine.create_session(
        actor=actor,
        owner=course,
        kind=Kind.COURSE_INTAKE,
        title=course.title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        booking_deadline=starts - timedelta(days=3),
        region_id=course.provider.organisation.region_id,
        organisation_id=course.provider.organisation_id,
        capacity=capacity,
        topic_ids=list(course.topics.values_list("pk", flat=True)),
        format=course.format,
        venue="" if online else f"Education Centre, {course.provider.organisation.name}",
        joining_link="https://meet.learning-network.nhs.uk/course"
        if course.format != Format.IN_PERSON
        else "",
        audience="everyone" if course.open_to_clinical_staff else "managerial",
        publish=True,
    )


@transaction.atomic
def load() -> dict[str, int]:
    made = {
        "training providers": 0,
        "courses": 0,
        "course intakes": 0,
        "course ratings": 0,
        "training contacts": 0,
    }
    regions = {region.slug: region for region in Region.objects.all()}
    for slug, names in CONTACT_NAMES.items():
        for position, (name, (role, covers)) in enumerate(zip(names, CONTACTS, strict=True)):
            _, created = TrainingContact.objects.get_or_create(
                region=regions[slug],
                name=name,
                defaults={
                    "role": role,
                    "organisation": f"{regions[slug].name} Regional Office",
                    "email": f"{name.lower().replace(' ', '.').replace(chr(39), '')}@{slug}.nhs.uk",
                    "phone": f"0{113 + position * 7} 496 0{position}{len(name):02d}",
                    "covers": covers,
                    "position": position,
                },
            )
            made["training contacts"] += created

    providers = []
    for code, learning_centre, email, name in PROVIDERS:
        organisation = Organisation.objects.get(code=code)
        provider, created = Provider.objects.get_or_create(
            organisation=organisation,
            defaults={
                "is_learning_centre": learning_centre,
                "description": f"Management courses run by {organisation.name}.",
            },
        )
        made["training providers"] += created
        coordinator = _coordinator(email, name, organisation)
        provider.coordinators.add(coordinator)
        providers.append((provider, coordinator))

    topics = {topic.name: topic for topic in Topic.objects.all()}
    learners = list(
        User.objects.filter(email__endswith="@demo.nhs.uk", is_superuser=False)
        .exclude(groups__name=Role.COORDINATOR.value)
        .order_by("email")[:8]
    )
    staff = User.objects.filter(email="staff@demo.nhs.uk").first()
    for number, (
        title,
        level,
        format_,
        duration,
        cost,
        pays,
        clinical,
        topic_names,
        summary,
    ) in enumerate(COURSES):
        if Course.objects.filter(title=title).exists():
            continue
        provider, coordinator = providers[number % len(providers)]
        course = Course.objects.create(
            provider=provider,
            title=title,
            summary=summary,
            learning_outcomes="\n".join(OUTCOMES),
            level=level,
            format=format_,
            duration=duration,
            cost=Decimal(cost),
            who_pays=pays,
            open_to_clinical_staff=clinical,
        )
        made["courses"] += 1
        chosen = [topics[name] for name in topic_names if name in topics]
        course.topics.set(chosen)
        # Ids through the topic links, not DISTINCT over whole rows (see
        # bulletin.demo: slow on a freshly loaded database).
        on_its_topics = PracticeExample.topics.through.objects.filter(topic__in=chosen).values(
            "practiceexample_id"
        )
        course.practice_examples.set(
            PracticeExample.objects.filter(status=Status.PUBLISHED, pk__in=on_its_topics)
            .order_by("pk")
            .values_list("pk", flat=True)[:3]
        )
        course.research.set(
            ResearchProject.objects.filter(
                Q(topics__in=chosen) | Q(examples__in=course.practice_examples.all())
            )
            .distinct()
            .order_by("pk")[:2]
        )
        index_course(course.pk)
        forget_managed_courses(coordinator)

        # Every course ran once before; most have an intake to come; some none yet.
        past = _intake(course, coordinator, days=-(40 + number * 3), capacity=16)
        made["course intakes"] += 1
        came = learners[: 6 if number < 6 else 2]
        Booking.objects.bulk_create(
            Booking(
                session=past,
                user=person,
                status=BookingStatus.ATTENDED,
                confirmed_at=past.created_at,
            )
            for person in came
        )
        Session.objects.filter(pk=past.pk).update(confirmed_count=F("confirmed_count") + len(came))
        if number < 6:
            for stars, person in zip([5, 4, 4, 5, 3, 4], came, strict=False):
                Rating.objects.create(
                    course=course,
                    user=person,
                    stars=(stars + number) % 5 + 1,
                    comment=f"Useful for my work as {person.job_title.lower() or 'a manager'}.",
                )
                made["course ratings"] += 1
        if number % 5 != 4:
            _intake(course, coordinator, days=7 + number * 4, capacity=12 + number % 4 * 4)
            made["course intakes"] += 1
            if number % 3 == 0:
                _intake(course, coordinator, days=120 + number * 5, capacity=20)
                made["course intakes"] += 1
        elif staff is not None and number < 15:
            Interest.objects.get_or_create(course=course, user=staff)
    return made
