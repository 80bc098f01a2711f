"""Every page: who may see it, the layout, the health check and error pages."""

import re

import pytest
from django.db import DatabaseError
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "home",
    "accounts:sign_in",
    "accounts:sign_up",
    "accounts:sign_up_done",
    "accounts:resend_verification",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "accessibility",
    "privacy",
    "healthz",
]
SIGNED_IN_PAGES = ["accounts:profile", "accounts:password_change", "search"]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_anonymous_is_sent_to_sign_in_and_back(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:sign_in')}?next={url}"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_anonymous(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("persona", ["staff", "moderator_london", "editor", "site_admin"])
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_answer_every_role(client_as, persona, name):
    assert client_as(persona).get(reverse(name)).status_code == 200


def test_admin_is_for_site_admins_only(client_as):
    assert client_as("site_admin").get(reverse("admin:index")).status_code == 200
    for persona in ["staff", "national_moderator", "editor"]:
        response = client_as(persona).get(reverse("admin:index"))
        assert response.status_code == 302, persona
    assert client_as("anonymous").get(reverse("admin:index")).status_code == 302


def test_front_page_for_visitors_home_page_for_staff(client_as):
    assert "Sign in" in client_as("anonymous").get("/").text
    page = client_as("staff").get("/").text
    assert "Welcome, Sam" in page
    assert "Sign out" in page


def test_every_page_has_the_layout_and_no_inline_script(client_as):
    response = client_as("staff").get(reverse("accounts:profile"))
    html = response.text
    assert 'class="nhsuk-skip-link"' in html
    assert 'class="nhsuk-header"' in html
    assert 'id="search-field"' in html
    assert 'class="nhsuk-footer"' in html
    assert 'href="/static/css/portal.css"' in html
    # Every script comes from a file; no inline script or style attributes.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_navigation_marks_the_current_page(client_as):
    html = client_as("staff").get("/").text
    assert re.search(r'aria-current="page"[^>]*>.*Home', html)


def test_site_admin_sees_the_admin_link_and_others_do_not(client_as):
    assert reverse("admin:index") in client_as("site_admin").get("/").text
    assert reverse("admin:index") not in client_as("staff").get("/").text


def test_404_page_is_in_the_portal_style(client_as):
    response = client_as("staff").get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="nhsuk-header"' in response.text


def test_csrf_failure_page_explains_and_keeps_the_style(staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("accounts:profile"), {"full_name": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.text


def test_403_and_500_pages_render_in_the_portal_style(rf, staff):
    from learning_network import views

    request = rf.get("/")
    request.user = staff
    forbidden = views.permission_denied(request)
    assert forbidden.status_code == 403
    assert b"You do not have access" in forbidden.content
    error = views.server_error(request)
    assert error.status_code == 500
    assert b"Sorry, there is a problem with the service" in error.content
    assert b"nhsuk-header" in error.content


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_site_search_finds_organisations_and_topics(client_as, london_trust):
    from tests.factories import TopicFactory

    TopicFactory(name="Emergency admissions", slug="emergency-admissions")
    response = client_as("staff").get(reverse("search"), {"q": "thames"})
    assert "Thames Test Hospitals NHS Trust" in response.text
    response = client_as("staff").get(reverse("search"), {"q": "EMERGENCY"})
    assert "Emergency admissions" in response.text


@pytest.mark.parametrize("query", ["x" * 10_000, '"unbalanced', "<b>bold</b>", "'; DROP TABLE"])
def test_site_search_survives_hostile_input(client_as, query):
    response = client_as("staff").get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.text


def test_pages_below_home_have_a_breadcrumb_back(client_as):
    html = client_as("staff").get(reverse("accounts:password_change")).text
    assert 'class="nhsuk-breadcrumb"' in html
    assert f'href="{reverse("accounts:profile")}"' in html


def test_admin_sign_in_goes_through_the_portal(client_as):
    response = client_as("anonymous").get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert client_as("staff").get(reverse("admin:login")).status_code == 403
    assert client_as("site_admin").get(reverse("admin:login")).url == reverse("admin:index")


def test_search_with_a_nul_character_is_not_an_error(client_as):
    response = client_as("staff").get(reverse("search"), {"q": "a\x00b"})
    assert response.status_code == 200


def test_search_finds_organisations_by_region(client_as, london_trust):
    response = client_as("staff").get(reverse("search"), {"q": "london"})
    assert "Thames Test Hospitals NHS Trust" in response.text


def test_page_titles_name_the_page_then_the_service(client_as):
    html = client_as("staff").get(reverse("accounts:profile")).text
    assert "<title>Your profile – NHS Learning Network</title>" in html


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("favicon.ico")


def test_the_404_page_searches_practice_examples(client_as, client):
    html = client_as("staff").get("/no-such-page/").text
    assert f'action="{reverse("practice_db:search")}"' in html
    assert "Search practice examples" in html
    # Visitors who are not signed in could not use it: no search box.
    assert 'name="q"' not in client.get("/no-such-page/").text


def test_the_header_search_says_what_it_searches(client_as):
    html = client_as("staff").get(reverse("home")).text
    assert 'for="search-field">Search the Learning Network</label>' in html
    assert 'placeholder="Search everything"' in html
