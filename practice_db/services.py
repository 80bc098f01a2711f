"""Writes with consequences for practice examples.

Every lifecycle move goes through `transition_example`: it locks the row,
checks the rule, writes the history row and queues the emails, all in one
transaction. Saving text goes through `save_example`, which refuses a save
based on an out-of-date version and turns edits of a published example into
a pending revision.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from directory.models import Organisation
from learning_network import unsubscribe
from learning_network.email import absolute_url, send_once
from learning_network.errors import Conflict, Invalid, NotAllowed, RateLimited
from learning_network.tokens import load_signed
from practice_db import permissions
from practice_db.models import (
    ACTIONS,
    Actor,
    Attachment,
    ContactMessage,
    EventKind,
    ModerationEvent,
    PracticeExample,
    Revision,
    RevisionStatus,
    Status,
    WorkStatus,
    default_review_date,
)
from practice_db.published import forget_published_counts
from practice_db.uploads import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, check_attachment

# The text fields a submitter and moderator edit (and a revision proposes).
# Not `is_beacon`: the Beacons app sets it from the example's link to a
# designated Beacon, so no edit or approved revision may put back an old value.
CONTENT_FIELDS = [
    "title",
    "summary",
    "organisation_id",
    "care_setting",
    "population",
    "work_status",
    "started_on",
    "ended_on",
    "problem",
    "what_was_done",
    "results",
    "did_not_work",
    "evidence_kind",
    "evidence_rating",
    "evidence",
    "resources",
    "lessons",
    "links",
    "lead_name",
    "lead_role",
    "lead_email",
    "lead_phone",
    "lead_consents",
]

# What a moderator needs before an example can be submitted.
REQUIRED_FOR_REVIEW = {
    "summary": "Enter a summary",
    "problem": "Describe the problem addressed",
    "what_was_done": "Describe what was done",
    "results": "Describe the results and outcomes",
    "evidence_kind": "Choose the kind of evidence",
    "evidence_rating": "Choose the strength of the evidence",
    "work_status": "Choose the status of the work",
    "lead_name": "Enter the lead's name",
    "lead_email": "Enter the lead's email address",
}


# Work not started yet has no results or evidence to give.
NOT_NEEDED_WHEN_PLANNED = {"results", "evidence_kind", "evidence_rating"}


def required_for_review(work_status: str) -> dict[str, str]:
    """What a moderator needs, for work at this stage, with what to do."""
    if work_status == WorkStatus.PLANNED:
        return {
            field: message
            for field, message in REQUIRED_FOR_REVIEW.items()
            if field not in NOT_NEEDED_WHEN_PLANNED
        }
    return REQUIRED_FOR_REVIEW


def missing_for_review(example: PracticeExample) -> dict[str, str]:
    """The fields a moderator needs that are still empty, with what to do."""
    missing = {
        field: message
        for field, message in required_for_review(example.work_status).items()
        if not getattr(example, field)
    }
    if not example.topics.exists():
        missing["topics"] = "Choose at least one topic"
    return missing


def _record(
    example: PracticeExample, actor: User, kind: EventKind, comment: str = ""
) -> ModerationEvent:
    """A history row for something done to an example that leaves its status."""
    return ModerationEvent.objects.create(
        example=example,
        actor=actor,
        from_status=example.status,
        to_status=example.status,
        kind=kind,
        comment=comment,
    )


def _lock(example_id: int) -> PracticeExample:
    return (
        PracticeExample.objects.select_for_update(of=("self",))
        .select_related("organisation__region", "submitter")
        .get(pk=example_id)
    )


# Said when a decision was made on a page whose text has since changed.
CHANGED_WHILE_READING = (
    "This example has changed since you opened it, so nothing has been done. "
    "Read it again below, then decide."
)
REPLACED_WHILE_READING = (
    "The changes you were reading have been replaced by newer ones, so nothing has been "
    "approved. Read the new changes below, then decide."
)


def transition_example(
    *,
    actor: User,
    example_id: int,
    action: str,
    comment: str = "",
    expected_version: int | None = None,
) -> PracticeExample:
    """Move an example along its lifecycle, or refuse with a clear reason.

    Only the actions `permissions.allowed_actions` lists for this person and
    this example, in the status it has once its row is locked, go through.
    `expected_version` is the version the person read: the example page posts
    it, and a decision on text that has changed since is refused (409).
    """
    rule = ACTIONS.get(action)
    if rule is None:
        raise Invalid("That is not something that can be done to an example.")
    comment = comment.strip()
    with transaction.atomic():
        example = _lock(example_id)
        if action not in permissions.allowed_actions(actor, example):
            may_act = (
                permissions.is_submitter if rule.by == Actor.SUBMITTER else permissions.can_moderate
            )
            if not may_act(actor, example):
                raise NotAllowed("You cannot do that to this example.")
            raise Conflict(
                f"This example is {example.get_status_display().lower()}, so it cannot be "
                f"{rule.event.label.lower()} now. Someone may have acted on it already."
            )
        if expected_version is not None and example.version != expected_version:
            raise Conflict(CHANGED_WHILE_READING)
        if rule.comment_required and not comment:
            raise Invalid(rule.comment_required + ".", field="comment")
        if action == "submit" and (missing := missing_for_review(example)):
            raise Invalid("Complete these before submitting: " + "; ".join(missing.values()) + ".")

        now = timezone.now()
        from_status = example.status
        example.status = rule.to_status
        fields = ["status", "updated_at"]
        if action in {"submit", "reopen"}:
            # A reopened example waits its ten working days afresh.
            example.submitted_at = now
            fields.append("submitted_at")
        if action == "publish":
            example.published_at = now
            example.review_date = default_review_date(timezone.localdate(now))
            example.review_notified_on = None
            fields += ["published_at", "review_date", "review_notified_on"]
        if rule.to_status in {Status.PUBLISHED, Status.REJECTED, Status.ARCHIVED}:
            example.assigned_to = None
            fields.append("assigned_to")
        example.save(update_fields=fields)
        if Status.PUBLISHED in {from_status, rule.to_status}:
            forget_published_counts()
        event = ModerationEvent.objects.create(
            example=example,
            actor=actor,
            from_status=from_status,
            to_status=rule.to_status,
            kind=rule.event,
            comment=comment,
            created_at=now,
        )
        if action == "submit":
            _notify_moderators_of_submission(example, event)
        else:
            _notify_submitter_of_decision(example, event)
        _ask_lead_if_needed(example)
    return example


def assign_example(*, actor: User, example_id: int) -> PracticeExample:
    """A moderator takes an item in their queue."""
    with transaction.atomic():
        example = _lock(example_id)
        if not permissions.can_moderate(actor, example):
            raise NotAllowed("You cannot take this example.")
        if example.status not in {Status.SUBMITTED, Status.CHANGES_REQUESTED}:
            raise Conflict("Only an example waiting for a decision can be taken.")
        if example.assigned_to_id != actor.pk:
            example.assigned_to = actor
            example.save(update_fields=["assigned_to", "updated_at"])
            _record(example, actor, EventKind.TAKEN)
    return example


def save_example(
    *,
    actor: User,
    example: PracticeExample | None,
    values: dict,
    topics: list,
    expected_version: int | None,
    attachment_ids: list[int] | None = None,
) -> tuple[PracticeExample, Revision | None]:
    """Create or update an example's text and documents.

    A save based on an older version than the stored one is refused, so two
    people editing at once never overwrite each other. A submitter's edit of
    a published example becomes a pending revision; the live text stays.
    `attachment_ids` is the whole set of documents wanted: ones already
    attached, and ones this person staged while filling in the form.
    """
    values = {field: values[field] for field in CONTENT_FIELDS if field in values}
    with transaction.atomic():
        if example is None:
            created = PracticeExample.objects.create(submitter=actor, **values)
            created.topics.set(topics)
            _set_attachments(created, staged_by=actor, attachment_ids=attachment_ids)
            return created, None
        locked = _lock(example.pk)
        if not permissions.can_edit(actor, locked):
            raise NotAllowed("You cannot edit this example now.")
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(
                "Someone else saved this example while you were editing it. Your changes "
                "are still in the form below: compare them with the saved version, then "
                "save again."
            )
        if locked.status == Status.PUBLISHED:
            revision = _propose_revision(actor, locked, values, topics, attachment_ids)
            return locked, revision
        destination = region_move(locked, values.get("organisation_id"))
        if destination and not permissions.is_submitter(actor, locked):
            _refuse_move_unless_moderated(actor, locked, destination)
        _set_content(locked, values)
        if destination:
            # The old region's moderator no longer decides on it.
            locked.assigned_to = None
        locked.version += 1
        locked.save()
        locked.topics.set(topics)
        _set_attachments(locked, staged_by=actor, attachment_ids=attachment_ids)
        if not permissions.is_submitter(actor, locked):
            _record(locked, actor, EventKind.EDITED)
    return locked, None


def _set_content(example: PracticeExample, values: dict) -> None:
    """Put new text on an example. A new lead address must be confirmed again."""
    before = example.lead_email.strip().lower()
    for field, value in values.items():
        setattr(example, field, value)
    if example.lead_email.strip().lower() != before:
        example.lead_asked_at = example.lead_confirmed_at = None
        example.lead_confirmed_email = ""


def region_move(example: PracticeExample, organisation_id: int | None) -> Organisation | None:
    """The organisation the example would move to, when that is in another region."""
    if organisation_id is None or organisation_id == example.organisation_id:
        return None
    destination = Organisation.objects.select_related("region").filter(pk=organisation_id).first()
    if destination is None or destination.region_id == example.organisation.region_id:
        return None
    return destination


def _refuse_move_unless_moderated(
    actor: User, example: PracticeExample, destination: Organisation
) -> None:
    """A moderator moves an example only into a region they moderate too."""
    if not permissions.can_moderate_at(actor, example, destination):
        region = destination.region.name
        raise Invalid(
            f"You do not moderate {region}, so you cannot move this example to "
            f"{destination.name}. Ask a moderator of {region}, or a national moderator, "
            "to move it.",
            field="organisation",
        )


def _serialise(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


# Where a revision keeps the documents it proposes, beside the text fields.
REVISION_ATTACHMENTS_KEY = "_attachment_ids"


def _propose_revision(
    actor: User,
    example: PracticeExample,
    values: dict,
    topics: list,
    attachment_ids: list[int] | None,
) -> Revision:
    replaced = example.revisions.filter(status=RevisionStatus.PENDING).update(
        status=RevisionStatus.WITHDRAWN, decided_at=timezone.now()
    )
    content = {field: _serialise(value) for field, value in values.items()}
    if attachment_ids is not None:
        # Only documents already on this example, or staged by this person and
        # not proposed for another example: a moderator approves nothing that
        # the page for these changes does not let them open.
        attached = set(example.attachments.values_list("pk", flat=True))
        staged = set(
            Attachment.objects.filter(
                example__isnull=True, uploaded_by=actor, pk__in=attachment_ids
            )
            .filter(Q(revision__isnull=True) | Q(revision__example=example))
            .values_list("pk", flat=True)
        )
        attachment_ids = sorted((attached & set(attachment_ids)) | staged)
        content[REVISION_ATTACHMENTS_KEY] = attachment_ids
    revision = Revision.objects.create(
        example=example,
        author=actor,
        content=content,
        topic_ids=[topic.pk for topic in topics],
    )
    if attachment_ids:
        # The documents staged for these changes: its moderators may open them.
        Attachment.objects.filter(
            example__isnull=True, uploaded_by=actor, pk__in=attachment_ids
        ).update(revision=revision)
    example.version += 1
    example.save(update_fields=["version", "updated_at"])
    event = _record(example, actor, EventKind.CHANGES_PROPOSED)
    destination = region_move(example, values.get("organisation_id"))
    # Changes replacing changes still waiting are already in the moderators'
    # queue: they are told once, however often the submitter saves.
    if not replaced:
        _notify_moderators_of_submission(
            example,
            event,
            revision=True,
            also_region_id=destination.region_id if destination else None,
        )
    return revision


def decide_revision(
    *,
    actor: User,
    revision_id: int,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> Revision:
    """Approve (the revision's text goes live) or decline a pending revision.

    `revision_id` and `expected_version` are what the moderator read: the page
    posts both, and a decision on changes that have since been replaced, or on
    an example that has changed, is refused (409) rather than publishing text
    nobody read.

    Changes that move a published example to an organisation in another
    region are approved only by someone who moderates both regions (a
    national moderator does): the moderators of the region it is in are
    answerable for it until it moves, those of the other region after. This
    keeps one rule for every move (a moderator moves an example only where
    they may still moderate it) and the queues as they are; the region's own
    moderators may still decline the move, saying why, and those who can
    approve it are the ones emailed.
    """
    example_id = (
        Revision.objects.filter(pk=revision_id).values_list("example_id", flat=True).first()
    )
    if example_id is None:
        raise Conflict("These changes are no longer waiting for a decision.")
    with transaction.atomic():
        # The example first, then its revision: the order every write takes
        # them in (proposing changes does too), so two at once queue rather
        # than deadlock.
        example = _lock(example_id)
        revision = Revision.objects.select_for_update().get(pk=revision_id)
        if not permissions.can_moderate(actor, example):
            raise NotAllowed("You cannot decide on this revision.")
        if revision.status == RevisionStatus.WITHDRAWN:
            raise Conflict(REPLACED_WHILE_READING)
        if revision.status != RevisionStatus.PENDING:
            raise Conflict("These changes have been decided already.")
        if expected_version is not None and example.version != expected_version:
            raise Conflict(REPLACED_WHILE_READING)
        if not approve and not comment.strip():
            raise Invalid("Give the reason for not approving the changes.", field="comment")
        now = timezone.now()
        if approve:
            content = dict(revision.content)
            destination = region_move(example, content.get("organisation_id"))
            if destination and not permissions.can_moderate_at(actor, example, destination):
                raise Invalid(
                    f"These changes move the example to {destination.name}, in "
                    f"{destination.region.name}. Only someone who moderates both "
                    f"{example.organisation.region.name} and {destination.region.name} (or "
                    "a national moderator) can approve them. You can decline them, saying why.",
                    field="organisation",
                )
            if destination:
                example.assigned_to = None
            attachment_ids = content.pop(REVISION_ATTACHMENTS_KEY, None)
            field_types = {f.attname: f for f in PracticeExample._meta.concrete_fields}
            _set_content(
                example,
                {
                    field: field_types[field].to_python(value)
                    for field, value in content.items()
                    if field in CONTENT_FIELDS
                },
            )
            example.version += 1
            example.save()
            example.topics.set(revision.topic_ids)
            if example.is_published:
                forget_published_counts()  # its organisation or topics may have changed
            _set_attachments(
                example,
                staged_by=revision.author,
                attachment_ids=attachment_ids,
                proposed_in=revision,
            )
            _ask_lead_if_needed(example)
        revision.status = RevisionStatus.APPROVED if approve else RevisionStatus.REJECTED
        revision.decided_by = actor
        revision.decided_at = now
        revision.comment = comment.strip()
        revision.save(update_fields=["status", "decided_by", "decided_at", "comment"])
        kind = EventKind.CHANGES_APPROVED if approve else EventKind.CHANGES_NOT_APPROVED
        _notify_submitter_of_decision(example, _record(example, actor, kind, comment.strip()))
    return revision


def region_moderators(example: PracticeExample, also_region_id: int | None = None) -> list[User]:
    """Who is told of a submission: the region's moderators, else national ones.

    With `also_region_id` (changes that would move the example there), those
    who moderate both regions, else national ones: only they can approve.
    """
    regional = User.objects.filter(
        is_active=True,
        groups__name=Role.REGIONAL_MODERATOR,
        moderated_regions__region_id=example.organisation.region_id,
    )
    if also_region_id is not None:
        regional = regional.filter(
            pk__in=User.objects.filter(moderated_regions__region_id=also_region_id)
        )
    regional = list(regional.exclude(pk=example.submitter_id).distinct())
    if regional:
        return regional
    return list(
        User.objects.filter(is_active=True, groups__name=Role.NATIONAL_MODERATOR)
        .exclude(pk=example.submitter_id)
        .distinct()
    )


def _notify_moderators_of_submission(
    example: PracticeExample,
    event: ModerationEvent,
    revision: bool = False,
    also_region_id: int | None = None,
) -> None:
    # The history row of this submission names it in each email's key.
    for moderator in region_moderators(example, also_region_id):
        send_once(
            key=("practice_db.submitted", f"user:{moderator.pk}", f"event:{event.pk}"),
            to=moderator.email,
            template="practice_db/email/submitted",
            context={
                "example": example,
                "region": example.organisation.region,
                "revision": revision,
                "link": absolute_url(reverse("practice_db:example", kwargs={"pk": example.pk})),
                "queue_link": absolute_url(reverse("practice_db:queue")),
            },
            unsubscribe=unsubscribe.link("practice_db.submissions", address=moderator.email),
        )


def _notify_submitter_of_decision(example: PracticeExample, event: ModerationEvent) -> None:
    """Tell the submitter what a moderator decided, with the comment they wrote."""
    send_once(
        key=("practice_db.decision", f"user:{example.submitter_id}", f"event:{event.pk}"),
        to=[example.submitter.email],
        template="practice_db/email/decision",
        context={
            "example": example,
            "decision": event.get_kind_display(),
            "comment": event.comment,
            "moderator": event.actor,
            "link": absolute_url(reverse("practice_db:example", kwargs={"pk": example.pk})),
        },
    )


# What one person may have staged on forms not yet saved: two forms' worth.
# Documents proposed in changes waiting for a moderator do not count.
MAX_STAGED_FILES = 2 * MAX_ATTACHMENTS
MAX_STAGED_BYTES = 2 * MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES
# A person's documents left on forms never saved for this long are cleared
# when they stage more (and by `clear_stale_uploads` for everyone).
STAGED_KEPT_FOR = timedelta(days=1)


def stage_uploads(
    *, actor: User, uploads: list[UploadedFile]
) -> tuple[list[Attachment], list[ValidationError]]:
    """Check and keep each file before the form is validated, so that a form
    sent back with an error never loses a document already accepted.

    One person keeps at most MAX_STAGED_FILES documents (MAX_STAGED_BYTES) on
    forms not yet saved; their own left for a day are cleared first.
    """
    if len(uploads) > MAX_ATTACHMENTS:
        return [], [
            ValidationError(
                f"Choose at most {MAX_ATTACHMENTS} documents at once: you chose {len(uploads)}."
            )
        ]
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_attachment(upload)))
        except ValidationError as error:
            errors.append(error)
    if not checked:
        return [], errors
    staged = []
    with transaction.atomic():
        # One person's documents are counted one request at a time.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        clear_stale_uploads(older_than=STAGED_KEPT_FOR, uploaded_by=actor)
        waiting = (
            Attachment.objects.filter(example__isnull=True, uploaded_by=actor)
            .exclude(revision__status=RevisionStatus.PENDING)
            .aggregate(count=Count("pk"), size=Sum("size"))
        )
        count, size = waiting["count"], waiting["size"] or 0
        for upload, kind in checked:
            if count + 1 > MAX_STAGED_FILES or size + upload.size > MAX_STAGED_BYTES:
                errors.append(
                    ValidationError(
                        f"“{upload.name}” was not kept: you have {count} documents waiting on "
                        "forms you have not saved, and at most "
                        f"{MAX_STAGED_FILES} ({MAX_STAGED_BYTES // (1024 * 1024)} MB) can wait. "
                        "Save the form you are working on first. Documents on forms never "
                        "saved are cleared after a day.",
                        code="attachment",
                    )
                )
                continue
            staged.append(
                Attachment.objects.create(
                    example=None,
                    file=upload,
                    original_name=Path(upload.name).name[:200],
                    content_type=kind.content_type,
                    kind=kind.kind,
                    size=upload.size,
                    uploaded_by=actor,
                )
            )
            count, size = count + 1, size + upload.size
    return staged, errors


def _set_attachments(
    example: PracticeExample,
    *,
    staged_by: User,
    attachment_ids: list[int] | None,
    proposed_in: Revision | None = None,
) -> None:
    """Attach the staged documents wanted and remove the attached ones not wanted.

    Approving a revision (`proposed_in`) attaches only the documents proposed
    in that revision, the ones its moderators could open before deciding.
    """
    if attachment_ids is None:
        return
    wanted = set(attachment_ids)
    staged = Attachment.objects.filter(example__isnull=True, uploaded_by=staged_by, pk__in=wanted)
    if proposed_in is not None:
        staged = staged.filter(revision=proposed_in)
    staged.update(example=example)
    for attachment in example.attachments.exclude(pk__in=wanted):
        _delete_attachment(attachment)


def _delete_attachment(attachment: Attachment) -> None:
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))


def clear_stale_uploads(
    *, older_than: timedelta = timedelta(days=2), uploaded_by: User | None = None
) -> int:
    """Remove documents staged on a form that was never saved (those proposed
    in changes still waiting for a moderator stay); only one person's, when
    `uploaded_by` is given."""
    stale = Attachment.objects.filter(
        example__isnull=True, uploaded_at__lt=timezone.now() - older_than
    ).exclude(revision__status=RevisionStatus.PENDING)
    if uploaded_by is not None:
        stale = stale.filter(uploaded_by=uploaded_by)
    removed = 0
    with transaction.atomic():
        for attachment in stale.select_for_update(skip_locked=True, of=("self",)):
            _delete_attachment(attachment)
            removed += 1
    return removed


# -- The lead's confirmation ----------------------------------------------------

LEAD_CONFIRMATION_SALT = "practice_db.lead_confirmation"


def lead_confirmation_token(example: PracticeExample) -> str:
    """The signed part of the link a lead confirms by: this example, this address."""
    return signing.dumps(
        {"example": example.pk, "email": example.lead_email.strip().lower()},
        salt=LEAD_CONFIRMATION_SALT,
    )


def example_for_lead_token(token: str) -> PracticeExample | None:
    """The example a confirmation link is about, or None for a link not ours."""
    data = load_signed(token, salt=LEAD_CONFIRMATION_SALT)
    if not isinstance(data.get("example"), int):
        return None
    return (
        PracticeExample.objects.select_related("organisation", "submitter")
        .filter(pk=data["example"])
        .first()
    )


def _ask_lead_if_needed(example: PracticeExample) -> None:
    """Email the lead of a published example the link to confirm that staff
    may contact them, once for each address, unless they have confirmed."""
    if not (
        example.status == Status.PUBLISHED
        and example.lead_consents
        and example.lead_email
        and example.lead_confirmed_at is None
        and example.lead_asked_at is None
    ):
        return
    example.lead_asked_at = timezone.now()
    example.save(update_fields=["lead_asked_at"])
    link = reverse("practice_db:lead_confirm", kwargs={"token": lead_confirmation_token(example)})
    send_once(
        key=(
            "practice_db.lead_confirm",
            example.lead_email.strip().lower(),
            f"example:{example.pk}:asked:{example.lead_asked_at.isoformat()}",
        ),
        to=[example.lead_email],
        template="practice_db/email/lead_confirm",
        context={"example": example, "link": absolute_url(link)},
    )


def ask_waiting_leads() -> int:
    """Ask every lead of a published example who has never been asked (the
    leads of examples published before leads confirmed). Returns how many."""
    waiting = PracticeExample.objects.published().filter(
        lead_consents=True, lead_confirmed_at__isnull=True, lead_asked_at__isnull=True
    )
    asked = 0
    for example_id in waiting.exclude(lead_email="").values_list("pk", flat=True):
        with transaction.atomic():
            example = _lock(example_id)
            if example.lead_asked_at is None:
                _ask_lead_if_needed(example)
                asked += example.lead_asked_at is not None
    return asked


def confirm_lead(*, token: str) -> PracticeExample:
    """The lead confirms, by the link emailed to them, that staff may contact them.

    The link names the address it was sent to: once the example's lead
    address has changed, it confirms nothing.
    """
    data = load_signed(token, salt=LEAD_CONFIRMATION_SALT)
    with transaction.atomic():
        example = (
            PracticeExample.objects.select_for_update(of=("self",))
            .filter(pk=data.get("example"))
            .first()
        )
        if example is None:
            raise Invalid("This link is not recognised. Check it was copied in full.")
        if not example.lead_email or example.lead_email.strip().lower() != data.get("email"):
            raise Invalid(
                "This link was sent to an address that is no longer this example's lead, so "
                "it confirms nothing. The new lead has been sent a link of their own."
            )
        if example.lead_confirmed_at is None:
            example.lead_confirmed_at = timezone.now()
            example.lead_confirmed_email = example.lead_email
            example.save(update_fields=["lead_confirmed_at", "lead_confirmed_email"])
    return example


# -- Contacting the lead ---------------------------------------------------------

# How many messages one person may send to leads, to keep the form from being
# used to send mass mail.
CONTACT_LIMIT = 5
CONTACT_WINDOW = timedelta(hours=1)


def contact_lead(*, sender: User, example: PracticeExample, message: str) -> ContactMessage:
    """Email the example's lead a message from a member of staff."""
    with transaction.atomic():
        # One sender's messages are counted one at a time.
        User.objects.select_for_update().filter(pk=sender.pk).first()
        if not permissions.can_contact_lead(sender, example):
            raise NotAllowed("The lead of this example cannot be contacted through the portal.")
        since = timezone.now() - CONTACT_WINDOW
        recent = list(
            ContactMessage.objects.filter(sender=sender, sent_at__gte=since)
            .order_by("sent_at")
            .values_list("sent_at", flat=True)
        )
        if len(recent) >= CONTACT_LIMIT:
            next_at = timezone.localtime(recent[-CONTACT_LIMIT] + CONTACT_WINDOW)
            raise RateLimited(
                f"You have sent {CONTACT_LIMIT} messages to leads in the last hour. "
                f"You can send another from {next_at:%H:%M}. Your message is still below."
            )
        sent = ContactMessage.objects.create(example=example, sender=sender, message=message)
        send_once(
            key=("practice_db.contact", example.lead_email.lower(), f"message:{sent.pk}"),
            to=[example.lead_email],
            template="practice_db/email/contact",
            context={
                "example": example,
                "sender": sender,
                "message": message,
                "link": absolute_url(example.get_absolute_url()),
            },
            reply_to=[sender.email],
        )
    return sent
