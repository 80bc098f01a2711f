"""Subscribing to ImpAct by email from the profile page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from bulletin.models import Issue, Story, Subscription

pytestmark = pytest.mark.django_db


def test_staff_subscribe_and_unsubscribe_on_their_profile(client_as, staff):
    client = client_as("staff")
    profile = client.get(reverse("accounts:profile")).text
    assert "Subscribe to ImpAct" in profile

    response = client.post(reverse("bulletin:subscription"), {"action": "subscribe"}, follow=True)
    assert Subscription.objects.filter(user=staff).exists()
    assert "You will get each new issue of ImpAct by email" in response.text
    assert "Unsubscribe from ImpAct" in response.text

    client.post(reverse("bulletin:subscription"), {"action": "subscribe"})  # twice is fine
    assert Subscription.objects.filter(user=staff).count() == 1

    client.post(reverse("bulletin:subscription"), {"action": "unsubscribe"})
    assert not Subscription.objects.filter(user=staff).exists()


def test_a_nonsense_subscription_request_is_a_400(client_as, staff):
    response = client_as("staff").post(reverse("bulletin:subscription"), {"action": "maybe"})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_anonymous_cannot_subscribe_and_get_does_nothing(client_as):
    assert client_as("anonymous").post(reverse("bulletin:subscription")).status_code == 302
    assert client_as("staff").get(reverse("bulletin:subscription")).status_code == 405


def test_demo_issues_load_once_and_link_matching_examples(demo_data, settings):
    issues = Issue.objects.published()
    assert issues.count() == 6
    for issue in issues:
        assert 4 <= issue.stories.count() <= 6
    # The demo practice examples are linked to the stories on their subjects.
    assert Story.objects.filter(related_examples__isnull=False).exists()
    stories = Story.objects.count()

    # Every link is on a subject the story and the example share.
    for story in Story.objects.filter(related_examples__isnull=False).distinct():
        story_topics = set(story.topics.values_list("pk", flat=True))
        for example in story.related_examples.all():
            assert story_topics & set(example.topics.values_list("pk", flat=True))
    settings.DEBUG = True
    call_command("load_demo_data")
    assert Issue.objects.count() == 6
    assert Story.objects.count() == stories
    # Nobody is emailed the demo back issues.
    assert not Issue.objects.filter(emailed_at__isnull=True).exists()
