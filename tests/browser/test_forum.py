"""Following a topic, then hearing of the Management Forum's evaluation result."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from practice_db.models import Follow
from tests.browser.conftest import check_accessibility, screenshot
from tests.factories import PracticeExampleFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_following_a_topic_then_receiving_the_evaluation_result(
    page, live_server, sign_in_as, staff, national_moderator, london_trust
):
    topic = TopicFactory(name="Emergency admissions", slug="emergency-admissions")
    example = PracticeExampleFactory(
        published=True, organisation=london_trust, title="Hospital at home for frail patients"
    )
    example.topics.add(topic)

    sign_in_as(page, staff)
    page.goto(f"{live_server.url}/practice/topics/emergency-admissions/")
    page.get_by_role("button", name="Follow Emergency admissions").click()
    expect(page.get_by_text("You follow Emergency admissions.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "forum-topic-followed")
    assert Follow.objects.filter(user=staff, topic=topic).exists()

    sign_in_as(page, national_moderator)
    page.goto(f"{live_server.url}{example.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Commission an evaluation")).click()
    page.get_by_label("Who will evaluate it").fill("Service Delivery and Organisation Programme")
    next_year = timezone.localdate().year + 1
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill(str(next_year))
    check_accessibility(page)
    screenshot(page, "forum-commission")
    page.get_by_role("button", name="Record the evaluation").click()
    page.get_by_role("link", name="Publish the result").click()
    page.get_by_label("Summary of the result").fill("Admissions fell by a fifth in a year.")
    page.get_by_label("Strong").check()
    check_accessibility(page)
    screenshot(page, "forum-result")
    mail.outbox.clear()
    page.get_by_role("button", name="Publish the result").click()
    expect(page.get_by_text("The result is published; followers are emailed.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "forum-evaluation")

    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Admissions fell by a fifth in a year." in mail.outbox[0].body

    sign_in_as(page, staff)
    page.goto(f"{live_server.url}{example.get_absolute_url()}")
    forum = page.get_by_role("region", name="Management Forum")
    expect(forum).to_contain_text("Evaluation by Service Delivery and Organisation Programme")
    expect(forum).to_contain_text("Strength of evidence found: Strong.")
    check_accessibility(page)
    screenshot(page, "forum-on-example")


def test_we_tried_this_too_starts_our_own_example_and_shows_on_the_map(
    page, live_server, sign_in_as, staff, london_trust, trent_trust
):
    from practice_db.models import Adoption

    example = PracticeExampleFactory(
        published=True, organisation=trent_trust, title="Nurse-led discharge lounge"
    )
    staff.organisation = london_trust
    staff.save()
    sign_in_as(page, staff)
    page.goto(f"{live_server.url}{example.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("We tried this too")).click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "spread-tried-errors")

    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("What did you change in your own service?").fill(
        "A lounge staffed by two nurses from 8am."
    )
    page.get_by_label("How did it go?").fill("Beds free by 11am on most days.")
    page.get_by_label("Start a practice example of our own from this").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We started a draft example of your own")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "spread-own-draft")
    adoption = Adoption.objects.get()
    assert adoption.own_example.submitter == staff

    page.goto(f"{live_server.url}/practice/spread/")
    expect(page.get_by_role("img", name=re.compile("Map of the eight NHS regions"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("London 1"))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "spread-map")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "spread-map-phone")
