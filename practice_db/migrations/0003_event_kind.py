"""The history's kind of event becomes a fixed list instead of free text."""

from django.db import migrations, models

# The labels the history was written with, and the kinds they become.
KINDS = {
    "Submitted for review": "submitted",
    "Published": "published",
    "Changes requested": "changes_requested",
    "Rejected": "rejected",
    "Archived": "archived",
    "Restored": "restored",
    "Taken by a moderator": "taken",
    "Edited by a moderator": "edited",
    "Changes proposed": "changes_proposed",
    "Changes approved": "changes_approved",
    "Changes not approved": "changes_not_approved",
}


def labels_to_kinds(apps, schema_editor):
    ModerationEvent = apps.get_model("practice_db", "ModerationEvent")
    for label, kind in KINDS.items():
        ModerationEvent.objects.filter(kind=label).update(kind=kind)
    unknown = ModerationEvent.objects.exclude(kind__in=KINDS.values())
    if unknown.exists():
        raise RuntimeError(
            "History rows with an unknown kind of event: "
            + ", ".join(sorted(set(unknown.values_list("kind", flat=True))))
        )


def kinds_to_labels(apps, schema_editor):
    ModerationEvent = apps.get_model("practice_db", "ModerationEvent")
    for label, kind in KINDS.items():
        ModerationEvent.objects.filter(kind=kind).update(kind=label)


class Migration(migrations.Migration):
    dependencies = [("practice_db", "0002_search")]

    operations = [
        migrations.RenameField("moderationevent", "action", "kind"),
        migrations.RunPython(labels_to_kinds, kinds_to_labels),
        migrations.AlterField(
            model_name="moderationevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted for review"),
                    ("published", "Published"),
                    ("changes_requested", "Changes requested"),
                    ("rejected", "Rejected"),
                    ("archived", "Archived"),
                    ("restored", "Restored"),
                    ("taken", "Taken by a moderator"),
                    ("edited", "Edited by a moderator"),
                    ("changes_proposed", "Changes proposed"),
                    ("changes_approved", "Changes approved"),
                    ("changes_not_approved", "Changes not approved"),
                ],
                max_length=40,
            ),
        ),
    ]
