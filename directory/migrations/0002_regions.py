"""The eight NHS Executive Regional Offices, as they stood from April 1999."""

from django.db import migrations

REGIONS = [
    ("Northern & Yorkshire", "northern-and-yorkshire"),
    ("Trent", "trent"),
    ("West Midlands", "west-midlands"),
    ("North West", "north-west"),
    ("Eastern", "eastern"),
    ("London", "london"),
    ("South East", "south-east"),
    ("South West", "south-west"),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("directory", "Region")
    for name, slug in REGIONS:
        Region.objects.update_or_create(slug=slug, defaults={"name": name})


def remove_regions(apps, schema_editor):
    Region = apps.get_model("directory", "Region")
    Region.objects.filter(slug__in=[slug for _, slug in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(add_regions, remove_regions)]
