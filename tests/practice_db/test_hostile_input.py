"""Input a browser would never send gets a clear 4xx, never a 500 or a silent pass."""

import pytest
from django.test import Client
from django.urls import reverse

from practice_db.models import PracticeExample, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(staff):
    return PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )


def test_a_nul_in_a_moderators_comment_is_a_400_not_a_500(client_as, submitted):
    response = client_as("moderator_london").post(
        reverse("practice_db:act", args=[submitted.pk]),
        {"action": "request_changes", "comment": "a\x00b", "version": submitted.version},
    )
    assert response.status_code == 400
    assert PracticeExample.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_a_decision_posted_without_the_version_it_was_made_on_is_refused(client_as, submitted):
    response = client_as("moderator_london").post(
        reverse("practice_db:act", args=[submitted.pk]), {"action": "publish"}
    )
    assert response.status_code == 409
    assert PracticeExample.objects.get(pk=submitted.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("value", ["²", "٣", "1" * 40, "-1", "x"])
def test_odd_document_ids_on_the_example_form_are_ignored(client_as, value):
    response = client_as("staff").post(
        reverse("practice_db:create"), {"title": "A title", "keep": value, "intent": "draft"}
    )
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("feed", ["bulletin:feed", "practice_db:search_feed"])
@pytest.mark.parametrize("key", ["².x", "٣.abc", "1" * 13 + ".x", ".", "1."])
def test_odd_feed_keys_are_a_404(feed, key):
    assert Client().get(reverse(feed), {"key": key}).status_code == 404


def test_one_click_unsubscribe_from_an_old_saved_search_email_needs_no_csrf_token(staff):
    from django.core import signing

    from practice_db.models import SavedSearch
    from practice_db.unsubscribe import LEGACY_SAVED_SEARCH_SALT

    saved = SavedSearch.objects.create(user=staff, name="Discharge", query_string="q=discharge")
    token = signing.dumps(
        {"saved_search": saved.pk, "user": staff.pk}, salt=LEGACY_SAVED_SEARCH_SALT
    )
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("practice_db:search_unsubscribe", args=[token]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    saved.refresh_from_db()
    assert not saved.alerts


@pytest.mark.parametrize("code", ["%00", "%00abc", "RJ1%00"])
def test_a_nul_in_an_organisation_code_is_a_404(client_as, code):
    response = client_as("staff").get(f"/practice/organisations/{code}/")
    assert response.status_code == 404


def test_a_submitters_comment_with_nul_or_too_long_is_never_a_server_error(
    client_as, staff, london_trust
):
    example = PracticeExampleFactory(submitter=staff, organisation=london_trust)
    act = reverse("practice_db:act", args=[example.pk])
    client = client_as("staff")
    too_long = client.post(
        act, {"action": "submit", "version": example.version, "comment": "x" * 5001}
    )
    assert too_long.status_code == 400
    assert "5,000 characters or fewer" in too_long.text
    assert PracticeExample.objects.get(pk=example.pk).status == example.status
    with_nul = client.post(
        act, {"action": "submit", "version": example.version, "comment": "a\x00b"}
    )
    assert with_nul.status_code < 500
