import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from learning_network.search_vectors import weighted_vector_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("practice_db", "0007_research_and_spread"),
    ]

    operations = [
        migrations.AddField(
            model_name="researchproject",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="researchproject",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="practice_db_research_search"
            ),
        ),
        weighted_vector_trigger(
            "practice_db_researchproject", {"title": "A", "team": "B", "summary": "B"}
        ),
    ]
