"""The signed-in user is read with their groups: role questions ask nothing more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.backends import VerifiedEmailBackend
from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_their_roles(moderator_london, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = VerifiedEmailBackend().get_user(moderator_london.pk)
        assert permissions.has_role(user, Role.REGIONAL_MODERATOR)
        assert not permissions.is_editor(user)


def test_someone_with_no_role_has_none(staff, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = VerifiedEmailBackend().get_user(staff.pk)
        assert not permissions.has_role(user, Role.REGIONAL_MODERATOR)


def test_the_user_comes_with_their_organisation_and_its_region(staff, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = VerifiedEmailBackend().get_user(staff.pk)
        assert user.organisation == staff.organisation
        assert user.region == staff.organisation.region
        assert user.region.name == staff.organisation.region.name


def test_someone_with_no_organisation_has_no_region(staff, django_assert_num_queries):
    staff.organisation = None
    staff.save()
    with django_assert_num_queries(1):
        user = VerifiedEmailBackend().get_user(staff.pk)
        assert user.organisation is None
        assert user.region is None


def test_an_account_turned_off_or_unverified_is_signed_out(staff):
    staff.is_active = False
    staff.save()
    assert VerifiedEmailBackend().get_user(staff.pk) is None
    staff.is_active, staff.email_verified_at = True, None
    staff.save()
    assert VerifiedEmailBackend().get_user(staff.pk) is None
    staff.email_verified_at = timezone.now()
    staff.save()
    assert VerifiedEmailBackend().get_user(staff.pk) == staff
    assert VerifiedEmailBackend().get_user(10**12) is None


def test_a_page_reads_no_groups_of_its_own(client_as):
    client = client_as("editor")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert not [q for q in captured.captured_queries if q["sql"].startswith('SELECT "auth_group"')]
    # The editor's own section is in the header: the role was known.
    assert "Editor&#x27;s dashboard" in response.text or "Editor's dashboard" in response.text


def test_a_password_change_elsewhere_signs_the_session_out(client_as, staff):
    client = client_as("staff")
    assert client.get(reverse("practice_db:browse")).status_code == 200
    staff.set_password("a-new-password-for-the-test")
    staff.save()
    response = client.get(reverse("practice_db:browse"))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_an_account_turned_off_signs_its_session_out(client_as, staff):
    client = client_as("staff")
    staff.is_active = False
    staff.save()
    assert client.get(reverse("practice_db:browse")).status_code == 302


def test_a_cookie_kept_after_signing_out_signs_no_one_in(client_as, settings):
    client = client_as("staff")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:sign_out"))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert client.get(reverse("practice_db:browse")).status_code == 302
