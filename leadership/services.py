"""Writes with consequences for leadership applications and cohorts.

Every lifecycle move goes through `transition_application` (the applicant's
and the coordinator's) or `answer_as_sponsor` (the sponsor's, by their link).
Each locks the cohort and then the application, in that order everywhere, so
that two acceptances at once are counted one after the other and places are
never exceeded; checks the move against `ACTIONS`; writes the history row; and
queues the emails, all in one transaction.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from leadership import permissions, sponsor_links
from leadership.models import (
    ACTIONS,
    ANSWER_MAX_CHARS,
    MAX_PLACES,
    STATEMENT_MAX_CHARS,
    Actor,
    Alumnus,
    Application,
    ApplicationEvent,
    Cohort,
    CohortState,
    EventKind,
    Programme,
    Status,
)
from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed

# The answers an applicant gives, and what a coordinator needs of each before
# the application can be submitted.
ANSWER_FIELDS = {
    "current_role": "Enter your current role",
    "experience": "Describe your experience of leading or managing",
    "development": "Say what you want to develop",
    "statement": "Write your statement",
    "sponsor_name": "Enter your sponsor's name",
    "sponsor_email": "Enter your sponsor's email address",
}
LIMITS = {
    "current_role": 200,
    "experience": ANSWER_MAX_CHARS,
    "development": ANSWER_MAX_CHARS,
    "statement": STATEMENT_MAX_CHARS,
    "sponsor_name": 150,
    "sponsor_email": 254,
}


def missing_answers(application: Application) -> dict[str, str]:
    """The answers still empty, with what to do about each."""
    return {
        field: message
        for field, message in ANSWER_FIELDS.items()
        if not getattr(application, field).strip()
    }


def window_message(cohort: Cohort, today: date | None = None) -> str:
    """Why this cohort takes no applications today, in words; empty when it does."""
    state = cohort.state(today)
    if state == CohortState.UPCOMING:
        return (
            f"Applications for {cohort} open on {cohort.applications_open:%-d %B %Y}. "
            "You can apply from then."
        )
    if state in {CohortState.CLOSED, CohortState.STARTED}:
        return (
            f"Applications for {cohort} closed on {cohort.applications_close:%-d %B %Y}, so "
            "no application can be started or submitted now."
        )
    return ""


def _refuse_outside_window(cohort: Cohort) -> None:
    message = window_message(cohort)
    if message:
        raise Conflict(message)


def _check_answers(values: dict, applicant: User) -> None:
    for field, limit in LIMITS.items():
        if len(values.get(field) or "") > limit:
            raise Invalid(
                f"{ANSWER_FIELDS[field].split(' ', 1)[1].capitalize()} must be {limit:,} "
                "characters or fewer",
                field=field,
            )
    sponsor = (values.get("sponsor_email") or "").strip().lower()
    if sponsor and sponsor == applicant.email.strip().lower():
        raise Invalid(
            "Your sponsor must be someone else, usually your line manager: enter their "
            "email address, not yours",
            field="sponsor_email",
        )


def _actor_name(user: User, role: str) -> str:
    return f"{user.full_name or user.email} ({role})"


def _lock(application_id: int) -> tuple[Cohort, Application]:
    """Lock the cohort, then the application: the one order every write uses."""
    cohort_id = (
        Application.objects.filter(pk=application_id).values_list("cohort_id", flat=True).first()
    )
    if cohort_id is None:
        raise Invalid("That application does not exist.")
    cohort = (
        Cohort.objects.select_for_update(of=("self",)).select_related("programme").get(pk=cohort_id)
    )
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application_id)
    )
    application.cohort = cohort
    return cohort, application


# -- The applicant's draft ------------------------------------------------------------


def save_draft(
    *, actor: User, cohort: Cohort, values: dict, application_id: int | None = None
) -> Application:
    """Start or update a draft; it can be finished later, while the window is open.

    A draft is the applicant's alone: nobody else sees it, and nothing is sent.
    """
    values = {field: (values.get(field) or "").strip() for field in ANSWER_FIELDS}
    _check_answers(values, actor)
    with transaction.atomic():
        if application_id is None:
            cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
            _refuse_outside_window(cohort)
            application = Application(cohort=cohort, applicant=actor)
        else:
            cohort, application = _lock(application_id)
            if not permissions.is_applicant(actor, application):
                raise NotAllowed("You can only change your own application.")
            if not permissions.can_edit(actor, application):
                raise Conflict(
                    f"This application is {application.get_status_display().lower()}, so its "
                    "answers can no longer be changed."
                )
            _refuse_outside_window(cohort)
        for field, value in values.items():
            setattr(application, field, value)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as error:
            raise Conflict(
                f"You already have an application for {cohort}. Open it from "
                "“Your applications” to carry on."
            ) from error
    return application


# -- The lifecycle -------------------------------------------------------------------


def transition_application(
    *, actor: User, application_id: int, action: str, reason: str = ""
) -> Application:
    """Move an application along its lifecycle as the applicant or a coordinator,
    or refuse with a clear reason and change nothing.

    Only what `permissions.allowed_actions` lists for this person, for the
    status the application has once locked, goes through.
    """
    rule = ACTIONS.get(action)
    if rule is None or rule.by == Actor.SPONSOR:
        raise Invalid("That is not something that can be done to an application.")
    reason = reason.strip()
    with transaction.atomic():
        cohort, application = _lock(application_id)
        if action not in permissions.allowed_actions(actor, application):
            who = permissions.is_applicant if rule.by == Actor.APPLICANT else permissions.can_decide
            if not who(actor, application):
                raise NotAllowed("You cannot do that to this application.")
            raise Conflict(
                f"This application is {application.get_status_display().lower()}, so it cannot "
                f"be {rule.event.label.lower()} now. Someone may have acted on it already."
            )
        if rule.reason_required and not reason:
            raise Invalid(rule.reason_required + ".", field="reason")
        if len(reason) > ANSWER_MAX_CHARS:
            raise Invalid(
                f"The reason must be {ANSWER_MAX_CHARS:,} characters or fewer.", field="reason"
            )
        if action == "submit":
            _check_submittable(cohort, application)
        if action == "accept":
            _refuse_if_full(cohort)

        now = timezone.now()
        from_status = application.status
        application.status = rule.to_status
        fields = ["status", "updated_at"]
        if action == "submit":
            application.submitted_at = now
            application.sponsor_asked_at = now
            fields += ["submitted_at", "sponsor_asked_at"]
        if rule.by == Actor.COORDINATOR:
            application.decided_at = now
            application.decision_reason = reason
            fields += ["decided_at", "decision_reason"]
        if action == "reserve":
            application.reserved_at = now
            fields.append("reserved_at")
        application.save(update_fields=fields)
        role = "coordinator" if rule.by == Actor.COORDINATOR else "applicant"
        event = ApplicationEvent.objects.create(
            application=application,
            actor=actor,
            actor_name=_actor_name(actor, role),
            kind=rule.event,
            from_status=from_status,
            to_status=rule.to_status,
            comment=reason,
            created_at=now,
        )
        if action == "submit":
            _ask_sponsor(application)
        if from_status != Status.DRAFT:
            _tell_applicant(application, event)
        if action == "withdraw" and from_status != Status.DRAFT:
            _tell_coordinators(application, event, place_freed=from_status == Status.ACCEPTED)
    return application


def _check_submittable(cohort: Cohort, application: Application) -> None:
    _refuse_outside_window(cohort)
    missing = missing_answers(application)
    if missing:
        raise Invalid("Complete these before submitting: " + "; ".join(missing.values()) + ".")
    _check_answers({field: getattr(application, field) for field in LIMITS}, application.applicant)


def places_taken(cohort: Cohort) -> int:
    return cohort.applications.filter(status=Status.ACCEPTED).count()


def _refuse_if_full(cohort: Cohort) -> None:
    # The cohort's row is locked: another acceptance waits here until this
    # transaction ends, then counts this one too.
    if places_taken(cohort) >= cohort.places:
        raise Conflict(
            f"All {cohort.places} places on {cohort} are taken, so nobody more can be "
            "accepted. Put the applicant on the reserve list instead."
        )


def first_reserve(cohort: Cohort) -> Application | None:
    """Who is offered a place that comes free: the earliest on the reserve list."""
    return (
        cohort.applications.filter(status=Status.RESERVE)
        .select_related("applicant")
        .order_by("reserved_at", "pk")
        .first()
    )


# -- The sponsor ---------------------------------------------------------------------


def resend_sponsor_link(*, actor: User, application_id: int) -> Application:
    """Send the sponsor a new link (the old one stops working), for example when
    the first has expired. At most one a day."""
    with transaction.atomic():
        _cohort, application = _lock(application_id)
        if not permissions.is_applicant(actor, application):
            raise NotAllowed("You can only send links for your own application.")
        if application.status != Status.AWAITING_SPONSOR:
            raise Conflict("Your sponsor has already answered, so there is nothing to send.")
        now = timezone.now()
        if application.sponsor_asked_at and (now - application.sponsor_asked_at).days < 1:
            raise Conflict(
                "A link was sent to your sponsor less than a day ago. Ask them to check their "
                "email, including any junk folder, before sending another."
            )
        application.sponsor_asked_at = now
        application.save(update_fields=["sponsor_asked_at", "updated_at"])
        ApplicationEvent.objects.create(
            application=application,
            actor=actor,
            actor_name=_actor_name(actor, "applicant"),
            kind=EventKind.SPONSOR_ASKED_AGAIN,
            from_status=application.status,
            to_status=application.status,
            created_at=now,
        )
        _ask_sponsor(application)
    return application


def answer_as_sponsor(
    *, application_id: int, token: str, endorse: bool, comment: str = ""
) -> Application:
    """The sponsor endorses (or does not) by their link, which is then used up."""
    action = "endorse" if endorse else "not_endorse"
    rule = ACTIONS[action]
    comment = comment.strip()
    with transaction.atomic():
        _cohort, application = _lock(application_id)
        refusal = sponsor_links.check(token, application, application_id)
        if refusal is not None:
            raise Conflict(refusal.message)
        if rule.reason_required and not comment:
            raise Invalid(rule.reason_required + ".", field="comment")
        if len(comment) > ANSWER_MAX_CHARS:
            raise Invalid(
                f"Your comment must be {ANSWER_MAX_CHARS:,} characters or fewer.", field="comment"
            )
        now = timezone.now()
        from_status = application.status
        application.status = rule.to_status
        application.sponsor_answered_at = now
        application.sponsor_comment = comment
        fields = ["status", "sponsor_answered_at", "sponsor_comment", "updated_at"]
        if not endorse:
            application.decided_at = now
            application.decision_reason = comment
            fields += ["decided_at", "decision_reason"]
        application.save(update_fields=fields)
        event = ApplicationEvent.objects.create(
            application=application,
            actor=None,
            actor_name=f"{application.sponsor_name} (sponsor)",
            kind=rule.event,
            from_status=from_status,
            to_status=rule.to_status,
            comment=comment,
            created_at=now,
        )
        _tell_applicant(application, event)
        if endorse:
            _tell_coordinators(application, event)
    return application


# -- After the programme ---------------------------------------------------------------


def record_completion(*, actor: User, application_id: int) -> Alumnus:
    """A coordinator records that an accepted applicant completed the programme.

    They are not listed on the programme's page until they agree themselves.
    """
    with transaction.atomic():
        cohort, application = _lock(application_id)
        if not permissions.can_decide(actor, application):
            raise NotAllowed("Only the programme's coordinators can record who completed it.")
        if application.status != Status.ACCEPTED or cohort.state() != CohortState.STARTED:
            raise Conflict("Only someone accepted onto a cohort that has started can complete it.")
        alumnus, created = Alumnus.objects.get_or_create(
            programme_id=cohort.programme_id,
            person=application.applicant,
            defaults={"cohort": cohort, "completed_on": timezone.localdate()},
        )
        if created:
            event = ApplicationEvent.objects.create(
                application=application,
                actor=actor,
                actor_name=_actor_name(actor, "coordinator"),
                kind=EventKind.COMPLETED,
                from_status=application.status,
                to_status=application.status,
            )
            _tell_applicant(application, event)
    return alumnus


def set_alumni_listing(*, actor: User, alumnus_id: int, listed: bool) -> Alumnus:
    """The alumnus, and only they, choose whether the programme's page lists them."""
    with transaction.atomic():
        alumnus = Alumnus.objects.select_for_update().filter(pk=alumnus_id).first()
        if alumnus is None or alumnus.person_id != actor.pk:
            raise NotAllowed("You can only change your own listing.")
        alumnus.listed = listed
        alumnus.listed_changed_at = timezone.now()
        alumnus.save(update_fields=["listed", "listed_changed_at"])
    return alumnus


# -- Cohorts ------------------------------------------------------------------------------

COHORT_FIELDS = ("name", "applications_open", "applications_close", "starts_on", "places", "region")


def save_cohort(
    *, actor: User, programme: Programme, values: dict, cohort_id: int | None = None
) -> Cohort:
    """A coordinator adds a cohort to their programme or changes one.

    Places may not drop below the number already accepted.
    """
    if not permissions.can_manage_programme(actor, programme):
        raise NotAllowed("Only the programme's coordinators can change its cohorts.")
    opens, closes, starts = (
        values["applications_open"],
        values["applications_close"],
        values["starts_on"],
    )
    if closes < opens:
        raise Invalid(
            "The closing date must be on or after the opening date", field="applications_close"
        )
    if starts <= closes:
        raise Invalid("The start date must be after applications close", field="starts_on")
    if not 1 <= values["places"] <= MAX_PLACES:
        raise Invalid(f"Enter between 1 and {MAX_PLACES} places", field="places")
    with transaction.atomic():
        if cohort_id is None:
            cohort = Cohort(programme=programme)
        else:
            cohort = (
                Cohort.objects.select_for_update().filter(pk=cohort_id, programme=programme).first()
            )
            if cohort is None:
                raise NotAllowed("That cohort is not one of this programme's.")
            taken = places_taken(cohort)
            if values["places"] < taken:
                raise Invalid(
                    f"{taken} people have been accepted already, so there must be at least "
                    f"{taken} places",
                    field="places",
                )
        for field in COHORT_FIELDS:
            setattr(cohort, field, values[field])
        cohort.save()
    return cohort


# -- Email ------------------------------------------------------------------------------


def _application_link(application: Application) -> str:
    return absolute_url(reverse("leadership:application", kwargs={"pk": application.pk}))


def _ask_sponsor(application: Application) -> None:
    send_once(
        key=(
            "leadership.sponsor_request",
            application.sponsor_email.lower(),
            f"application:{application.pk}:sent:{application.sponsor_asked_at.isoformat()}",
        ),
        to=[application.sponsor_email],
        template="leadership/email/sponsor_request",
        context={
            "application": application,
            "cohort": application.cohort,
            "link": sponsor_links.link_for(application),
            "days": sponsor_links.LINK_LIFETIME.days,
        },
        reply_to=[application.applicant.email],
    )


def _tell_applicant(application: Application, event: ApplicationEvent) -> None:
    """Email the applicant what was decided, with the reason they were given."""
    send_once(
        key=("leadership.decision", f"user:{application.applicant_id}", f"event:{event.pk}"),
        to=[application.applicant.email],
        template="leadership/email/decision",
        context={
            "application": application,
            "cohort": application.cohort,
            "event": event,
            "link": _application_link(application),
        },
    )


def _tell_coordinators(
    application: Application, event: ApplicationEvent, *, place_freed: bool = False
) -> None:
    """Email the programme's coordinators that an application is ready for them,
    or was withdrawn (with who is first on the reserve list when a place is free)."""
    cohort = application.cohort
    coordinators = User.objects.filter(
        is_active=True, programme_links__programme_id=cohort.programme_id
    ).exclude(pk=application.applicant_id)
    reserve = first_reserve(cohort) if place_freed else None
    for coordinator in coordinators:
        send_once(
            key=("leadership.coordinator", f"user:{coordinator.pk}", f"event:{event.pk}"),
            to=[coordinator.email],
            template="leadership/email/coordinator_notice",
            context={
                "application": application,
                "cohort": cohort,
                "event": event,
                "first_reserve": reserve,
                "link": _application_link(application),
                "cohort_link": absolute_url(cohort.get_absolute_url()),
            },
        )
