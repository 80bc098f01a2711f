import pytest
from django.core.management import CommandError, call_command

from accounts import permissions
from accounts.models import User
from directory.models import Organisation, Region

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_and_again_changes_nothing(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_data")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("load_demo_data")
    second = capsys.readouterr().out

    assert (User.objects.count(), Organisation.objects.count()) == counts
    assert "created 0 organisations, 0 topics, 0 accounts" in second
    for email in ["staff@demo.nhs.uk", "moderator.south-west@demo.nhs.uk", "admin@demo.nhs.uk"]:
        assert email in first


def test_demo_data_covers_every_region_and_role(settings):
    settings.DEBUG = True
    call_command("load_demo_data")
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
