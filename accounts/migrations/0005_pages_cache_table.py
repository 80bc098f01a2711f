"""The table of the "pages" cache (settings: CACHES["pages"]), made as the
shared cache's is (0003): `createcachetable` makes each database cache's
table that is missing. With REDIS_URL set there is no table to make."""

from django.core.management import call_command
from django.db import migrations


def create_pages_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_feed_nonce")]

    operations = [migrations.RunPython(create_pages_cache_table, migrations.RunPython.noop)]
