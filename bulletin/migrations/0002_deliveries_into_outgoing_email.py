"""ImpAct's Delivery rows become the portal's record of outgoing email.

Each issue already emailed to a subscriber is copied in as a sent email with
the key the sender now uses (issue, subscriber), so that nobody gets an
issue a second time; then the Delivery table goes.
"""

from django.db import migrations

BATCH = 2000
PURPOSE = "bulletin.issue"


def copy_deliveries(apps, schema_editor):
    Delivery = apps.get_model("bulletin", "Delivery")
    OutgoingEmail = apps.get_model("learning_network", "OutgoingEmail")
    batch = []
    deliveries = Delivery.objects.select_related("issue", "user").order_by("pk")
    for delivery in deliveries.iterator(chunk_size=BATCH):
        issue = delivery.issue
        batch.append(
            OutgoingEmail(
                purpose=PURPOSE,
                recipient=f"user:{delivery.user_id}",
                about=f"issue:{delivery.issue_id}",
                to=[delivery.user.email],
                subject=f"[NHS Learning Network] ImpAct issue {issue.number}: {issue.title}",
                body="(Sent before the portal kept the text of each email.)",
                status="sent",
                attempts=1,
                created_at=delivery.sent_at,
                next_attempt_at=delivery.sent_at,
                sent_at=delivery.sent_at,
            )
        )
        if len(batch) >= BATCH:
            OutgoingEmail.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    OutgoingEmail.objects.bulk_create(batch, ignore_conflicts=True)


def restore_deliveries(apps, schema_editor):
    Delivery = apps.get_model("bulletin", "Delivery")
    OutgoingEmail = apps.get_model("learning_network", "OutgoingEmail")
    sent = OutgoingEmail.objects.filter(purpose=PURPOSE, status="sent").values_list(
        "recipient", "about", "sent_at"
    )
    batch = []
    for recipient, about, sent_at in sent.iterator(chunk_size=BATCH):
        batch.append(
            Delivery(
                user_id=int(recipient.removeprefix("user:")),
                issue_id=int(about.removeprefix("issue:")),
                sent_at=sent_at,
            )
        )
        if len(batch) >= BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0001_initial"),
        ("learning_network", "0001_outgoing_email"),
    ]

    operations = [
        migrations.RunPython(copy_deliveries, restore_deliveries),
        migrations.RemoveConstraint(
            model_name="delivery",
            name="bulletin_delivery_once",
        ),
        migrations.DeleteModel(
            name="Delivery",
        ),
    ]
