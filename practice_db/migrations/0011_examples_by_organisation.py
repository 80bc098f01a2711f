"""An organisation's published examples, newest first, from their own index.

Without it an organisation's list (its page in the practice database, a
Learning Centre's host examples) walked every published example newest
first looking for the organisation's: quick for an organisation with many,
but the whole index for one with few or none.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("practice_db", "0010_moderation_reopen")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS practice_example_by_organisation "
            "ON practice_db_practiceexample (organisation_id, published_at DESC, id DESC) "
            "WHERE status = 'published'",
            "DROP INDEX IF EXISTS practice_example_by_organisation",
        )
    ]
