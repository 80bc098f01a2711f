"""The help page on writing a good example: open to all, linked where people write."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from practice_db.models import EvidenceRating
from tests.helpers import assert_ladder, ladder

pytestmark = pytest.mark.django_db

HELP = "/practice/help/writing-a-good-example/"


def test_the_help_page_is_at_its_address():
    assert reverse("practice_db:help") == HELP


def test_everyone_can_read_it_even_before_signing_in(client_as):
    assert_ladder(client_as, HELP, ladder(200, anonymous=200), contains="What moderators check")


def test_it_explains_every_rating_of_the_evidence_scale_and_names_the_support_contact(
    client, settings
):
    settings.SUPPORT_EMAIL = "portal.help@nhs.net"
    page = client.get(HELP).content.decode()
    assert 'id="evidence"' in page
    for rating in EvidenceRating:
        assert f'<dt class="nhsuk-summary-list__key">{rating.label}</dt>' in page
    assert '<a href="mailto:portal.help@nhs.net">portal.help@nhs.net</a>' in page


def test_it_only_answers_reading(client):
    assert client.post(HELP).status_code == 405


def test_the_footer_links_to_it_on_every_page_even_the_sign_in_page(client):
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert f'href="{HELP}">Writing a good example</a>' in page


@pytest.mark.parametrize("url_name", ["practice_db:create", "practice_db:mine"])
def test_the_example_form_and_your_examples_link_to_it(client, staff, url_name):
    client.force_login(staff)
    page = client.get(reverse(url_name)).content.decode()
    assert f'<a href="{HELP}">How to write a good example, and what moderators check</a>' in page


def test_pages_print_with_the_print_stylesheet(client):
    page = client.get(HELP).content.decode()
    assert 'href="/static/css/print.css" media="print"' in page
    assert finders.find("css/print.css")
