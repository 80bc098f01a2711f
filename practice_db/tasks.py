"""The example form as a task list: what each section holds now, its status, and
the answers read back before "Submit for review".

A person's example is in sections (`forms.SECTIONS`), each saved on its own.
What a section shows and what the check-your-answers page reads back is the
text this person is working on: the example itself, or, for a published
example, the changes they have waiting for a moderator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

from directory.models import Organisation, Topic
from practice_db.forms import SECTIONS, PracticeExampleForm, Section
from practice_db.models import Attachment, PracticeExample, Revision, RevisionStatus
from practice_db.services import (
    CONTENT_FIELDS,
    REQUIRED_FOR_REVIEW,
    REVISION_ATTACHMENTS_KEY,
    required_for_review,
)

COMPLETED, IN_PROGRESS, NOT_STARTED = "Completed", "In progress", "Not started"
# Needed to save at all, and so to count a section done.
ALWAYS_NEEDED = {"title", "organisation"}
# Not questions: read back on the check page through "keep".
NOT_ANSWERS = {"documents"}


@dataclass
class Draft:
    """The text a person is working on, field by field."""

    values: dict
    topic_ids: list[int]
    attachment_ids: list[int] | None
    revision: Revision | None

    def answer(self, name: str):
        if name == "organisation":
            return self.values.get("organisation_id")
        if name == "topics":
            return self.topic_ids
        if name == "keep":
            return self.attachment_ids or []
        return self.values.get(name)


def draft_of(example: PracticeExample, user) -> Draft:
    """The example as this person left it: with their waiting changes, if any."""
    values = {name: getattr(example, name) for name in CONTENT_FIELDS}
    topic_ids = list(example.topics.values_list("pk", flat=True))
    attachment_ids = list(example.attachments.values_list("pk", flat=True))
    revision = example.revisions.filter(status=RevisionStatus.PENDING, author=user).first()
    if revision:
        content = dict(revision.content)
        proposed = content.pop(REVISION_ATTACHMENTS_KEY, None)
        for name, value in content.items():
            if name in values:
                values[name] = _from_json(name, value)
        topic_ids = list(revision.topic_ids)
        if proposed is not None:
            attachment_ids = list(proposed)
    return Draft(values, topic_ids, attachment_ids, revision)


def _from_json(name: str, value):
    if name in {"started_on", "ended_on"} and isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value


def needed_for_review(draft: Draft) -> dict[str, str]:
    return required_for_review(draft.values.get("work_status") or "") | {
        "topics": "Choose at least one topic"
    }


def section_status(section: Section, draft: Draft) -> str:
    """Completed when every part a moderator needs is there (and something is);
    Not started when nothing is; In progress between."""
    needed = set(needed_for_review(draft)) | ALWAYS_NEEDED
    names = [name for name in section.fields if name not in NOT_ANSWERS]
    given = [name for name in names if draft.answer(name)]
    missing = [name for name in names if name in needed and not draft.answer(name)]
    if not given:
        return NOT_STARTED
    return IN_PROGRESS if missing else COMPLETED


def is_optional(section: Section) -> bool:
    """A section with nothing a moderator needs, whatever the work's status."""
    needed = set(REQUIRED_FOR_REVIEW) | ALWAYS_NEEDED | {"topics"}
    return not any(name in needed for name in section.fields)


@dataclass(frozen=True)
class Task:
    section: Section
    status: str
    optional: bool


def task_list(draft: Draft) -> list[Task]:
    return [
        Task(section, section_status(section, draft), is_optional(section)) for section in SECTIONS
    ]


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    text: str
    missing: str  # what a moderator needs and is not there: the words to say so


def answers(draft: Draft, section: Section) -> list[Answer]:
    """A section's questions with the answers given, as words to read back."""
    form = PracticeExampleForm(section=section.slug)
    needed = needed_for_review(draft) | {
        "title": "Enter a title",
        "organisation": "Choose the organisation",
    }
    rows = []
    for name in section.fields:
        if name in NOT_ANSWERS:
            continue
        field = form.fields[name]
        value = draft.answer(name)
        text = _words(name, field, value)
        rows.append(
            Answer(
                name=name,
                label=str(field.label),
                text=text,
                missing=needed.get(name, "") if not value else "",
            )
        )
    return rows


def _words(name: str, field, value) -> str:
    if name == "organisation":
        organisation = Organisation.objects.filter(pk=value).first() if value else None
        return organisation.name if organisation else ""
    if name == "topics":
        return ", ".join(Topic.objects.filter(pk__in=value or []).values_list("name", flat=True))
    if name == "keep":
        return ", ".join(
            Attachment.objects.filter(pk__in=value or []).values_list("original_name", flat=True)
        )
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return date_format(value, "F Y")
    choices = dict(getattr(field, "choices", None) or [])
    if value and choices:
        return str(choices.get(value, value))
    return value or ""
