import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from learning_network.search_vectors import weighted_vector_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="programme",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="leadership_programme_search"
            ),
        ),
        weighted_vector_trigger(
            "leadership_programme",
            {"title": "A", "summary": "B", "who_for": "C", "what_involved": "C"},
        ),
    ]
