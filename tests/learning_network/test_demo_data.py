import pytest
from django.core.management import CommandError, call_command

from accounts import permissions
from accounts.models import User
from directory.models import Organisation, Region
from tests.conftest import load_demo_data
from tests.helpers import rows_for_scope

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def first_load(django_db_setup, django_db_blocker):
    """What loading the demo data into an empty database printed.

    Class-scoped: the data is gone again for the test after the class.
    """
    yield from rows_for_scope(django_db_blocker, load_demo_data)


class TestTheDemoData:
    """Tests that share one load of the demo data (the test below needs none)."""

    def test_demo_data_loads_once_and_again_changes_nothing(self, first_load, settings, capsys):
        settings.DEBUG = True
        counts = (User.objects.count(), Organisation.objects.count())
        call_command("load_demo_data")
        second = capsys.readouterr().out

        assert (User.objects.count(), Organisation.objects.count()) == counts
        assert "created 0 organisations, 0 topics, 0 accounts" in second
        for email in ["staff@demo.nhs.uk", "moderator.south-west@demo.nhs.uk", "admin@demo.nhs.uk"]:
            assert email in first_load

    def test_demo_data_covers_every_region_and_role(self, first_load):
        for region in Region.objects.all():
            assert Organisation.objects.filter(region=region).exists()
            moderator = User.objects.get(email=f"moderator.{region.slug}@demo.nhs.uk")
            assert permissions.is_moderator_of_region(moderator, region)
            assert moderator.check_password("learning-network-demo")
        assert permissions.is_national_moderator(
            User.objects.get(email="national.moderator@demo.nhs.uk")
        )
        assert permissions.is_editor(User.objects.get(email="editor@demo.nhs.uk"))
        assert permissions.is_site_admin(User.objects.get(email="admin@demo.nhs.uk"))


def test_demo_data_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo_data")
    assert not User.objects.filter(email__endswith="@demo.nhs.uk").exists()
