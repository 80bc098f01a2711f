"""Comparing a proposed revision with the published example it would change."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.text import capfirst

from directory.models import Topic
from practice_db.models import Attachment, PracticeExample, Revision
from practice_db.services import CONTENT_FIELDS, REVISION_ATTACHMENTS_KEY


def revision_initial(revision: Revision) -> dict:
    """The example form's initial values from a revision: carrying on from it."""
    content = dict(revision.content)
    attachment_ids = content.pop(REVISION_ATTACHMENTS_KEY, None)
    initial = {field.removesuffix("_id"): value for field, value in content.items()}
    initial["topics"] = revision.topic_ids
    if attachment_ids is not None:
        initial["keep"] = attachment_ids
    return initial


def revision_changes(example: PracticeExample, revision: Revision) -> list[dict[str, str]]:
    """Each thing the revision changes: its label, the published and the proposed value."""
    content = dict(revision.content)
    proposed_attachments = content.pop(REVISION_ATTACHMENTS_KEY, None)
    changes = []
    # In the form's order (the stored JSON keeps its keys in its own order).
    for attname in [name for name in CONTENT_FIELDS if name in content]:
        field = PracticeExample._meta.get_field(attname.removesuffix("_id"))
        published, proposed = getattr(example, attname), field.to_python(content[attname])
        if isinstance(published, str) and isinstance(proposed, str):
            # Text typed in a browser comes with \r\n; it is the same text.
            published, proposed = published.replace("\r\n", "\n"), proposed.replace("\r\n", "\n")
        if published != proposed:
            changes.append(
                {
                    "label": capfirst(field.verbose_name),
                    "published": _shown(field, published),
                    "proposed": _shown(field, proposed),
                }
            )
    topics = {topic.pk: topic.name for topic in Topic.objects.all()}
    published_topic_ids = {topic.pk for topic in example.topics.all()}
    if published_topic_ids != set(revision.topic_ids):
        changes.append(
            {
                "label": "Topics",
                "published": ", ".join(sorted(topics[pk] for pk in published_topic_ids)),
                "proposed": ", ".join(sorted(topics.get(pk, "") for pk in revision.topic_ids)),
            }
        )
    if proposed_attachments is not None:
        attached = {a.pk: a.original_name for a in example.attachments.all()}
        if set(attached) != set(proposed_attachments):
            names = dict(
                Attachment.objects.filter(pk__in=proposed_attachments).values_list(
                    "pk", "original_name"
                )
            )
            changes.append(
                {
                    "label": "Documents",
                    "published": ", ".join(sorted(attached.values())),
                    "proposed": ", ".join(sorted(names.values())),
                }
            )
    return changes


def _shown(field, value) -> str:
    """A field's value as a reader sees it."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or "")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)
