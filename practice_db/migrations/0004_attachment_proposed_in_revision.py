"""A staged document knows the changes that propose it, so that the moderators
deciding on them may open it. Changes already waiting get their documents."""

import django.db.models.deletion
from django.db import migrations, models

# Where a revision keeps the documents it proposes (practice_db.services).
REVISION_ATTACHMENTS_KEY = "_attachment_ids"


def link_waiting_documents(apps, schema_editor):
    Revision = apps.get_model("practice_db", "Revision")
    Attachment = apps.get_model("practice_db", "Attachment")
    for revision in Revision.objects.filter(status="pending"):
        ids = revision.content.get(REVISION_ATTACHMENTS_KEY) or []
        Attachment.objects.filter(
            example__isnull=True, uploaded_by_id=revision.author_id, pk__in=ids
        ).update(revision=revision)


class Migration(migrations.Migration):
    dependencies = [
        ("practice_db", "0003_event_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="revision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="proposed_attachments",
                to="practice_db.revision",
            ),
        ),
        migrations.RunPython(link_waiting_documents, migrations.RunPython.noop),
    ]
