"""Editors put an issue together, order it, publish or schedule it, and correct it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bulletin import services
from bulletin.models import Correction, Issue, Subscription
from learning_network import errors
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Booked appointments",
    "standfirst": "Patients choose a date before they leave the surgery.",
    "author": "By Gwen Llewellyn",
    "body": "Did-not-attend rates **fell by half**.",
    # The version every story starts at: what the edit form posts back.
    "version": "1",
}


def titles_in_order(issue: Issue) -> list[str]:
    return list(issue.stories.order_by("position").values_list("title", flat=True))


def test_editor_creates_a_draft_issue_and_adds_stories_in_order(client_as):
    client = client_as("editor")
    topic = TopicFactory(name="Outpatients", slug="outpatients")
    response = client.post(
        reverse("bulletin:issue_create"),
        {"number": 7, "title": "Faster for outpatients", "publication_date": "2001-03-01"},
    )
    issue = Issue.objects.get(number=7)
    assert response.url == reverse("bulletin:issue_manage", args=[issue.pk])
    assert issue.publish_at is None

    for title in ["One", "Two", "Three"]:
        client.post(
            reverse("bulletin:story_create", args=[issue.pk]),
            {**STORY, "title": title, "topics": [topic.pk]},
        )
    assert titles_in_order(issue) == ["One", "Two", "Three"]
    assert list(issue.stories.get(title="Two").topics.all()) == [topic]


def test_bad_issue_details_get_clear_messages_and_a_400(client_as):
    IssueFactory(number=7)
    response = client_as("editor").post(
        reverse("bulletin:issue_create"),
        {
            "number": "7",
            "title": "",
            "publication_date_day": "31",
            "publication_date_month": "2",
            "publication_date_year": "2001",
        },
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "There is already an issue with this number" in response.text
    assert "Enter the issue&#x27;s title" in response.text
    assert "Publication date must be a real date" in response.text
    assert 'href="#id_publication_date_day"' in response.text
    nonsense = client_as("editor").post(
        reverse("bulletin:issue_create"),
        {"number": "seven\x00", "title": "x" * 500, "publication_date": "soon"},
    )
    assert nonsense.status_code == 400


def test_an_empty_story_is_refused_with_messages(client_as, draft_issue):
    response = client_as("editor").post(reverse("bulletin:story_create", args=[draft_issue.pk]), {})
    assert response.status_code == 400
    assert "Enter the story&#x27;s title" in response.text
    assert "Enter the standfirst" in response.text


def test_move_up_and_down_reorders_without_javascript(client_as, editor, issue_in_progress):
    client = client_as("editor")
    first, _, third = issue_in_progress.stories.order_by("position")
    move(client, third, "up")
    assert titles_in_order(issue_in_progress) == ["First story", "Third story", "Second story"]
    move(client, first, "down")
    assert titles_in_order(issue_in_progress) == ["Third story", "First story", "Second story"]
    # Readers see that order once it is published.
    services.schedule_issue(actor=editor, issue=issue_in_progress, publish_at=None)
    text = client_as("staff").get(issue_in_progress.get_absolute_url()).text
    assert text.index("Third story") < text.index("First story") < text.index("Second story")


def move(client, story, direction: str) -> str:
    """Press Move up or Move down; the text of the page it comes back to."""
    url = reverse("bulletin:story_move", args=[story.pk])
    return client.post(url, {"direction": direction}, follow=True).text


def test_moving_past_either_end_explains_itself(client_as, issue_in_progress):
    client = client_as("editor")
    first, _, last = issue_in_progress.stories.order_by("position")
    assert "is already first in the issue" in move(client, first, "up")
    assert "is already last in the issue" in move(client, last, "down")
    assert "Choose to move the story up or down" in move(client, first, "sideways")
    assert titles_in_order(issue_in_progress) == ["First story", "Second story", "Third story"]


def test_a_published_issue_keeps_its_stories_and_their_order(client_as, published_issue):
    client = client_as("editor")
    first = published_issue.stories.order_by("position").first()
    assert "correct a story instead" in move(client, first, "down")
    added = client.post(
        reverse("bulletin:story_create", args=[published_issue.pk]), STORY, follow=True
    )
    assert "correct a story instead" in added.text
    assert titles_in_order(published_issue) == ["First story", "Second story", "Third story"]
    manage = client.get(reverse("bulletin:issue_manage", args=[published_issue.pk])).text
    assert "Move down" not in manage
    assert "Add a story" not in manage


def test_publish_now_asks_to_check_naming_how_many_are_emailed(client_as, draft_issue):
    for _ in range(3):
        Subscription.objects.create(user=UserFactory())
    Subscription.objects.create(user=UserFactory(is_active=False))
    response = client_as("editor").post(
        reverse("bulletin:issue_schedule", args=[draft_issue.pk]), {"when": "now"}
    )
    assert response.status_code == 200
    assert "3 subscribers will be emailed" in response.text
    assert '<input type="hidden" name="when" value="now">' in response.text
    assert '<input type="hidden" name="confirmed" value="yes">' in response.text
    draft_issue.refresh_from_db()
    assert draft_issue.publish_at is None


def test_the_schedule_is_shown_pre_filled_and_only_under_schedule(client_as, draft_issue):
    when = timezone.localtime() + timedelta(days=10)
    draft_issue.publish_at = when.replace(hour=9, minute=30, second=0, microsecond=0)
    draft_issue.save()
    html = client_as("editor").get(reverse("bulletin:issue_manage", args=[draft_issue.pk])).text
    assert 'value="later" checked data-aria-controls="conditional-schedule"' in html
    assert 'value="09:30"' in html
    for box, value in (("day", when.day), ("month", when.month), ("year", when.year)):
        assert re.search(rf'name="date_{box}"[^>]*value="{value}"', html), box


def test_publish_now_makes_the_issue_public(client_as, draft_issue):
    client_as("editor").post(
        reverse("bulletin:issue_schedule", args=[draft_issue.pk]),
        {"when": "now", "confirmed": "yes"},
    )
    draft_issue.refresh_from_db()
    assert draft_issue.is_published()
    assert client_as("staff").get(draft_issue.get_absolute_url()).status_code == 200


def test_schedule_for_a_date_and_time(client_as, draft_issue):
    when = timezone.localtime() + timedelta(days=10)
    response = client_as("editor").post(
        reverse("bulletin:issue_schedule", args=[draft_issue.pk]),
        {
            "when": "later",
            "date_day": str(when.day),
            "date_month": str(when.month),
            "date_year": str(when.year),
            "time": "9:30",
            "confirmed": "yes",
        },
        follow=True,
    )
    draft_issue.refresh_from_db()
    assert draft_issue.status() == "scheduled"
    assert timezone.localtime(draft_issue.publish_at).strftime("%H:%M") == "09:30"
    assert "will be published at 09:30" in response.text
    assert client_as("staff").get(draft_issue.get_absolute_url()).status_code == 404

    client_as("editor").post(reverse("bulletin:issue_unschedule", args=[draft_issue.pk]))
    draft_issue.refresh_from_db()
    assert draft_issue.publish_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose to publish now or schedule a time"),
        ({"when": "later"}, "Enter the date to publish the issue"),
        (
            {"when": "later", "date_day": "1", "date_month": "13", "date_year": "2001"},
            "The date to publish the issue must be a real date",
        ),
        (
            {"when": "later", "date_day": "1", "date_month": "", "date_year": "2099"},
            "The date to publish the issue must include a month",
        ),
        (
            {"when": "later", "date_day": "1", "date_month": "1", "date_year": "99"},
            "Year must include 4 numbers",
        ),
        ({"when": "later", "date": "2000-01-01", "time": "09:00"}, "Choose a time in the future"),
        (
            {
                "when": "later",
                "date_day": "1",
                "date_month": "1",
                "date_year": "2099",
                "time": "25:99",
            },
            "Enter the time on the 24-hour clock, for example 09:00 or 17:30",
        ),
    ],
)
def test_bad_schedules_are_refused_with_a_message(client_as, draft_issue, data, message):
    response = client_as("editor").post(
        reverse("bulletin:issue_schedule", args=[draft_issue.pk]), data
    )
    assert response.status_code == 400
    assert message in response.text
    draft_issue.refresh_from_db()
    assert draft_issue.publish_at is None


def test_an_issue_without_stories_cannot_be_published(client_as):
    empty = IssueFactory(number=40, draft=True)
    response = client_as("editor").post(
        reverse("bulletin:issue_schedule", args=[empty.pk]), {"when": "now", "confirmed": "yes"}
    )
    assert response.status_code == 400
    assert "Add at least one story" in response.text
    empty.refresh_from_db()
    assert empty.publish_at is None


def test_a_published_issue_cannot_be_taken_back_or_rescheduled(editor, published_issue):
    with pytest.raises(errors.Conflict, match="published already"):
        services.unschedule_issue(actor=editor, issue=published_issue)
    with pytest.raises(errors.Conflict, match="published already"):
        services.schedule_issue(actor=editor, issue=published_issue, publish_at=None)


def test_editing_a_draft_story_needs_no_correction_note(client_as, draft_issue):
    story = draft_issue.stories.get()
    response = client_as("editor").post(
        reverse("bulletin:story_edit", args=[story.pk]), {**STORY, "title": "Better title"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Better title"
    assert not Correction.objects.exists()


def test_correcting_a_published_story_needs_a_note_that_readers_see(client_as, published_issue):
    story = published_issue.stories.first()
    client = client_as("editor")
    url = reverse("bulletin:story_edit", args=[story.pk])
    assert "Correction note" in client.get(url).text

    refused = client.post(url, {**STORY, "body": "Rates fell by a third."})
    assert refused.status_code == 400
    assert "Say what you corrected" in refused.text
    story.refresh_from_db()
    assert "third" not in story.body

    client.post(
        url,
        {
            **STORY,
            "body": "Rates fell by a third.",
            "correction_note": "An earlier version said rates fell by half.",
        },
    )
    story.refresh_from_db()
    assert story.body == "Rates fell by a third."
    page = client_as("staff").get(story.get_absolute_url()).text
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Corrected on {today}:" in page
    assert "An earlier version said rates fell by half." in page


def test_related_examples_are_found_by_search_and_added_with_a_button(client_as, draft_issue):
    story = draft_issue.stories.get()
    wanted = PracticeExampleFactory(title="Nurse-led discharge lounge", published=True)
    PracticeExampleFactory(title="Discharge draft", draft=True)
    PracticeExampleFactory(title="Stroke unit", published=True)
    client = client_as("editor")
    url = reverse("bulletin:story_examples", args=[story.pk])

    results = client.get(url, {"find": "discharge"}).text
    assert "Nurse-led discharge lounge" in results
    assert "Discharge draft" not in results
    assert "Stroke unit" not in results

    client.post(
        reverse("bulletin:story_example_add", args=[story.pk]),
        {"example": wanted.pk, "find": "discharge"},
    )
    assert list(story.related_examples.all()) == [wanted]
    # Once linked it shows as linked, not as a search result to add again.
    again = client.get(url, {"find": "discharge"}).text
    assert "No other published examples match" in again

    client.post(reverse("bulletin:story_example_remove", args=[story.pk]), {"example": wanted.pk})
    assert not story.related_examples.exists()


def test_an_unpublished_or_made_up_example_cannot_be_linked(client_as, draft_issue):
    story = draft_issue.stories.get()
    draft = PracticeExampleFactory(draft=True)
    client = client_as("editor")
    add = reverse("bulletin:story_example_add", args=[story.pk])
    response = client.post(add, {"example": draft.pk}, follow=True)
    assert "is not published" in response.text
    assert client.post(add, {"example": "not-a-number"}).status_code == 404
    assert client.post(add, {"example": "999999"}, follow=True).status_code == 200
    assert not story.related_examples.exists()


def test_dashboard_lists_draft_scheduled_and_published_issues(
    client_as, draft_issue, scheduled_issue, published_issue
):
    text = client_as("editor").get(reverse("bulletin:dashboard")).text
    drafts = text.index("Draft <span")
    scheduled = text.index("Scheduled <span")
    published = text.index("Published <span")
    assert drafts < text.index("Not ready yet") < scheduled
    assert scheduled < text.index("Coming soon") < published
    assert published < text.index("Beacons light the way")


def test_staff_cannot_use_the_services_directly(staff, draft_issue):
    story = draft_issue.stories.get()
    with pytest.raises(errors.NotAllowed):
        services.schedule_issue(actor=staff, issue=draft_issue, publish_at=None)
    with pytest.raises(errors.NotAllowed):
        services.move_story(actor=staff, story=story, direction="up")
    with pytest.raises(errors.NotAllowed):
        services.edit_story(actor=staff, story=story, values=STORY, topics=[])


def test_new_stories_go_to_the_end_even_after_moves(editor):
    issue = IssueFactory(number=50, draft=True)
    StoryFactory(issue=issue, position=1, title="A")
    b = StoryFactory(issue=issue, position=2, title="B")
    services.move_story(actor=editor, story=b, direction="up")
    services.add_story(actor=editor, issue=issue, values={**STORY, "title": "C"}, topics=[])
    assert titles_in_order(issue) == ["B", "A", "C"]


def test_an_empty_example_search_asks_for_words(client_as, draft_issue):
    url = reverse("bulletin:story_examples", args=[draft_issue.stories.get().pk])
    client = client_as("editor")
    assert client.get(url).status_code == 200
    empty = client.get(url, {"find": "   "})
    assert empty.status_code == 400
    assert "Enter words to search for" in empty.text
    assert client.get(url, {"find": "x" * 500}).status_code == 400
    assert client.get(url, {"find": "nul\x00byte"}).status_code == 400


def test_editor_removes_a_story_from_a_draft_after_confirming(client_as, issue_in_progress):
    client = client_as("editor")
    second = issue_in_progress.stories.get(title="Second story")
    url = reverse("bulletin:story_remove", args=[second.pk])
    assert "This cannot be undone" in client.get(url).text
    assert titles_in_order(issue_in_progress) == ["First story", "Second story", "Third story"]
    client.post(url)
    assert titles_in_order(issue_in_progress) == ["First story", "Third story"]
    # The gap left behind does not trouble the order or the moves.
    third = issue_in_progress.stories.get(title="Third story")
    move(client, third, "up")
    assert titles_in_order(issue_in_progress) == ["Third story", "First story"]


def test_a_story_in_a_published_issue_cannot_be_removed(client_as, published_issue):
    story = published_issue.stories.first()
    response = client_as("editor").post(
        reverse("bulletin:story_remove", args=[story.pk]), follow=True
    )
    assert "correct a story instead" in response.text
    assert published_issue.stories.count() == 3


def test_a_published_issue_keeps_its_number_but_may_fix_its_title(client_as, published_issue):
    client = client_as("editor")
    url = reverse("bulletin:issue_edit", args=[published_issue.pk])
    details = {"title": "Beacons show the way", "publication_date": "2001-07-01"}
    refused = client.post(url, {**details, "number": 99})
    assert refused.status_code == 400
    assert "A published issue keeps its number" in refused.text
    client.post(url, {**details, "number": 10})
    published_issue.refresh_from_db()
    assert (published_issue.number, published_issue.title) == (10, "Beacons show the way")


def test_two_editors_saving_one_story_the_later_is_refused_and_keeps_their_text(
    client_as, draft_issue
):
    story = draft_issue.stories.get()
    url = reverse("bulletin:story_edit", args=[story.pk])
    first = client_as("editor")
    assert first.post(url, {**STORY, "title": "First editor's title"}).status_code == 302

    # A second editor, who opened the form before the first saved, saves too.
    later = client_as("editor").post(url, {**STORY, "body": "The second editor's body."})
    assert later.status_code == 409
    assert "Another editor saved this story" in later.text
    assert "The second editor&#x27;s body." in later.text
    assert "The story as the other editor saved it" in later.text
    assert "First editor&#x27;s title" in later.text
    story.refresh_from_db()
    assert story.title == "First editor's title"
    assert story.body == STORY["body"]

    # Saving again from the form as sent back goes through.
    again = client_as("editor").post(
        url, {**STORY, "body": "The second editor's body.", "version": str(story.version)}
    )
    assert again.status_code == 302
    story.refresh_from_db()
    assert story.body == "The second editor's body."


def test_an_edit_posted_without_its_version_is_refused_as_stale(client_as, draft_issue):
    story = draft_issue.stories.get()
    data = {key: value for key, value in STORY.items() if key != "version"}
    response = client_as("editor").post(reverse("bulletin:story_edit", args=[story.pk]), data)
    assert response.status_code == 409
    story.refresh_from_db()
    assert story.title != STORY["title"]
