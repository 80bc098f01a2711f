"""Leads confirm by an emailed link before staff may contact them.

Existing examples' leads start unconfirmed: the box saying they agreed was
ticked by whoever submitted the example, and nobody has asked the lead. Run
`python manage.py ask_leads_to_confirm` once after this migration to email
each of them the link.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practice_db", "0004_attachment_proposed_in_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="practiceexample",
            name="lead_asked_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="practiceexample",
            name="lead_confirmed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="practiceexample",
            name="lead_confirmed_email",
            field=models.EmailField(
                blank=True,
                editable=False,
                max_length=254,
                verbose_name="the lead's address as they confirmed it",
            ),
        ),
    ]
