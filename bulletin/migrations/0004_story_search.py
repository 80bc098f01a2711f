import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from learning_network.search_vectors import weighted_vector_trigger


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0003_story_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="story",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="bulletin_story_search"
            ),
        ),
        weighted_vector_trigger("bulletin_story", {"title": "A", "standfirst": "B", "body": "C"}),
    ]
