"""The one place that answers role questions, for every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def test_regional_moderator_moderates_only_their_region(moderator_london, london, trent):
    assert permissions.is_moderator_of_region(moderator_london, london)
    assert not permissions.is_moderator_of_region(moderator_london, trent)
    assert permissions.is_moderator(moderator_london)


def test_moderator_of_several_regions_moderates_each(london_trust):
    user = UserFactory(organisation=london_trust, regions=["london", "eastern"])
    assert permissions.is_moderator_of_region(user, region("london"))
    assert permissions.is_moderator_of_region(user, region("eastern").pk)
    assert not permissions.is_moderator_of_region(user, region("south-west"))


def test_national_moderator_moderates_every_region(national_moderator):
    from directory.models import Region

    for each in Region.objects.all():
        assert permissions.is_moderator_of_region(national_moderator, each)
    assert permissions.moderated_region_ids(national_moderator) is None


@pytest.mark.parametrize("persona", ["staff", "editor", "coordinator", "site_admin"])
def test_people_without_a_moderator_role_moderate_nothing(persona, request, london):
    user = request.getfixturevalue(persona)
    assert not permissions.is_moderator(user)
    assert not permissions.is_moderator_of_region(user, london)


def test_region_rows_without_the_group_grant_nothing(staff, london):
    from accounts.models import RegionalModerator

    RegionalModerator.objects.create(user=staff, region=london)
    assert not permissions.is_moderator_of_region(staff, london)


def test_deactivated_moderator_moderates_nothing(moderator_london, london):
    moderator_london.is_active = False
    moderator_london.save()
    assert not permissions.is_moderator_of_region(moderator_london, london)


def test_anonymous_holds_no_role(london):
    anonymous = AnonymousUser()
    assert not permissions.is_moderator_of_region(anonymous, london)
    assert not permissions.is_editor(anonymous)
    assert not permissions.is_site_admin(anonymous)


def test_no_region_means_no_moderator(national_moderator):
    assert not permissions.is_moderator_of_region(national_moderator, None)


def test_role_descriptions_name_the_regions(moderator_london, editor, site_admin):
    assert permissions.role_descriptions(moderator_london) == [
        "Staff",
        "Regional moderator (London)",
    ]
    assert permissions.role_descriptions(editor) == ["Staff", "ImpAct editor"]
    assert "Site admin" in permissions.role_descriptions(site_admin)


def test_role_checks_read_the_groups_once_per_user(
    moderator_london, london, trent, django_assert_num_queries
):
    with django_assert_num_queries(2):  # groups, then moderated regions
        permissions.is_moderator_of_region(moderator_london, london)
        permissions.is_moderator_of_region(moderator_london, trent)
        permissions.is_editor(moderator_london)


def test_role_groups_exist_for_every_role():
    from django.contrib.auth.models import Group

    from accounts.models import Role

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
