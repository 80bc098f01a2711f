"""Site admins grant roles in Django admin; region scopes stay consistent."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import permissions
from accounts.models import Role

pytestmark = pytest.mark.django_db


def change_form_data(user, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "organisation": user.organisation_id or "",
        "is_active": "on",
        "groups": [],
        "moderated_regions": [],
        "email_verified_at_0": "2026-01-01",
        "email_verified_at_1": "09:00:00",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    data.update(overrides)
    return data


def test_site_admin_makes_someone_a_regional_moderator(client_as, staff, london, trent):
    group = Group.objects.get(name=Role.REGIONAL_MODERATOR)
    response = client_as("site_admin").post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        change_form_data(staff, groups=[group.pk], moderated_regions=[london.pk, trent.pk]),
    )
    assert response.status_code == 302, response.text
    staff.refresh_from_db()
    assert permissions.is_moderator_of_region(staff, london)
    assert permissions.is_moderator_of_region(staff, trent)


def test_a_regional_moderator_needs_a_region(client_as, staff):
    group = Group.objects.get(name=Role.REGIONAL_MODERATOR)
    response = client_as("site_admin").post(
        reverse("admin:accounts_user_change", args=[staff.pk]),
        change_form_data(staff, groups=[group.pk]),
    )
    assert response.status_code == 200
    assert "Choose at least one region" in response.text


def test_removing_a_region_takes_it_away(client_as, moderator_london, london):
    group = Group.objects.get(name=Role.REGIONAL_MODERATOR)
    eastern = london.__class__.objects.get(slug="eastern")
    client_as("site_admin").post(
        reverse("admin:accounts_user_change", args=[moderator_london.pk]),
        change_form_data(moderator_london, groups=[group.pk], moderated_regions=[eastern.pk]),
    )
    moderator_london.refresh_from_db()
    assert not permissions.is_moderator_of_region(moderator_london, london)
    assert permissions.is_moderator_of_region(moderator_london, eastern)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:directory_organisation_changelist",
        "admin:directory_topic_changelist",
        "admin:directory_region_changelist",
    ],
)
def test_admin_lists_search_and_filter(client_as, url_name, london_trust):
    client = client_as("site_admin")
    assert client.get(reverse(url_name), {"q": "thames"}).status_code == 200


def test_the_topic_admin_filters_top_level_subjects_by_name(client_as):
    from tests.factories import TopicFactory

    parent = TopicFactory(name="Mental health")
    TopicFactory(name="Crisis teams", parent=parent)
    client = client_as("site_admin")
    top = client.get("/admin/directory/topic/", {"under": "top"}).text
    assert "Top-level subjects" in top
    assert "Crisis teams" not in top
    under = client.get("/admin/directory/topic/", {"under": str(parent.pk)})
    assert under.status_code == 200
    assert "Crisis teams" in under.text
