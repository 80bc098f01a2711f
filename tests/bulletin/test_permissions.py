"""Who may reach which ImpAct page: readers, editors, and nobody for unpublished work."""

import functools
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse

from bulletin.models import Issue, Story
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.conftest import PERSONAS
from tests.factories import TopicFactory
from tests.helpers import assert_ladder, assert_no_mismatches, ladder, ladder_mismatches

pytestmark = pytest.mark.django_db

NOT_EDITORS = [p for p in PERSONAS if p not in {"anonymous", "editor"}]


def editor_get_urls(issue, story) -> list[str]:
    return [
        reverse("bulletin:dashboard"),
        reverse("bulletin:issue_create"),
        reverse("bulletin:issue_manage", args=[issue.pk]),
        reverse("bulletin:issue_edit", args=[issue.pk]),
        reverse("bulletin:story_create", args=[issue.pk]),
        reverse("bulletin:story_edit", args=[story.pk]),
        reverse("bulletin:story_examples", args=[story.pk]),
        reverse("bulletin:story_remove", args=[story.pk]),
    ]


def test_editor_pages_ladder(client_as, draft_issue):
    story = draft_issue.stories.get()
    assert_ladder(client_as, editor_get_urls(draft_issue, story), ladder(403, editor=200))


def test_staff_cannot_publish_move_or_edit(client_as, draft_issue):
    story = draft_issue.stories.get()
    client_for = functools.cache(client_as)  # one signed-in client per persona
    posts = [
        (reverse("bulletin:issue_schedule", args=[draft_issue.pk]), {"when": "now"}),
        (reverse("bulletin:issue_unschedule", args=[draft_issue.pk]), {}),
        (reverse("bulletin:story_move", args=[story.pk]), {"direction": "down"}),
        (
            reverse("bulletin:story_edit", args=[story.pk]),
            {"title": "Hijacked", "standfirst": "x", "author": "x", "body": "x"},
        ),
        (
            reverse("bulletin:issue_create"),
            {"number": 99, "title": "x", "publication_date": "2001-01-01"},
        ),
        (reverse("bulletin:story_example_add", args=[story.pk]), {"example": "1"}),
        (reverse("bulletin:story_remove", args=[story.pk]), {}),
    ]
    # Anonymous visitors are sent to sign in; the editor's own posts are in test_editing.
    refused = {persona: status for persona, status in ladder(403).items() if persona != "editor"}
    assert_no_mismatches(
        mismatch
        for url, data in posts
        for mismatch in ladder_mismatches(client_for, url, refused, method="post", data=data)
    )
    draft_issue.refresh_from_db()
    assert draft_issue.publish_at is None
    assert draft_issue.stories.get().title == "A draft story"
    assert not Issue.objects.filter(number=99).exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_nobody_but_editors_sees_a_draft_or_scheduled_issue_or_its_stories(
    client_as, draft_issue, scheduled_issue, persona
):
    client = client_as(persona)
    for issue in [draft_issue, scheduled_issue]:
        story = issue.stories.get()
        assert client.get(issue.get_absolute_url()).status_code == 404
        assert client.get(story.get_absolute_url()).status_code == 404
    for url in [
        reverse("bulletin:current"),
        reverse("bulletin:issues"),
        reverse("bulletin:subjects"),
        reverse("bulletin:feed"),
        reverse("home"),
    ]:
        text = client.get(url).text
        assert "Not ready yet" not in text
        assert "Coming soon" not in text
        assert "A draft story" not in text
        assert "A scheduled story" not in text


def test_editor_previews_a_draft_as_readers_will_see_it(client_as, draft_issue):
    client = client_as("editor")
    response = client.get(draft_issue.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.text
    assert "Readers cannot see this yet" in response.text
    story = client.get(draft_issue.stories.get().get_absolute_url())
    assert story.status_code == 200
    assert "Readers cannot see this yet" in story.text


def test_reader_pages_ladder(client_as, published_issue):
    story = published_issue.stories.first()
    topic_story = StoryFactory(issue=published_issue, position=9)
    topic_story.topics.add(TopicFactory(name="Discharge", slug="discharge"))
    urls = [
        reverse("bulletin:current"),
        reverse("bulletin:issues"),
        published_issue.get_absolute_url(),
        story.get_absolute_url(),
        reverse("bulletin:subjects"),
        reverse("bulletin:subject", args=["discharge"]),
        reverse("bulletin:feed"),
    ]
    assert_ladder(client_as, urls, ladder(200))


def test_a_scheduled_issue_appears_at_its_exact_time_with_no_job_run(client_as, staff):
    from django.utils import timezone

    # Near enough to now that the test client's session is still valid then.
    moment = timezone.now() + timedelta(minutes=5)
    issue = IssueFactory(number=20, title="On the stroke of nine", publish_at=moment)
    story = StoryFactory(issue=issue, position=1, title="Right on time")
    client = client_as("staff")

    just_before = moment - timedelta(microseconds=1)
    with mock.patch("django.utils.timezone.now", return_value=just_before):
        assert client.get(issue.get_absolute_url()).status_code == 404
        assert client.get(story.get_absolute_url()).status_code == 404
        assert "On the stroke of nine" not in client.get(reverse("bulletin:current")).text
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert client.get(issue.get_absolute_url()).status_code == 200
        assert client.get(story.get_absolute_url()).status_code == 200
        assert "On the stroke of nine" in client.get(reverse("bulletin:current")).text

    # The querysets take the moment too.
    assert not Issue.objects.published(now=just_before).filter(pk=issue.pk).exists()
    assert Issue.objects.published(now=moment).filter(pk=issue.pk).exists()
    assert Story.objects.visible_to(staff, now=moment).filter(pk=story.pk).exists()
    assert not Story.objects.visible_to(staff, now=just_before).filter(pk=story.pk).exists()


def test_navigation_offers_impact_to_signed_in_staff(client_as, published_issue):
    response = client_as("staff").get(reverse("bulletin:current"))
    assert 'aria-current="page"' in response.text
    assert ">ImpAct<" in response.text
