"""Feed readers follow ImpAct and searches with a key of the person's own."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import feeds
from practice_db.models import Status
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db

FEEDS = ["bulletin:feed", "practice_db:search_feed"]


@pytest.fixture
def story(db):
    issue = IssueFactory(publish_at=timezone.now() - timedelta(days=1))
    return StoryFactory(issue=issue, title="Discharge lounges, two years on")


@pytest.mark.parametrize("feed", FEEDS)
def test_a_feed_reader_with_the_key_gets_the_feed_without_signing_in(feed, staff, story):
    response = Client().get(reverse(feed), {"key": feeds.feed_key(staff)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")


def test_the_search_feed_with_a_key_keeps_the_search(staff):
    PracticeExampleFactory(title="Podiatry clinics in village halls", status=Status.PUBLISHED)
    PracticeExampleFactory(title="Booked outpatient clinics", status=Status.PUBLISHED)
    response = Client().get(
        reverse("practice_db:search_feed"), {"q": "podiatry", "key": feeds.feed_key(staff)}
    )
    assert "Podiatry clinics" in response.text
    assert "Booked outpatient" not in response.text


@pytest.mark.parametrize("feed", FEEDS)
def test_no_key_and_no_session_is_the_sign_in_page(feed):
    response = Client().get(reverse(feed))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response.url


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize(
    "tamper",
    [
        lambda key: key[:-1] + ("0" if key[-1] != "0" else "1"),
        lambda key: "1" + key,
        lambda key: key.split(".")[0],
        lambda key: "x.y",
        lambda key: "",
        lambda key: "9" * 40 + "." + key.split(".")[1],
    ],
)
def test_a_tampered_key_is_a_404(feed, staff, tamper):
    key = feeds.feed_key(staff)
    assert Client().get(reverse(feed), {"key": tamper(key)}).status_code == 404


@pytest.mark.parametrize("feed", FEEDS)
def test_a_reset_key_is_a_404_and_the_new_one_works(feed, staff):
    old = feeds.feed_key(staff)
    feeds.reset_feed_key(user=staff)
    new = feeds.feed_key(staff)
    assert new != old
    assert Client().get(reverse(feed), {"key": old}).status_code == 404
    assert Client().get(reverse(feed), {"key": new}).status_code == 200


def test_a_deactivated_persons_key_is_a_404(staff):
    key = feeds.feed_key(staff)
    staff.is_active = False
    staff.save()
    assert Client().get(reverse("bulletin:feed"), {"key": key}).status_code == 404


def test_the_key_opens_feeds_only_and_signs_nobody_in(staff):
    client = Client()
    key = feeds.feed_key(staff)
    assert client.get(reverse("bulletin:feed"), {"key": key}).status_code == 200
    for page in ["bulletin:current", "practice_db:search", "accounts:profile"]:
        response = client.get(reverse(page), {"key": key})
        assert response.status_code == 302, page
        assert "/accounts/sign-in/" in response.url
    assert "_auth_user_id" not in client.session


def test_one_persons_key_never_reads_as_anothers(staff, editor):
    assert feeds.user_for_feed_key(feeds.feed_key(staff)) == staff
    assert feeds.user_for_feed_key(feeds.feed_key(editor)) == editor


def test_the_profile_shows_the_feed_link_with_the_key_and_resets_it_by_post(client_as, staff):
    client = client_as("staff")
    html = client.get(reverse("accounts:profile")).content.decode()
    link = re.search(r'href="(/impact/feed/\?key=[^"]+)"', html).group(1)
    assert Client().get(link).status_code == 200

    assert client.get(reverse("accounts:reset_feed_key")).status_code == 405
    response = client.post(reverse("accounts:reset_feed_key"))
    assert response.status_code == 302
    assert Client().get(link).status_code == 404


def test_resetting_needs_a_signed_in_person():
    response = Client().post(reverse("accounts:reset_feed_key"))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response.url


def test_the_search_page_links_its_feed_with_the_readers_key(client_as, staff):
    html = client_as("staff").get(reverse("practice_db:search"), {"q": "discharge"}).content
    links = re.findall(r'href="(/practice/search/feed/\?[^"]+)"', html.decode())
    assert links
    assert all("key=" in link and "q=discharge" in link for link in links)
