import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from learning_network.search_vectors import weighted_vector_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0002_session_listed_by_start"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="session",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="opp_session_search"
            ),
        ),
        weighted_vector_trigger("opportunities_session", {"title": "A", "description": "B"}),
    ]
