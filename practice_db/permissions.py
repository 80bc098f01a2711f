"""The rules for practice examples: who may see, edit, submit and moderate.

Each rule is written once, as a `Q`. Querysets filter by it (so a view that
fetches through `PracticeExample.objects.visible_to(user)` gives an outsider
a 404 from the query itself) and the per-object questions below evaluate the
same `Q` against an example already loaded (`learning_network.rules.matches`),
so a list and a button can never disagree.
"""

from __future__ import annotations

import copy

from django.db.models import Q

from accounts import permissions as roles
from learning_network.rules import EVERYTHING, NOTHING, matches
from practice_db.models import (
    ACTIONS,
    Actor,
    Attachment,
    PracticeExample,
    RevisionStatus,
    Status,
)

# What the submitter may change: drafts, returned examples, and published ones
# (as a revision that a moderator approves).
SUBMITTER_EDITS = frozenset({Status.DRAFT, Status.CHANGES_REQUESTED, Status.PUBLISHED})
# What a moderator may change before deciding.
MODERATOR_EDITS = frozenset({Status.SUBMITTED, Status.CHANGES_REQUESTED})


def _own_q(user) -> Q:
    return Q(submitter_id=user.pk) if roles.is_signed_in(user) else NOTHING


def _region_q(user) -> Q:
    """Examples from organisations in the regions this user moderates."""
    region_ids = roles.moderated_region_ids(user)
    if region_ids is None:
        return EVERYTHING if roles.is_signed_in(user) else NOTHING
    if not region_ids:
        return NOTHING
    return Q(organisation__region_id__in=sorted(region_ids))


def in_queue_q(user) -> Q:
    """The moderation queue: every non-draft example of the user's regions."""
    return _region_q(user) & ~Q(status=Status.DRAFT)


def visible_q(user) -> Q:
    """Published examples, your own, and the queue of the regions you moderate.

    A draft is seen by its submitter only, whoever else is asking.
    """
    if not roles.is_signed_in(user):
        return NOTHING
    return Q(status=Status.PUBLISHED) | _own_q(user) | in_queue_q(user)


def moderatable_q(user) -> Q:
    """What a moderator may decide on: their queue, less what they submitted."""
    return in_queue_q(user) & ~_own_q(user)


def editable_q(user) -> Q:
    """The submitter edits their drafts, returned and published examples; a
    moderator of the region edits a submission before deciding on it."""
    return (_own_q(user) & Q(status__in=sorted(SUBMITTER_EDITS))) | (
        moderatable_q(user) & Q(status__in=sorted(MODERATOR_EDITS))
    )


def action_q(user, action: str) -> Q:
    """The examples on which this user may take this lifecycle action now."""
    rule = ACTIONS[action]
    who = _own_q(user) if rule.by == Actor.SUBMITTER else moderatable_q(user)
    return who & Q(status__in=sorted(rule.from_statuses))


def _through(relation: str, rule: Q) -> Q:
    """The same rule asked of a related example: `relation__` before each lookup."""
    children = [
        _through(relation, child) if isinstance(child, Q) else (f"{relation}__{child[0]}", child[1])
        for child in rule.children
    ]
    return Q(*children, _connector=rule.connector, _negated=rule.negated)


def downloadable_q(user) -> Q:
    """The documents a user may open (a rule on Attachment).

    An attached document: whoever may read its example. A document staged on
    a form not yet saved: the person who uploaded it. One proposed in changes
    to a published example that wait for a decision: also the moderators who
    must decide on them, so that they approve nothing they could not open.
    """
    if not roles.is_signed_in(user):
        return NOTHING
    attached = Q(example__isnull=False) & _through("example", visible_q(user))
    proposed = Q(revision__status=RevisionStatus.PENDING) & _through(
        "revision__example", moderatable_q(user)
    )
    return attached | (Q(example__isnull=True) & (Q(uploaded_by_id=user.pk) | proposed))


def can_download(user, attachment: Attachment) -> bool:
    return matches(attachment, downloadable_q(user))


def is_submitter(user, example: PracticeExample) -> bool:
    return matches(example, _own_q(user))


def can_view(user, example: PracticeExample) -> bool:
    return matches(example, visible_q(user))


def can_moderate(user, example: PracticeExample) -> bool:
    """A moderator of the example's region, other than the person who submitted it."""
    return matches(example, moderatable_q(user))


def can_moderate_at(user, example: PracticeExample, organisation) -> bool:
    """Whether this user could still moderate the example were it moved to
    `organisation`: `moderatable_q`, asked of the example as it would be."""
    moved = copy.copy(example)
    moved.organisation = organisation
    return matches(moved, moderatable_q(user))


def can_edit(user, example: PracticeExample) -> bool:
    return matches(example, editable_q(user))


def allowed_actions(user, example: PracticeExample) -> list[str]:
    """The lifecycle actions this user may take on this example now, in order.

    The service refuses anything not listed here; the page offers only these.
    """
    return [name for name in ACTIONS if matches(example, action_q(user, name))]


def can_submit(user, example: PracticeExample) -> bool:
    return "submit" in allowed_actions(user, example)


def can_see_history(user, example: PracticeExample) -> bool:
    return can_moderate(user, example) or roles.is_national_moderator(user)


def contact_q(user) -> Q:
    """The examples whose lead this user may write to: published, the lead
    agreed and has confirmed so by the link emailed to their address (a new
    address clears the confirmation)."""
    if not roles.is_signed_in(user):
        return NOTHING
    return Q(status=Status.PUBLISHED, lead_consents=True, lead_confirmed_at__isnull=False) & ~Q(
        lead_email=""
    )


def can_contact_lead(user, example: PracticeExample) -> bool:
    return matches(example, contact_q(user))


# -- the Management Forum ---------------------------------------------------------


def forum_q(user) -> Q:
    """The examples on which this user may act for the Management Forum:
    national moderators review, and commission and report evaluations of,
    published examples."""
    if not roles.is_national_moderator(user):
        return NOTHING
    return Q(status=Status.PUBLISHED)


def accept_rating_q(user) -> Q:
    """Where this user may accept an evaluation's strength of evidence as the
    example's own: a published example they moderate."""
    return moderatable_q(user) & Q(status=Status.PUBLISHED)


def can_act_for_forum(user, example: PracticeExample) -> bool:
    return matches(example, forum_q(user))


def can_accept_rating(user, example: PracticeExample) -> bool:
    return matches(example, accept_rating_q(user))


def evaluation_visible_q(user) -> Q:
    """An evaluation is seen by whoever may see its example."""
    return _through("example", visible_q(user))
