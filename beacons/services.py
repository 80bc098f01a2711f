"""Writes with consequences for Beacons and visit requests.

Each function is one transaction. Moves of a visit request lock its row
(`select_for_update`), check the move against `VISIT_ACTIONS` and the
person's rights, write a history row and queue the email it implies
(`send_once`, keyed on the history row, so it is sent once and only if the
change commits).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from beacons import permissions
from beacons.models import (
    MAX_PARTY,
    VISIT_ACTIONS,
    Beacon,
    BeaconExample,
    Offer,
    SpreadExample,
    VisitEvent,
    VisitEventKind,
    VisitOutcome,
    VisitRequest,
    VisitStatus,
    overdue_q,
    themes_for_year,
)
from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities import services as engine
from opportunities.models import Feedback, Kind, Session
from practice_db import services as practice
from practice_db.models import PracticeExample
from practice_db.published import forget_published_counts
from practice_db.uploads import check_attachment

DETAIL_FIELDS = ("service_name", "theme", "year", "what_it_does", "what_others_can_learn", "offers")


# -- designation ----------------------------------------------------------------


def _check_designation(values: dict) -> None:
    year = values["year"]
    if not 1999 <= year <= timezone.localdate().year:
        raise Invalid("Give a year of designation from 1999 to this year.", field="year")
    if values["theme"] not in themes_for_year(year):
        raise Invalid(
            "That theme was added in the 2000/01 round: choose a 1999 theme or a later year.",
            field="theme",
        )
    unknown = set(values.get("offers", ())) - set(Offer.values)
    if unknown:
        raise Invalid("Choose what the Beacon offers from the list.", field="offers")


@transaction.atomic
def designate_beacon(
    *,
    actor: User,
    organisation_id: int,
    service_name: str,
    theme: str,
    year: int,
    coordinator: User,
    what_it_does: str,
    what_others_can_learn: str,
    offers: Sequence[str] = (Offer.VISITS, Offer.OPEN_DAYS),
) -> Beacon:
    """A national moderator designates an organisation's service as a Beacon.

    The coordinator is given the Coordinator role if they lack it."""
    if not permissions.can_designate(actor):
        raise NotAllowed("Only national moderators designate Beacons.")
    values = {
        "service_name": service_name.strip(),
        "theme": theme,
        "year": year,
        "what_it_does": what_it_does.strip(),
        "what_others_can_learn": what_others_can_learn.strip(),
        "offers": sorted(set(offers)),
    }
    _check_designation(values)
    if not values["service_name"]:
        raise Invalid("Give the name of the service.", field="service_name")
    if not coordinator.is_active:
        raise Invalid("The coordinator's account is not active.", field="coordinator")
    beacon = Beacon.objects.create(
        organisation_id=organisation_id, coordinator=coordinator, designated_by=actor, **values
    )
    coordinator.groups.add(*_coordinator_groups())
    return beacon


def _coordinator_groups():
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=Role.COORDINATOR.value)


@transaction.atomic
def update_beacon(*, actor: User, beacon_id: int, **changes: object) -> Beacon:
    """The coordinator or a national moderator changes the Beacon's description."""
    beacon = Beacon.objects.select_for_update().get(pk=beacon_id)
    if not (permissions.can_manage(actor, beacon)):
        raise NotAllowed("Only the Beacon's coordinator can change it.")
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown Beacon fields: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(beacon, field, value)
    _check_designation({"year": beacon.year, "theme": beacon.theme, "offers": beacon.offers})
    beacon.save()
    return beacon


@transaction.atomic
def end_designation(*, actor: User, beacon_id: int, reason: str, ended_on: date | None = None):
    """The Beacon stays readable, marked "designation ended", and takes no new
    requests. Requests still waiting for an answer are left for the
    coordinator to answer; its practice examples stop counting as Beacon
    services in the practice search."""
    if not permissions.can_designate(actor):
        raise NotAllowed("Only national moderators end a designation.")
    beacon = Beacon.objects.select_for_update().get(pk=beacon_id)
    if not beacon.is_designated:
        raise Conflict("This Beacon's designation has already ended.")
    beacon.designation_ended_on = ended_on or timezone.localdate()
    beacon.designation_ended_reason = reason.strip()
    beacon.save(update_fields=["designation_ended_on", "designation_ended_reason"])
    sync_beacon_flags(example_ids=beacon.example_links.values_list("example_id", flat=True))
    return beacon


# -- the practice examples of a Beacon --------------------------------------------


def sync_beacon_flags(*, example_ids: Iterable[int]) -> int:
    """Set each example's `is_beacon` (the practice search's Beacon facet) to
    whether it is linked to a Beacon whose designation has not ended. The
    practice database's search trigger does not read the flag, so this is a
    plain update."""
    ids = list(example_ids)
    if not ids:
        return 0
    linked = BeaconExample.objects.filter(
        example_id=OuterRef("pk"), beacon__designation_ended_on__isnull=True
    )
    examples = PracticeExample.objects.filter(pk__in=ids).annotate(linked=Exists(linked))
    changed = 0
    for example_id, is_beacon, is_linked in examples.values_list("pk", "is_beacon", "linked"):
        if is_beacon != is_linked:
            changed += PracticeExample.objects.filter(pk=example_id).update(is_beacon=is_linked)
    if changed:
        forget_published_counts()  # the search's Beacon facet counts them
    return changed


@transaction.atomic
def link_example(*, actor: User, beacon_id: int, example_id: int) -> BeaconExample:
    """Mark a published practice example as describing this Beacon's service."""
    beacon = Beacon.objects.select_for_update().get(pk=beacon_id)
    if not permissions.can_manage(actor, beacon):
        raise NotAllowed("Only the Beacon's coordinator can link its examples.")
    example = PracticeExample.objects.published().filter(pk=example_id).first()
    if example is None:
        raise Invalid("Choose a published practice example.", field="example")
    existing = BeaconExample.objects.filter(example=example).select_related("beacon").first()
    if existing is not None:
        if existing.beacon_id == beacon.pk:
            raise Conflict("That example is already linked to this Beacon.")
        raise Conflict(f"That example is already linked to {existing.beacon}.")
    link = BeaconExample.objects.create(beacon=beacon, example=example, linked_by=actor)
    sync_beacon_flags(example_ids=[example.pk])
    return link


@transaction.atomic
def unlink_example(*, actor: User, beacon_id: int, example_id: int) -> None:
    beacon = Beacon.objects.select_for_update().get(pk=beacon_id)
    if not permissions.can_manage(actor, beacon):
        raise NotAllowed("Only the Beacon's coordinator can unlink its examples.")
    deleted, _ = BeaconExample.objects.filter(beacon=beacon, example_id=example_id).delete()
    if not deleted:
        raise Conflict("That example is not linked to this Beacon.")
    sync_beacon_flags(example_ids=[example_id])


# -- visit requests -----------------------------------------------------------------


def _visit_link(visit: VisitRequest) -> str:
    return absolute_url(reverse("beacons:visit", args=[visit.pk]))


def _email_about(visit: VisitRequest, event: VisitEvent, to: User, template: str) -> None:
    send_once(
        key=(f"beacons.visit_{event.kind}", f"user:{to.pk}", f"visit_event:{event.pk}"),
        to=to.email,
        template=f"beacons/email/{template}",
        context={
            "visit": visit,
            "beacon": visit.beacon,
            "event": event,
            "person": to,
            "link": _visit_link(visit),
        },
    )


def _record(visit: VisitRequest, kind: str, actor, from_status: str, comment: str = ""):
    return VisitEvent.objects.create(
        visit=visit,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=visit.status,
        comment=comment,
    )


def _check_party(party_size: int) -> None:
    if not 1 <= party_size <= MAX_PARTY:
        raise Invalid(
            f"Say how many people are coming: from 1 to {MAX_PARTY}. For a larger group, "
            "book one of the Beacon's open days or ask the coordinator.",
            field="party_size",
        )


@transaction.atomic
def request_visit(
    *,
    actor: User,
    beacon_id: int,
    party_size: int,
    roles: str,
    wants_to_learn: str,
    preferred_dates: Sequence[date],
) -> VisitRequest:
    """A member of staff asks to visit a Beacon; its coordinator is emailed."""
    beacon = (
        Beacon.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("coordinator")
        .filter(pk=beacon_id)
        .first()
    )
    if beacon is None:
        raise NotAllowed("You cannot ask to visit this Beacon.")
    if not beacon.is_designated:
        raise Conflict("This Beacon's designation has ended, so it takes no new visit requests.")
    if Offer.VISITS not in beacon.offers:
        raise Conflict("This Beacon does not offer visits. See its open days instead.")
    if beacon.coordinator_id == actor.pk:
        raise Invalid("You coordinate this Beacon: you cannot ask to visit it.")
    _check_party(party_size)
    dates = sorted(set(preferred_dates))
    if not 2 <= len(dates) <= 3:
        raise Invalid("Give two or three different dates you could come.", field="date_1")
    if dates[0] <= timezone.localdate():
        raise Invalid("Preferred dates must be after today.", field="date_1")
    if not roles.strip() or not wants_to_learn.strip():
        raise Invalid("Say who is coming and what they want to learn.", field="wants_to_learn")
    # One open request per person per Beacon (the Beacon's row is locked, so
    # two at once cannot both pass): the coordinator is emailed for each.
    waiting = VisitRequest.objects.filter(
        beacon=beacon,
        requester=actor,
        status__in=[VisitStatus.REQUESTED, VisitStatus.ACKNOWLEDGED],
    ).first()
    if waiting is not None:
        raise Conflict(
            "You have already asked to visit this Beacon and are waiting for its "
            "coordinator. Withdraw that request or wait for their answer before asking again."
        )
    visit = VisitRequest.objects.create(
        beacon=beacon,
        requester=actor,
        party_size=party_size,
        roles=roles.strip(),
        wants_to_learn=wants_to_learn.strip(),
        preferred_dates=dates,
    )
    event = _record(visit, VisitEventKind.REQUESTED, actor, "")
    _email_about(visit, event, beacon.coordinator, "requested")
    _email_about(visit, event, actor, "request_received")
    return visit


def _lock_visit(visit_id: int) -> VisitRequest:
    visit = (
        VisitRequest.objects.select_for_update(of=("self",))
        .select_related("beacon__coordinator", "requester")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise Invalid("That visit request no longer exists.")
    return visit


def _move(actor: User, visit_id: int, action: str) -> tuple[VisitRequest, str]:
    """Lock the request and check the move; refuse with a clear reason."""
    rule = VISIT_ACTIONS[action]
    visit = _lock_visit(visit_id)
    if action not in permissions.allowed_visit_actions(actor, visit):
        if not permissions.may_act_as(actor, visit, rule.by):
            raise NotAllowed("You cannot do that to this visit request.")
        raise Conflict(
            f"This request is {visit.get_status_display().lower()}, so it cannot be "
            f"{_done(action)} now. Someone may have acted on it already."
        )
    from_status = visit.status
    visit.status = rule.to_status
    return visit, from_status


def _done(action: str) -> str:
    return {
        "acknowledge": "acknowledged",
        "confirm": "confirmed",
        "decline": "declined",
        "withdraw": "withdrawn",
        "complete": "marked as taken place",
    }[action]


@transaction.atomic
def acknowledge_visit(*, actor: User, visit_id: int) -> VisitRequest:
    """The coordinator says the request has arrived; the requester is told."""
    visit, from_status = _move(actor, visit_id, "acknowledge")
    visit.acknowledged_at = timezone.now()
    visit.save(update_fields=["status", "acknowledged_at", "updated_at"])
    event = _record(visit, VisitEventKind.ACKNOWLEDGED, actor, from_status)
    _email_about(visit, event, visit.requester, "acknowledged")
    return visit


def _check_pack(pack: UploadedFile | None) -> tuple[str, str] | None:
    if pack is None:
        return None
    from django.core.exceptions import ValidationError

    try:
        checked = check_attachment(pack)
    except ValidationError as error:
        raise Invalid(error.messages[0], field="pack") from None
    return checked.kind, checked.content_type


@transaction.atomic
def confirm_visit(
    *,
    actor: User,
    visit_id: int,
    starts_at: datetime,
    ends_at: datetime,
    pack: UploadedFile | None = None,
) -> VisitRequest:
    """The coordinator confirms a date (and may attach the visitor pack); the
    requester is emailed, and the visit goes into both people's calendars."""
    visit, from_status = _move(actor, visit_id, "confirm")
    if starts_at <= timezone.now():
        raise Invalid("The visit must be in the future.", field="starts_at")
    if ends_at <= starts_at:
        raise Invalid("The visit must end after it starts.", field="ends_at")
    checked = _check_pack(pack)
    visit.visit_starts_at, visit.visit_ends_at = starts_at, ends_at
    visit.acknowledged_at = visit.acknowledged_at or timezone.now()
    visit.sequence += 1
    fields = ["status", "visit_starts_at", "visit_ends_at", "acknowledged_at", "sequence"]
    if checked:
        _store_pack(visit, pack, checked[1])
        fields += ["pack", "pack_name", "pack_content_type"]
    visit.save(update_fields=[*fields, "updated_at"])
    event = _record(visit, VisitEventKind.CONFIRMED, actor, from_status)
    _email_about(visit, event, visit.requester, "confirmed")
    return visit


def _store_pack(visit: VisitRequest, pack: UploadedFile, content_type: str) -> None:
    old = visit.pack.name if visit.pack else ""
    visit.pack_content_type = content_type
    visit.pack_name = pack.name[:200]
    visit.pack.save(pack.name, pack, save=False)
    if old:
        storage, name = visit.pack.storage, old
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_visitor_pack(*, actor: User, visit_id: int, pack: UploadedFile) -> VisitRequest:
    """The coordinator attaches (or replaces) the visitor pack of a confirmed visit."""
    visit = _lock_visit(visit_id)
    if not permissions.is_coordinator_of(actor, visit.beacon):
        raise NotAllowed("Only the Beacon's coordinator can add the visitor pack.")
    if visit.status != VisitStatus.CONFIRMED:
        raise Conflict("A visitor pack goes with a confirmed visit.")
    _, content_type = _check_pack(pack)
    _store_pack(visit, pack, content_type)
    visit.save(update_fields=["pack", "pack_name", "pack_content_type", "updated_at"])
    event = _record(visit, VisitEventKind.PACK_ADDED, actor, visit.status)
    _email_about(visit, event, visit.requester, "pack_added")
    return visit


@transaction.atomic
def decline_visit(*, actor: User, visit_id: int, reason: str) -> VisitRequest:
    """The coordinator declines, saying why; the requester is emailed."""
    visit, from_status = _move(actor, visit_id, "decline")
    reason = reason.strip()
    if not reason:
        raise Invalid("Give the reason for declining.", field="reason")
    visit.decline_reason = reason
    visit.acknowledged_at = visit.acknowledged_at or timezone.now()
    visit.save(update_fields=["status", "decline_reason", "acknowledged_at", "updated_at"])
    event = _record(visit, VisitEventKind.DECLINED, actor, from_status, reason)
    _email_about(visit, event, visit.requester, "declined")
    return visit


@transaction.atomic
def withdraw_visit(*, actor: User, visit_id: int, reason: str = "") -> VisitRequest:
    """The requester withdraws; the coordinator is emailed (and a confirmed
    visit is cancelled in calendars)."""
    visit, from_status = _move(actor, visit_id, "withdraw")
    visit.sequence += 1
    visit.save(update_fields=["status", "sequence", "updated_at"])
    event = _record(visit, VisitEventKind.WITHDRAWN, actor, from_status, reason.strip())
    _email_about(visit, event, visit.beacon.coordinator, "withdrawn")
    return visit


@transaction.atomic
def complete_visit(*, actor: User, visit_id: int) -> VisitRequest:
    """The coordinator records that the visit took place; the visitor is asked
    what they will change in their own service."""
    visit, from_status = _move(actor, visit_id, "complete")
    if visit.visit_starts_at > timezone.now():
        raise Conflict("The visit has not happened yet.")
    visit.save(update_fields=["status", "updated_at"])
    event = _record(visit, VisitEventKind.COMPLETED, actor, from_status)
    _email_about(visit, event, visit.requester, "completed")
    return visit


def remind_overdue(*, today: date | None = None) -> int:
    """Remind each coordinator, once, of each request not acknowledged in two
    working days. Safe to run any number of times, and two copies at once."""
    sent = 0
    pending = VisitRequest.objects.filter(overdue_q(today), reminded_at__isnull=True)
    for visit_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            visit = _lock_visit(visit_id)
            if visit.status != VisitStatus.REQUESTED or visit.reminded_at is not None:
                continue
            visit.reminded_at = timezone.now()
            visit.save(update_fields=["reminded_at", "updated_at"])
            event = _record(visit, VisitEventKind.REMINDED, None, visit.status)
            _email_about(visit, event, visit.beacon.coordinator, "overdue")
            sent += 1
    return sent


# -- after the visit ------------------------------------------------------------------


@transaction.atomic
def record_visit_outcome(
    *, actor: User, visit_id: int, will_change: str, may_share: bool
) -> VisitOutcome:
    """The visitor says what they will change in their own service (once)."""
    visit = _lock_visit(visit_id)
    if visit.requester_id != actor.pk:
        raise NotAllowed("Only the person who visited can say what they took away.")
    if visit.status != VisitStatus.COMPLETED:
        raise Conflict("You can say what you took away once the visit has taken place.")
    will_change = will_change.strip()
    if not will_change:
        raise Invalid("Say what you will change in your own service.", field="will_change")
    if hasattr(visit, "outcome"):
        raise Conflict("You have already said what you took away from this visit. Thank you.")
    return VisitOutcome.objects.create(visit=visit, will_change=will_change, may_share=may_share)


def _draft_from(actor: User, beacon: Beacon, text: str) -> PracticeExample:
    if actor.organisation_id is None:
        raise Invalid("Add your organisation to your profile first: an example needs one.")
    example, _ = practice.save_example(
        actor=actor,
        example=None,
        values={
            "title": f"What we changed after learning from {beacon.service_name}"[:200],
            "summary": text,
            "organisation_id": actor.organisation_id,
            "what_was_done": text,
        },
        topics=[],
        expected_version=None,
    )
    return example


@transaction.atomic
def draft_example_from_visit(*, actor: User, visit_id: int) -> SpreadExample:
    """Turn what a visitor took away into a draft practice example of their
    own, in one step, keeping the link back to the Beacon."""
    visit = _lock_visit(visit_id)
    outcome = VisitOutcome.objects.filter(visit=visit).first()
    if visit.requester_id != actor.pk:
        raise NotAllowed("Only the person who visited can do that.")
    if outcome is None:
        raise Conflict("Say what you will change first.")
    if SpreadExample.objects.filter(visit=visit).exists():
        raise Conflict("You have already started an example from this visit.")
    example = _draft_from(actor, visit.beacon, outcome.will_change)
    return SpreadExample.objects.create(
        beacon=visit.beacon, example=example, visit=visit, created_by=actor
    )


@transaction.atomic
def draft_example_from_feedback(*, actor: User, feedback_id: int) -> SpreadExample:
    """The same, from what an attendee said after one of a Beacon's open days."""
    feedback = (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("booking__session")
        .filter(pk=feedback_id, booking__user_id=actor.pk)
        .first()
    )
    session = feedback.booking.session if feedback else None
    if session is None or session.kind != Kind.BEACON_OPEN_DAY:
        raise NotAllowed("Only the person who attended can do that.")
    beacon = Beacon.objects.filter(pk=session.owner_id).first()
    if beacon is None or session.owner_type.model_class() is not Beacon:
        raise NotAllowed("Only the person who attended can do that.")
    if SpreadExample.objects.filter(feedback=feedback).exists():
        raise Conflict("You have already started an example from this open day.")
    example = _draft_from(actor, beacon, feedback.will_change)
    return SpreadExample.objects.create(
        beacon=beacon, example=example, feedback=feedback, created_by=actor
    )


# -- open days --------------------------------------------------------------------------


def create_open_day(*, actor: User, beacon_id: int, **values) -> Session:
    """An open day of this Beacon: a session of the booking engine, owned by the
    Beacon, whose bookings, waiting list, reminders and attendance are the engine's."""
    beacon = Beacon.objects.select_related("organisation").get(pk=beacon_id)
    if not permissions.is_coordinator_of(actor, beacon):
        raise NotAllowed("Only the Beacon's coordinator can add its open days.")
    if not beacon.is_designated:
        raise Conflict("This Beacon's designation has ended, so it holds no new open days.")
    if values["starts_at"] <= timezone.now():
        raise Invalid("The open day must be in the future.", field="starts_at")
    # An open day is held by the Beacon's organisation, in its region.
    values["region_id"] = beacon.organisation.region_id
    values["organisation_id"] = beacon.organisation_id
    return engine.create_session(actor=actor, owner=beacon, kind=Kind.BEACON_OPEN_DAY, **values)
