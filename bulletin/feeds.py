"""The Atom feed of published ImpAct stories."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from bulletin.models import Story
from learning_network.markdown import render_markdown

FEED_LENGTH = 50


class StoryFeed(Feed):
    feed_type = Atom1Feed
    title = "ImpAct: good practice in service delivery"
    subtitle = "Stories from ImpAct, the NHS Learning Network's bulletin, newest first."
    link = reverse_lazy("bulletin:current")

    def items(self):
        return (
            Story.objects.published()
            .select_related("issue")
            .annotate(last_corrected=Max("corrections__corrected_at"))
            .order_by("-issue__publish_at", "-issue__number", "position")[:FEED_LENGTH]
        )

    def item_title(self, story: Story) -> str:
        return story.title

    def item_description(self, story: Story) -> str:
        # The body is sanitised by nh3 before it goes into the feed.
        return f"<p>{_escape(story.standfirst)}</p>{render_markdown(story.body)}"

    def item_author_name(self, story: Story) -> str:
        return story.author

    def item_pubdate(self, story: Story):
        return story.issue.publish_at

    def item_updateddate(self, story: Story):
        return story.last_corrected or story.issue.publish_at

    def item_categories(self, story: Story) -> list[str]:
        return [f"Issue {story.issue.number}"]


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)
