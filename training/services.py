"""Writes with consequences for courses: intakes, interest, ratings, and the
practice examples and research a course draws on.

Intakes are sessions of the booking engine; these functions add what training
needs around the engine's own services (who is told when an intake opens,
who may rate a course). Emails go through `send_once`, keyed per person per
intake, so however often an intake is opened or the alerts are re-run, each
interested person hears of it once.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import services as engine
from opportunities.models import BOOKABLE, Audience, Kind, Session
from practice_db.models import PracticeExample, ResearchProject
from training import permissions
from training.models import COMMENT_MAX, Course, Interest, Provider, Rating
from training.search import index_course


def _course_for(actor, course_id: int, *, lock: bool = False) -> Course:
    courses = Course.objects.visible_to(actor).select_related("provider__organisation")
    if lock:
        courses = courses.select_for_update(of=("self",))
    course = courses.filter(pk=course_id).first()
    if course is None:
        raise Invalid("That course no longer exists.")
    return course


def open_intakes(course: Course):
    """The course's intakes that people can book now (or join the waiting list of)."""
    return Session.objects.filter(
        permissions.intakes_q(course),
        status__in=sorted(BOOKABLE),
        booking_deadline__gt=timezone.now(),
    )


@transaction.atomic
def add_intake(
    *,
    actor,
    course_id: int,
    starts_at: datetime,
    ends_at: datetime,
    region_id: int,
    booking_deadline: datetime | None = None,
    capacity: int | None = None,
    **details: object,
) -> Session:
    """A new intake of the course, as a draft session of the engine. It opens
    for booking (and interested people are told) with `open_intake`."""
    course = _course_for(actor, course_id, lock=True)
    if not permissions.can_manage(actor, course):
        raise NotAllowed("Only the course's coordinators can add intakes.")
    if starts_at <= timezone.now():
        raise Invalid("An intake must start in the future.", field="starts_at")
    return engine.create_session(
        actor=actor,
        owner=course,
        kind=Kind.COURSE_INTAKE,
        title=course.title,
        starts_at=starts_at,
        ends_at=ends_at,
        region_id=region_id,
        organisation_id=course.provider.organisation_id,
        booking_deadline=booking_deadline,
        capacity=capacity,
        topic_ids=list(course.topics.values_list("pk", flat=True)),
        audience=Audience.EVERYONE if course.open_to_clinical_staff else Audience.MANAGERIAL,
        **details,
    )


def _intake_of(actor, session_id: int) -> tuple[Session, Course]:
    session = Session.objects.filter(
        pk=session_id, kind=Kind.COURSE_INTAKE, owner_type_id=permissions.course_content_type_id()
    ).first()
    if session is None:
        raise Invalid("That intake no longer exists.")
    return session, _course_for(actor, session.owner_id)


@transaction.atomic
def open_intake(*, actor, session_id: int) -> int:
    """A draft intake opens for booking; everyone interested in the course is
    emailed. Returns how many were emailed now."""
    session, course = _intake_of(actor, session_id)
    if not permissions.can_manage(actor, course):
        raise NotAllowed("Only the course's coordinators can open its intakes.")
    session = engine.publish_session(actor=actor, session_id=session.pk)
    return tell_interested(session, course)


def tell_interested(session: Session, course: Course) -> int:
    """Email each person interested in the course that this intake is open, once
    per person per intake. Returns how many emails were queued now."""
    sent = 0
    interests = course.interests.select_related("user").filter(user__is_active=True)
    for interest in interests:
        sent += send_once(
            key=("training.intake_opened", f"user:{interest.user_id}", f"session:{session.pk}"),
            to=interest.user.email,
            template="training/email/intake_opened",
            context={
                "person": interest.user,
                "course": course,
                "session": session,
                "session_url": absolute_url(session.get_absolute_url()),
                "course_url": absolute_url(course.get_absolute_url()),
            },
        )
    return sent


def send_intake_alerts() -> int:
    """Tell interested people of every open intake they have not heard of.

    An intake opened on the engine's own organiser pages is not seen by
    `open_intake`; this catches it (run every few minutes by the worker's
    schedule, or `manage.py send_course_alerts`). Already-sent keys cost one
    lookup each and send nothing.
    """
    sent = 0
    intakes = Session.objects.filter(
        kind=Kind.COURSE_INTAKE,
        owner_type_id=permissions.course_content_type_id(),
        status__in=sorted(BOOKABLE),
        booking_deadline__gt=timezone.now(),
    )
    courses = Course.objects.in_bulk({intake.owner_id for intake in intakes})
    for intake in intakes:
        course = courses.get(intake.owner_id)
        if course is not None:
            with transaction.atomic():
                sent += tell_interested(intake, course)
    return sent


@transaction.atomic
def register_interest(*, actor, course_id: int) -> Interest:
    """Ask to be emailed when a new intake of the course opens."""
    course = _course_for(actor, course_id)
    if open_intakes(course).exists():
        raise Conflict("An intake of this course is open: book a place on it instead.")
    interest, _ = Interest.objects.get_or_create(course=course, user=actor)
    return interest


@transaction.atomic
def withdraw_interest(*, actor, course_id: int) -> bool:
    """No more emails about new intakes of this course. True if there was interest to withdraw."""
    course = _course_for(actor, course_id)
    deleted, _ = Interest.objects.filter(course=course, user_id=actor.pk).delete()
    return bool(deleted)


@transaction.atomic
def rate_course(*, actor, course_id: int, stars: int, comment: str = "") -> Rating:
    """An attendee's rating of the course, given once."""
    course = _course_for(actor, course_id)
    if not permissions.has_attended(actor, course):
        raise NotAllowed("Only people who attended an intake of this course can rate it.")
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Invalid("Choose a rating from 1 to 5.", field="stars")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Invalid(f"Keep your comment to {COMMENT_MAX:,} characters.", field="comment")
    try:
        with transaction.atomic():
            return Rating.objects.create(course=course, user=actor, stars=stars, comment=comment)
    except IntegrityError:
        raise Conflict("You have rated this course already.") from None


# -- a course's details -----------------------------------------------------------

COURSE_FIELDS = (
    "title",
    "summary",
    "learning_outcomes",
    "level",
    "format",
    "duration",
    "cost",
    "who_pays",
    "open_to_clinical_staff",
)


@transaction.atomic
def save_course(
    *,
    actor,
    values: dict,
    topic_ids: list[int],
    course_id: int | None = None,
    provider_id: int | None = None,
) -> Course:
    """A new course of a provider the person coordinates, or new details for a
    course they run; its search entry is rewritten either way. Intakes already
    added keep the audience they had."""
    if course_id is None:
        provider = Provider.objects.filter(pk=provider_id, coordinators=actor).first()
        if provider is None:
            raise NotAllowed("Only a provider's coordinators can add its courses.")
        course = Course(provider=provider)
    else:
        course = _course_for(actor, course_id, lock=True)
        if not permissions.can_manage(actor, course):
            raise NotAllowed("Only the course's coordinators can change it.")
    for name in COURSE_FIELDS:
        if name in values:
            setattr(course, name, values[name])
    try:
        course.full_clean(exclude=["provider", "search_vector"])
    except ValidationError as error:
        field, problems = next(iter(error.message_dict.items()))
        raise Invalid(problems[0], field=field) from None
    course.save()
    course.topics.set(topic_ids)
    index_course(course.pk)
    permissions.forget_managed_courses(actor)
    return course


# -- what a course draws on -----------------------------------------------------


def _managed(actor, course_id: int) -> Course:
    course = _course_for(actor, course_id)
    if not permissions.can_manage(actor, course):
        raise NotAllowed("Only the course's coordinators can change what it draws on.")
    return course


@transaction.atomic
def link_example(*, actor, course_id: int, example_id: int) -> PracticeExample:
    """The course's content draws on this published practice example."""
    course = _managed(actor, course_id)
    example = PracticeExample.objects.published().filter(pk=example_id).first()
    if example is None:
        raise Invalid("That practice example is not published, so a course cannot link to it.")
    course.practice_examples.add(example)
    return example


@transaction.atomic
def unlink_example(*, actor, course_id: int, example_id: int) -> bool:
    """True if the example was linked; it is not any more."""
    course = _managed(actor, course_id)
    linked = course.practice_examples.filter(pk=example_id).exists()
    course.practice_examples.remove(example_id)
    return linked


@transaction.atomic
def link_research(*, actor, course_id: int, project_id: int) -> ResearchProject:
    """The course's content draws on this research project."""
    course = _managed(actor, course_id)
    project = ResearchProject.objects.filter(pk=project_id).first()
    if project is None:
        raise Invalid("That research project no longer exists.")
    course.research.add(project)
    return project


@transaction.atomic
def unlink_research(*, actor, course_id: int, project_id: int) -> bool:
    course = _managed(actor, course_id)
    linked = course.research.filter(pk=project_id).exists()
    course.research.remove(project_id)
    return linked
