"""The cache table that the sign-up, new-link and password-reset limits count in.

Django makes a database cache's table with `createcachetable`, which
`migrate` does not run; this migration runs it, so that `migrate` is all a
new deployment needs. With REDIS_URL set there is no table and it does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
