import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_profile_shows_details_and_roles(client, moderator_london):
    client.force_login(moderator_london)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert moderator_london.email in response.text
    assert "Regional moderator (London)" in response.text
    assert "Thames Test Hospitals NHS Trust" in response.text


def test_profile_saves_name_job_title_and_organisation(client, staff, trent_trust):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Sam Staff-Jones", "job_title": "Matron", "organisation": trent_trust.pk},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.full_name, staff.job_title, staff.organisation) == (
        "Sam Staff-Jones",
        "Matron",
        trent_trust,
    )


def test_profile_refuses_an_empty_name_and_keeps_the_rest(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "", "job_title": "Matron", "organisation": ""}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'value="Matron"' in response.text


def test_profile_refuses_an_unknown_organisation(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Sam", "job_title": "", "organisation": "999999"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_profile_escapes_what_people_type(client, staff):
    staff.full_name = '<script>alert("x")</script>'
    staff.save()
    client.force_login(staff)
    response = client.get(reverse("accounts:profile"))
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_a_new_password_like_the_persons_full_name_is_refused(client, staff):
    staff.full_name = "Bartholomew Featherstonehaugh"
    staff.save()
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Bartholomew Featherstonehaugh",
            "new_password2": "Bartholomew Featherstonehaugh",
        },
    )
    assert response.status_code == 200
    assert "The password is too similar to the full name" in response.text
    staff.refresh_from_db()
    assert staff.check_password(TEST_PASSWORD)
