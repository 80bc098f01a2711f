"""Demo leadership programmes: six programmes, cohorts in every state, applications
in every state. Used only by the `load_demo_data` command.

Cohort dates are set from the day the demo is loaded, so that each programme
always has a cohort that has started, one closed, one open and one to come.
`staff@demo.nhs.uk` holds an application in every state, and
`programmes@demo.nhs.uk` coordinates every programme.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import Role, User
from directory.models import Organisation, Region
from leadership.models import (
    Alumnus,
    Application,
    ApplicationEvent,
    Cohort,
    EventKind,
    Programme,
    ProgrammeCoordinator,
    Status,
)

COORDINATOR_EMAIL = "programmes@demo.nhs.uk"

# (slug, title, summary, who it is for, what it involves, time it takes, places)
PROGRAMMES = [
    (
        "chief-executives",
        "Leadership Development Programme for Chief Executives",
        "For chief executives in their first years in post: leading whole systems of care "
        "through the changes of the NHS Plan.",
        "Chief executives of NHS trusts, health authorities and primary care trusts, in post "
        "for less than three years.",
        "Four residential modules, an action learning set of six peers that meets monthly, "
        "and a placement with a chief executive outside your region.",
        "Four three-day modules and monthly half-days over 12 months",
        18,
    ),
    (
        "medical-management",
        "Medical Management: Clinicians Leading Services",
        "For doctors taking on clinical director or medical director roles, building on the "
        "work of the British Association of Medical Managers.",
        "Consultants and general practitioners who are, or are about to be, clinical "
        "directors, medical directors or primary care group clinical leads.",
        "Finance and contracting, managing colleagues' performance, clinical governance and "
        "leading service redesign, taught by doctors who have done it.",
        "Six two-day modules over nine months",
        24,
    ),
    (
        "nurse-leadership",
        "Leading Empowered Ward Teams: Nurse Leadership",
        "For ward sisters and charge nurses who want to lead care that patients notice, and "
        "to hold the ward's budget with confidence.",
        "Ward sisters, charge nurses and team leaders in hospital and community nursing, "
        "midwifery and health visiting.",
        "Workshops on leading a team, patient experience and ward budgets; a project on your "
        "own ward; coaching from a senior nurse.",
        "Eight study days over six months, with a ward project",
        30,
    ),
    (
        "primary-care-boards",
        "Leading Primary Care Group Boards",
        "For board members of primary care groups becoming primary care trusts.",
        "Chairs, chief officers and professional members of primary care group and primary "
        "care trust boards.",
        "Board development sessions, commissioning for health improvement, and working with "
        "local authorities on health improvement programmes.",
        "Five one-day sessions over four months",
        20,
    ),
    (
        "aspiring-directors",
        "Aspiring Directors",
        "For senior managers preparing for their first executive director post.",
        "Senior managers, clinical and non-clinical, expecting to apply for a director post "
        "within two years.",
        "360-degree feedback, a board-level project in another organisation, and mentoring "
        "from a serving director.",
        "Three residential modules and a project over 10 months",
        16,
    ),
    (
        "allied-health-leaders",
        "Allied Health Professions Leadership",
        "For therapists and scientists leading services across organisational boundaries.",
        "Physiotherapists, occupational therapists, speech and language therapists, "
        "radiographers and healthcare scientists who lead a service or team.",
        "Action learning, leading change across health and social care, and presenting a "
        "case for investment to a board.",
        "Six study days over six months",
        12,
    ),
]

# Applicants: (email, full name, job title, organisation code).
APPLICANTS = [
    ("r.achebe@demo.nhs.uk", "Ruth Achebe", "Ward sister, acute medicine", "LO001"),
    ("d.morgan@demo.nhs.uk", "David Morgan", "Clinical director, surgery", "WM001"),
    ("s.khan@demo.nhs.uk", "Shazia Khan", "Primary care group chief officer", "NW003"),
    ("j.ellis@demo.nhs.uk", "James Ellis", "Head of physiotherapy", "EA001"),
    ("m.oconnor@demo.nhs.uk", "Maeve O'Connor", "Deputy director of nursing", "SE001"),
    ("p.singh@demo.nhs.uk", "Paramjit Singh", "General manager, medicine", "TR001"),
    ("l.hughes@demo.nhs.uk", "Lowri Hughes", "Health visitor team leader", "SW001"),
    ("t.baker@demo.nhs.uk", "Tom Baker", "Chief executive", "NY001"),
]

# Applications by cohort state: the statuses an application in a cohort in
# that state can have, and for which applicants (index into APPLICANTS).
SPREAD = {
    "open": [Status.DRAFT, Status.AWAITING_SPONSOR, Status.ENDORSED, Status.WITHDRAWN],
    "closed": [Status.SHORTLISTED, Status.ENDORSED, Status.RESERVE, Status.DECLINED],
    "started": [Status.ACCEPTED, Status.ACCEPTED, Status.RESERVE, Status.DECLINED],
}

# The history each status implies, in order: (event, from, to, by).
HISTORY = {
    Status.DRAFT: [],
    Status.AWAITING_SPONSOR: [(EventKind.SUBMITTED, Status.DRAFT, Status.AWAITING_SPONSOR, "a")],
    Status.ENDORSED: [
        (EventKind.SUBMITTED, Status.DRAFT, Status.AWAITING_SPONSOR, "a"),
        (EventKind.ENDORSED, Status.AWAITING_SPONSOR, Status.ENDORSED, "s"),
    ],
}
HISTORY[Status.SHORTLISTED] = [
    *HISTORY[Status.ENDORSED],
    (EventKind.SHORTLISTED, Status.ENDORSED, Status.SHORTLISTED, "c"),
]
HISTORY[Status.ACCEPTED] = [
    *HISTORY[Status.SHORTLISTED],
    (EventKind.ACCEPTED, Status.SHORTLISTED, Status.ACCEPTED, "c"),
]
HISTORY[Status.RESERVE] = [
    *HISTORY[Status.SHORTLISTED],
    (EventKind.RESERVED, Status.SHORTLISTED, Status.RESERVE, "c"),
]
HISTORY[Status.DECLINED] = [
    *HISTORY[Status.ENDORSED],
    (EventKind.DECLINED, Status.ENDORSED, Status.DECLINED, "c"),
]
HISTORY[Status.WITHDRAWN] = [
    *HISTORY[Status.AWAITING_SPONSOR],
    (EventKind.WITHDRAWN, Status.AWAITING_SPONSOR, Status.WITHDRAWN, "a"),
]

DECLINE_REASON = (
    "We had many strong applications for few places. Yours showed real promise: please "
    "apply again next year, with an example of a change you have led from start to finish."
)


def demo_sign_ins() -> list[tuple[str, str]]:
    return [(COORDINATOR_EMAIL, "Leadership programme coordinator (every programme)")]


def _person(email: str, name: str, title: str, code: str, roles=()) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        full_name=name,
        job_title=title,
        organisation=Organisation.objects.get(code=code),
        email_verified_at=timezone.now(),
    )
    user.groups.add(*Group.objects.filter(name__in=[role.value for role in roles]))
    return user, True


def _cohorts(programme: Programme, places: int, index: int) -> tuple[list[Cohort], int]:
    """A started, a closed, an open and an upcoming cohort, from today's date."""
    today = timezone.localdate()
    regions = list(Region.objects.order_by("name"))
    plans = [
        ("started", -150, -90, -60),
        ("closed", -40, -5, 30),
        ("open", -10, 21, 70),
        ("upcoming", 30, 75, 120),
    ]
    made = 0
    cohorts = []
    for number, (state, opens, closes, starts) in enumerate(plans, start=1):
        name = f"Cohort {number}"
        cohort = Cohort.objects.filter(programme=programme, name=name).first()
        if cohort is None:
            # Every other programme runs its open cohort in one region.
            region = regions[index % len(regions)] if index % 2 and state == "open" else None
            cohort = Cohort.objects.create(
                programme=programme,
                name=name,
                applications_open=today + timedelta(days=opens),
                applications_close=today + timedelta(days=closes),
                starts_on=today + timedelta(days=starts),
                places=places,
                region=region,
            )
            made += 1
        cohort.plan = state
        cohorts.append(cohort)
    return cohorts, made


def _application(cohort: Cohort, applicant: User, status: str, coordinator: User) -> bool:
    if Application.objects.filter(cohort=cohort, applicant=applicant).exists():
        return False
    now = timezone.now()
    submitted = None if status == Status.DRAFT else now - timedelta(days=20)
    decided = status in {Status.ACCEPTED, Status.RESERVE, Status.DECLINED, Status.SHORTLISTED}
    application = Application.objects.create(
        cohort=cohort,
        applicant=applicant,
        status=status,
        current_role=f"{applicant.job_title}, {applicant.organisation.name}",
        experience="I have led a team of 25 for four years, and this year redesigned how "
        "patients are admitted from the emergency department to our wards.",
        development="Leading change across organisations, and making the financial case "
        "for it to a board.",
        statement="Our services are changing faster than our ways of leading them. I want to "
        "learn from colleagues who have led change across a whole system, and to bring what "
        "I learn back to my own organisation through a project my board has agreed to.",
        sponsor_name="Helen Carter",
        sponsor_email="helen.carter@demo.nhs.uk",
        submitted_at=submitted,
        sponsor_asked_at=submitted,
        sponsor_answered_at=now - timedelta(days=15)
        if status
        not in {
            Status.DRAFT,
            Status.AWAITING_SPONSOR,
            Status.WITHDRAWN,
        }
        else None,
        decided_at=now - timedelta(days=3) if decided else None,
        decision_reason=DECLINE_REASON if status == Status.DECLINED else "",
        reserved_at=now - timedelta(days=3) if status == Status.RESERVE else None,
    )
    for step, (kind, before, after, by) in enumerate(HISTORY[Status(status)]):
        actor, name = {
            "a": (applicant, f"{applicant.full_name} (applicant)"),
            "s": (None, "Helen Carter (sponsor)"),
            "c": (coordinator, f"{coordinator.full_name} (coordinator)"),
        }[by]
        ApplicationEvent.objects.create(
            application=application,
            actor=actor,
            actor_name=name,
            kind=kind,
            from_status=before,
            to_status=after,
            comment=DECLINE_REASON if kind == EventKind.DECLINED else "",
            created_at=now - timedelta(days=20 - 4 * step),
        )
    return True


def load() -> dict[str, int]:
    """Create the demo programmes, cohorts and applications that are missing."""
    counts = {"leadership programmes": 0, "programme cohorts": 0, "programme applications": 0}
    coordinator, _ = _person(
        COORDINATOR_EMAIL,
        "Grace Whitfield",
        "Leadership programmes coordinator",
        "LO002",
        roles=(Role.COORDINATOR,),
    )
    staff = User.objects.filter(email="staff@demo.nhs.uk").first()
    applicants = [_person(*row)[0] for row in APPLICANTS]
    for index, (slug, title, summary, who, what, time, places) in enumerate(PROGRAMMES):
        programme, made = Programme.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "who_for": who,
                "what_involved": what,
                "time_commitment": time,
            },
        )
        counts["leadership programmes"] += made
        ProgrammeCoordinator.objects.get_or_create(programme=programme, user=coordinator)
        cohorts, made = _cohorts(programme, places, index)
        counts["programme cohorts"] += made
        for cohort in cohorts:
            for offset, status in enumerate(SPREAD.get(cohort.plan, [])):
                applicant = applicants[(index + offset) % len(applicants)]
                counts["programme applications"] += _application(
                    cohort, applicant, status, coordinator
                )
        started = cohorts[0]
        for application in started.applications.filter(status=Status.ACCEPTED):
            Alumnus.objects.get_or_create(
                programme=programme,
                person=application.applicant,
                defaults={
                    "cohort": started,
                    "completed_on": started.starts_on,
                    "listed": True,
                    "listed_changed_at": timezone.now(),
                },
            )
    if staff is not None:
        # The demo's member of staff has an application in every state.
        mine = [
            ("nurse-leadership", 3, Status.DRAFT),
            ("medical-management", 3, Status.AWAITING_SPONSOR),
            ("primary-care-boards", 3, Status.ENDORSED),
            ("aspiring-directors", 2, Status.SHORTLISTED),
            ("chief-executives", 1, Status.ACCEPTED),
            ("allied-health-leaders", 2, Status.RESERVE),
            ("medical-management", 2, Status.DECLINED),
            ("allied-health-leaders", 3, Status.WITHDRAWN),
        ]
        for slug, number, status in mine:
            cohort = Cohort.objects.get(programme__slug=slug, name=f"Cohort {number}")
            counts["programme applications"] += _application(cohort, staff, status, coordinator)
    return counts
