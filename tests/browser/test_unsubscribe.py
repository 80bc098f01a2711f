"""The one unsubscribe page, as someone arriving from a link in an email sees it."""

import pytest
from playwright.sync_api import expect

from bulletin.models import Subscription
from bulletin.unsubscribe import impact_link
from tests.browser.conftest import check_accessibility, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_unsubscribing_from_impact_by_the_link_in_an_issue(page, live_server, staff):
    Subscription.objects.create(user=staff)
    page.goto(f"{live_server.url}/unsubscribe/{impact_link(staff).token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from ImpAct")
    check_accessibility(page)
    screenshot(page, "unsubscribe-ask")
    assert Subscription.objects.filter(user=staff).exists()

    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    check_accessibility(page)
    screenshot(page, "unsubscribe-done")
    assert not Subscription.objects.filter(user=staff).exists()


def test_a_broken_link_says_what_to_do(page, live_server):
    page.goto(f"{live_server.url}/unsubscribe/not-a-real-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This unsubscribe link is not recognised"
    )
    check_accessibility(page)
