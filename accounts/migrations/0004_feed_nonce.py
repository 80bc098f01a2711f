"""Each person's feed links are made from a nonce of their own."""

import secrets

from django.db import migrations, models

import accounts.models


def give_everyone_a_nonce(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(feed_nonce="").only("pk").iterator():
        User.objects.filter(pk=user.pk).update(feed_nonce=secrets.token_hex(16))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_shared_cache_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="feed_nonce",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.RunPython(give_everyone_a_nonce, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="feed_nonce",
            field=models.CharField(
                default=accounts.models.new_feed_nonce, editable=False, max_length=32
            ),
        ),
    ]
