"""Readers: stories in order, previous and next, subjects, the feed, and hostile Markdown."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

HOSTILE_MARKDOWN = """
Hello <script>alert('body')</script> there.

<img src="x" onerror="alert('img')">

[Click me](javascript:alert('link')) and <a href="javascript:alert(2)">this</a>.

<p onclick="alert('p')" style="color:red">Styled</p>

<iframe src="https://evil.example/"></iframe>

[A safe link](https://www.nhs.uk/)
"""


def test_current_issue_shows_the_latest_published_with_stories_in_order(
    client_as, published_issue, draft_issue
):
    IssueFactory(number=9, title="An older issue")
    response = client_as("staff").get(reverse("bulletin:current"))
    text = response.text
    assert "Beacons light the way" in text
    assert "An older issue" not in text
    assert text.index("First story") < text.index("Second story") < text.index("Third story")


def test_issue_page_follows_position_not_creation_order(client_as):
    issue = IssueFactory(number=3)
    StoryFactory(issue=issue, position=3, title="Made first, shown last")
    StoryFactory(issue=issue, position=1, title="Made second, shown first")
    StoryFactory(issue=issue, position=2, title="Made third, shown second")
    text = client_as("staff").get(issue.get_absolute_url()).text
    assert (
        text.index("Made second, shown first")
        < text.index("Made third, shown second")
        < text.index("Made first, shown last")
    )


def test_story_page_links_previous_and_next_in_its_issue(client_as, published_issue):
    first, second, third = published_issue.stories.order_by("position")
    client = client_as("staff")

    middle = client.get(second.get_absolute_url()).text
    assert f'href="{first.get_absolute_url()}" rel="prev"' in middle
    assert f'href="{third.get_absolute_url()}" rel="next"' in middle

    start = client.get(first.get_absolute_url()).text
    assert 'rel="prev"' not in start
    assert f'href="{second.get_absolute_url()}" rel="next"' in start

    end = client.get(third.get_absolute_url()).text
    assert f'href="{second.get_absolute_url()}" rel="prev"' in end
    assert 'rel="next"' not in end


def test_story_page_shows_topics_and_only_published_related_examples(client_as, published_issue):
    story = published_issue.stories.first()
    topic = TopicFactory(name="Emergency admissions", slug="emergency-admissions")
    story.topics.add(topic)
    shown = PracticeExampleFactory(title="Published lounge", published=True)
    hidden = PracticeExampleFactory(title="Draft lounge", draft=True)
    story.related_examples.add(shown, hidden)
    text = client_as("staff").get(story.get_absolute_url()).text
    assert reverse("bulletin:subject", args=["emergency-admissions"]) in text
    assert "Published lounge" in text
    assert "Draft lounge" not in text


def test_back_issues_are_listed_by_year_newest_first(client_as):
    from datetime import date

    IssueFactory(number=1, title="Spring 2000", publication_date=date(2000, 3, 1))
    IssueFactory(number=6, title="New year 2001", publication_date=date(2001, 1, 1))
    IssueFactory(number=7, title="Draft 2001", publication_date=date(2001, 3, 1), draft=True)
    text = client_as("staff").get(reverse("bulletin:issues")).text
    assert (
        text.index(">2001</h2>")
        < text.index("New year 2001")
        < text.index(">2000</h2>")
        < text.index("Spring 2000")
    )
    assert "Draft 2001" not in text


def test_subject_index_lists_each_topic_with_its_stories_newest_first(client_as):
    discharge = TopicFactory(name="Discharge", slug="discharge")
    cancer = TopicFactory(name="Cancer", slug="cancer")
    TopicFactory(name="Unused topic", slug="unused")
    old = StoryFactory(issue=IssueFactory(number=1), title="Old discharge story")
    new = StoryFactory(issue=IssueFactory(number=2), title="New discharge story")
    draft = StoryFactory(issue=IssueFactory(number=3, draft=True), title="Draft story")
    for story in (old, new, draft):
        story.topics.add(discharge)
    new.topics.add(cancer)

    text = client_as("staff").get(reverse("bulletin:subjects")).text
    assert "Unused topic" not in text
    assert "Draft story" not in text
    discharge_section = text[text.index('id="discharge"') :]
    assert discharge_section.index("New discharge story") < discharge_section.index(
        "Old discharge story"
    )
    topic_page = client_as("staff").get(reverse("bulletin:subject", args=["discharge"])).text
    assert topic_page.index("New discharge story") < topic_page.index("Old discharge story")
    assert "Draft story" not in topic_page


def test_an_unknown_subject_or_story_is_a_404(client_as):
    client = client_as("staff")
    assert client.get(reverse("bulletin:subject", args=["no-such-thing"])).status_code == 404
    assert client.get(reverse("bulletin:story", args=[999999])).status_code == 404
    assert client.get(reverse("bulletin:issue", args=[999999])).status_code == 404


def test_no_issue_yet_is_a_page_not_an_error(client_as):
    response = client_as("staff").get(reverse("bulletin:current"))
    assert response.status_code == 200
    assert "The first issue is not published yet" in response.text


def test_hostile_markdown_is_sanitised_on_the_story_page(client_as):
    story = StoryFactory(
        issue=IssueFactory(number=5),
        title="<script>alert('title')</script>",
        standfirst="<b onmouseover=alert(1)>bold</b>",
        body=HOSTILE_MARKDOWN,
    )
    text = client_as("staff").get(story.get_absolute_url()).text
    body = text[text.index('class="app-story-body"') :]
    assert "<script>alert" not in text
    assert "onerror" not in body
    assert "onclick" not in body
    assert "<b onmouseover" not in text
    assert "javascript:" not in text
    assert "<iframe" not in body
    assert 'style="color' not in body
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in text
    assert 'href="https://www.nhs.uk/"' in body


def test_the_atom_feed_has_published_stories_only_newest_issue_first(client_as, draft_issue):
    older = IssueFactory(number=1, publish_at=timezone.now() - timedelta(days=60))
    newer = IssueFactory(number=2, publish_at=timezone.now() - timedelta(days=1))
    StoryFactory(issue=older, title="Older story")
    StoryFactory(issue=newer, title="Newer story", body=HOSTILE_MARKDOWN)
    response = client_as("staff").get(reverse("bulletin:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own feed)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Newer story", "Older story"]
    assert "A draft story" not in response.text
    summary = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}summary").text
    assert "<script" not in summary
    assert "javascript:" not in summary
    assert "onerror" not in summary


def test_the_home_page_shows_the_latest_issue(client_as, published_issue, draft_issue):
    text = client_as("staff").get(reverse("home")).text
    assert "ImpAct issue 10: Beacons light the way" in text
    assert "First story" in text
    assert "Not ready yet" not in text


def test_the_home_panel_reads_the_latest_issue_with_its_stories(
    staff, published_issue, draft_issue, scheduled_issue
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bulletin.home import latest_issue

    with CaptureQueriesContext(connection) as captured:
        panel = latest_issue(staff)
    assert len(captured) == 1
    assert panel["issue"] == published_issue
    assert [story.issue for story in panel["stories"]] == [published_issue] * 3
    assert [story.position for story in panel["stories"]] == [1, 2, 3]


def test_the_home_panel_shows_an_issue_with_no_stories_yet(staff):
    from bulletin.home import latest_issue

    assert latest_issue(staff) is None
    issue = IssueFactory(number=14, title="Stories to come")
    assert latest_issue(staff) == {"issue": issue, "stories": []}
