"""Sessions in PostgreSQL, read by a statement built once: Django's rules kept."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning_network.sessions import SessionStore

pytestmark = pytest.mark.django_db


def signed_in(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_the_portal_keeps_sessions_in_postgresql_by_this_store():
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        pytest.skip("With Redis, sessions are read from Redis first (cached_db).")
    assert settings.SESSION_ENGINE == "learning_network.sessions"


def test_a_session_is_read_and_its_person_signed_in(staff):
    client = signed_in(staff)
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert staff.full_name in response.text


def test_an_expired_session_signs_no_one_in(staff):
    client = signed_in(staff)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("practice_db:browse"))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


@pytest.mark.parametrize(
    "key", ["x" * 32, "short", "k" * 500, "'; DROP TABLE x; --" * 3, "abcdefgh\x00zz", "A" * 32]
)
def test_a_key_that_is_not_a_session_signs_no_one_in(key):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get(reverse("practice_db:browse"))
    assert response.status_code == 302


def test_the_store_reads_what_django_wrote(staff):
    store = SessionStore()
    store["answer"] = 42
    store.create()
    again = SessionStore(store.session_key)
    assert again["answer"] == 42
    assert SessionStore("not-a-session-key-at-all").load() == {}
