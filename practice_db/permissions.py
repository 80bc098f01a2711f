"""The rules for practice examples: who may see, edit, submit and moderate."""

from __future__ import annotations

from accounts import permissions as roles
from practice_db.models import PracticeExample, Status


def is_submitter(user, example: PracticeExample) -> bool:
    return roles.is_signed_in(user) and example.submitter_id == user.pk


def can_moderate(user, example: PracticeExample) -> bool:
    """A moderator of the example's region, other than the person who submitted it."""
    return (
        roles.is_signed_in(user)
        and example.status != Status.DRAFT
        and not is_submitter(user, example)
        and roles.is_moderator_of_region(user, example.organisation.region_id)
    )


def can_view(user, example: PracticeExample) -> bool:
    if not roles.is_signed_in(user):
        return False
    if example.status == Status.PUBLISHED or is_submitter(user, example):
        return True
    return example.status != Status.DRAFT and roles.is_moderator_of_region(
        user, example.organisation.region_id
    )


def can_edit(user, example: PracticeExample) -> bool:
    """The submitter edits drafts, returned and published examples (the last as a
    revision); a moderator of the region edits a submission before deciding."""
    if is_submitter(user, example):
        return example.status in {Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED}
    return can_moderate(user, example) and example.status in {
        Status.SUBMITTED,
        Status.CHANGES_REQUESTED,
    }


def can_submit(user, example: PracticeExample) -> bool:
    return is_submitter(user, example) and example.status in {
        Status.DRAFT,
        Status.CHANGES_REQUESTED,
    }


def can_see_history(user, example: PracticeExample) -> bool:
    return can_moderate(user, example) or roles.is_national_moderator(user)


def can_contact_lead(user, example: PracticeExample) -> bool:
    return (
        roles.is_signed_in(user)
        and example.status == Status.PUBLISHED
        and example.lead_consents
        and bool(example.lead_email)
    )
