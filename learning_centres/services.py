"""Writes with consequences for Learning Centres: designation, events, following.

Events are sessions of the booking engine: `create_event` and `publish_event`
go through `opportunities.services`, which checks through this app's
organiser hook that the actor runs the centre. Followers are emailed once per
event (`send_once`, keyed on the person and the session), after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions as roles
from accounts.models import User
from directory.models import Organisation, Region
from learning_centres import permissions
from learning_centres.models import (
    MAX_MEETINGS,
    MIN_MEETINGS,
    Basis,
    CentreEvent,
    EventType,
    Follow,
    LearningCentre,
)
from learning_centres.unsubscribe import new_event_link
from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import services as engine
from opportunities.models import BOOKABLE, Kind, Session

# -- designation ------------------------------------------------------------------


@transaction.atomic
def designate_centre(
    *,
    actor: User,
    region_id: int,
    organisation_id: int,
    basis: str,
    basis_detail: str,
    known_for: str,
    contact_email: str,
    offers: str = "",
    contact_phone: str = "",
    coordinator: User | None = None,
    replace: bool = False,
) -> LearningCentre:
    """Name an organisation its region's Learning Centre.

    A region has one current centre. With `replace`, the current one is
    marked replaced (and kept, with its events); without it, a region that
    already has a centre is refused. Its followers now follow the new centre.
    """
    if not permissions.can_designate(actor):
        raise NotAllowed("Only a site admin or a national moderator can designate a centre.")
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise Invalid("Choose a region.", field="region")
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Invalid("Choose the organisation that hosts the centre.", field="organisation")
    if organisation.region_id != region.pk:
        raise Invalid(
            f"{organisation.name} is in {organisation.region}, not {region}: a Learning Centre "
            "is hosted by an organisation in its own region.",
            field="organisation",
        )
    if basis not in Basis.values:
        raise Invalid("Choose the basis of the designation.", field="basis")
    basis_detail, known_for = basis_detail.strip(), known_for.strip()
    if not basis_detail:
        raise Invalid(
            "Say what change it made, or what its peer-learning skills are.", field="basis_detail"
        )
    if not known_for:
        raise Invalid("Say what the centre is known for.", field="known_for")
    if coordinator is not None and not roles.is_coordinator(coordinator):
        raise Invalid(
            f"{coordinator.email} does not hold the Coordinator role: a site admin grants it "
            "in site admin first.",
            field="coordinator_email",
        )
    previous = (
        LearningCentre.objects.select_for_update().current().filter(region_id=region.pk).first()
    )
    if previous is not None and not replace:
        raise Conflict(
            f"{previous.organisation.name} is already the Learning Centre for {region}. "
            "Choose to replace it to designate another."
        )
    now = timezone.now()
    if previous is not None:
        previous.replaced_at = now
        previous.save(update_fields=["replaced_at"])
    try:
        with transaction.atomic():
            centre = LearningCentre.objects.create(
                organisation=organisation,
                region=region,
                basis=basis,
                basis_detail=basis_detail,
                known_for=known_for,
                offers=offers.strip(),
                coordinator=coordinator,
                contact_email=contact_email.strip(),
                contact_phone=contact_phone.strip(),
                designated_at=now,
                designated_by=actor,
            )
    except IntegrityError:
        # Someone designated a centre for the region a moment ago.
        raise Conflict(
            f"Someone has just designated a Learning Centre for {region}: look at it first."
        ) from None
    if previous is not None:
        previous.replaced_by = centre
        previous.save(update_fields=["replaced_by"])
        Follow.objects.bulk_create(
            [
                Follow(user_id=user_id, centre=centre)
                for user_id in previous.follows.values_list("user_id", flat=True)
            ],
            ignore_conflicts=True,
        )
    return centre


# -- events -----------------------------------------------------------------------


def _centre_for(actor: User, centre_id: int, *, lock: bool = False) -> LearningCentre:
    centres = LearningCentre.objects.select_related("organisation", "region")
    if lock:
        centres = centres.select_for_update(of=("self",))
    centre = centres.filter(pk=centre_id).first()
    if centre is None:
        raise Invalid("That Learning Centre no longer exists.")
    if not permissions.can_coordinate(actor, centre):
        raise NotAllowed("Only the centre's coordinator can run its events.")
    return centre


@transaction.atomic
def create_event(
    *,
    actor: User,
    centre_id: int,
    event_type: str,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    region_id: int | None = None,
    meetings: Sequence[tuple[datetime, datetime]] = (),
    capacity: int | None = None,
    booking_deadline: datetime | None = None,
    topic_ids: Iterable[int] = (),
    publish: bool = False,
    **details: object,
) -> Session:
    """A new event of the centre: a session of the booking engine it owns.

    It happens in the centre's region. An action learning set gives its
    meetings, in date order (one booking covers them all); the other kinds
    meet once. Publishing it at once emails the centre's followers.
    """
    centre = _centre_for(actor, centre_id)
    if not centre.is_current:
        raise Conflict(
            f"{centre.organisation.name} is no longer the Learning Centre for {centre.region}: "
            "its events cannot be added to."
        )
    if event_type not in EventType.values:
        raise Invalid("Choose what kind of event this is.", field="event_type")
    region_id = centre.region_id if region_id is None else region_id
    if region_id != centre.region_id:
        raise Invalid(
            f"A Learning Centre runs its events in its own region: choose {centre.region}.",
            field="region",
        )
    title = title.strip()
    if not title:
        raise Invalid("Enter a title.", field="title")
    meetings = list(meetings)
    if event_type == EventType.ACTION_LEARNING_SET:
        if not MIN_MEETINGS <= len(meetings) <= MAX_MEETINGS:
            raise Invalid(
                f"An action learning set meets from {MIN_MEETINGS} to {MAX_MEETINGS} times: "
                "give the date and times of each meeting.",
                field="meetings",
            )
        starts_at, ends_at = meetings[0][0], meetings[-1][1]
    elif meetings:
        raise Invalid("Only an action learning set meets several times.", field="meetings")
    elif starts_at is None or ends_at is None:
        raise Invalid("Give when the event starts and ends.", field="starts_at")
    session = engine.create_session(
        actor=actor,
        owner=centre,
        kind=Kind.LEARNING_CENTRE_EVENT,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        region_id=region_id,
        organisation_id=centre.organisation_id,
        booking_deadline=booking_deadline,
        capacity=capacity,
        topic_ids=topic_ids,
        meetings=meetings,
        publish=publish,
        **details,
    )
    CentreEvent.objects.create(session=session, centre=centre, event_type=event_type)
    if publish:
        tell_followers(session=session, centre=centre)
    return session


@transaction.atomic
def publish_event(*, actor: User, session_id: int) -> Session:
    """A draft event opens for booking, and the centre's followers are emailed."""
    event = (
        CentreEvent.objects.select_related("centre__organisation")
        .filter(session_id=session_id)
        .first()
    )
    if event is None:
        raise Invalid("That event no longer exists.")
    centre = _centre_for(actor, event.centre_id)
    if not centre.is_current:
        raise Conflict(
            f"{centre.organisation.name} is no longer the Learning Centre for {centre.region}: "
            "its draft events cannot be published."
        )
    session = engine.publish_session(actor=actor, session_id=session_id)
    session.centre_event = event
    tell_followers(session=session, centre=event.centre)
    return session


def tell_followers(*, session: Session, centre: LearningCentre) -> int:
    """Email each follower of the centre about a newly published event, once
    ever per person and event. How many emails were queued."""
    sent = 0
    follows = centre.follows.filter(user__is_active=True).select_related("user").order_by("pk")
    link = absolute_url(session.get_absolute_url())
    for follow in follows:
        sent += send_once(
            key=("learning_centres.new_event", f"user:{follow.user_id}", f"session:{session.pk}"),
            to=follow.user.email,
            template="learning_centres/email/new_event",
            context={
                "person": follow.user,
                "centre": centre,
                "session": session,
                "link": link,
                "centre_link": absolute_url(centre.get_absolute_url()),
            },
            unsubscribe=new_event_link(follow),
        )
    CentreEvent.objects.filter(session_id=session.pk, followers_told_at__isnull=True).update(
        followers_told_at=timezone.now()
    )
    return sent


def tell_followers_of_new_events() -> int:
    """Email followers of every published event they have not been told of.

    An event published from the engine's own organiser page (which knows no
    followers) is caught here; run it every few minutes. Each email goes
    once whatever runs twice (`send_once`). How many emails were queued.
    """
    sent = 0
    pending = CentreEvent.objects.filter(
        followers_told_at__isnull=True,
        session__status__in=sorted(BOOKABLE),
        session__starts_at__gt=timezone.now(),
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            event = (
                CentreEvent.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("session", "centre__organisation", "centre__region")
                .filter(pk=pk, followers_told_at__isnull=True)
                .first()
            )
            if event is not None:
                event.session.centre_event = event
                sent += tell_followers(session=event.session, centre=event.centre)
    return sent


# -- following --------------------------------------------------------------------


def follow_centre(*, user: User, centre_id: int) -> bool:
    """Be emailed of the centre's events; True when this is new."""
    if not permissions.can_follow(user):
        raise NotAllowed("Sign in to follow a Learning Centre.")
    centre = LearningCentre.objects.filter(pk=centre_id).first()
    if centre is None:
        raise Invalid("That Learning Centre no longer exists.")
    if not centre.is_current:
        raise Conflict("This centre has been replaced: follow its region's current centre.")
    try:
        with transaction.atomic():
            _, created = Follow.objects.get_or_create(user=user, centre=centre)
    except IntegrityError:  # The same person's second click, at the same moment.
        return False
    return created


def unfollow_centre(*, user: User, centre_id: int) -> bool:
    deleted, _ = Follow.objects.filter(user_id=user.pk, centre_id=centre_id).delete()
    return bool(deleted)
