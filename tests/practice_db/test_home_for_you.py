"""The home page for each person: new examples and Forum results for their
region and the topics they follow, the newest nationally when none is theirs."""

import pytest
from django.urls import reverse

from practice_db.home import forum_results, latest_examples
from practice_db.models import Follow
from tests.factories import PracticeExampleFactory, TopicFactory, UserFactory
from tests.helpers import forum_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def falls(db):
    return TopicFactory(name="Falls prevention")


@pytest.fixture
def examples(london_trust, trent_trust, falls):
    return {
        "london": PracticeExampleFactory(
            published=True, organisation=london_trust, title="London discharge lounge"
        ),
        "trent falls": PracticeExampleFactory(
            published=True, organisation=trent_trust, topics=[falls], title="Trent falls clinic"
        ),
        "trent": PracticeExampleFactory(
            published=True, organisation=trent_trust, title="Trent booking line"
        ),
        "london draft": PracticeExampleFactory(organisation=london_trust, title="London draft"),
    }


def fresh(user):
    """The person as a new request would see them (the panels remember what
    they asked for the length of one request)."""
    return type(user).objects.get(pk=user.pk)


def titles(items) -> set[str]:
    return {item.title for item in items}


def test_new_examples_are_of_the_persons_region(examples, london_trust):
    reader = UserFactory(organisation=london_trust)
    panel = latest_examples(reader)
    assert panel["for_you"] is True
    assert titles(panel["latest_examples"]) == {"London discharge lounge"}


def test_and_of_the_topics_they_follow_sub_topics_included(examples, london_trust, falls):
    reader = UserFactory(organisation=london_trust)
    # Following the subject brings in examples filed under one of its topics.
    subject = TopicFactory(name="Older people")
    falls.parent = subject
    falls.save()
    examples["trent falls"].topics.set([falls])
    Follow.objects.create(user=reader, topic=subject)
    panel = latest_examples(reader)
    assert titles(panel["latest_examples"]) == {"London discharge lounge", "Trent falls clinic"}
    assert panel["follows_topics"] is True


def test_with_nothing_theirs_the_newest_nationally(examples, falls):
    reader = UserFactory(organisation=None)
    panel = latest_examples(reader)
    assert panel["for_you"] is False
    assert titles(panel["latest_examples"]) == {
        "London discharge lounge",
        "Trent falls clinic",
        "Trent booking line",
    }


def test_forum_results_on_what_they_follow_first(examples, london_trust, national_moderator):
    reader = UserFactory(organisation=london_trust)
    assert forum_results(reader) is None  # no panel before any result
    forum_result(examples["trent"], national_moderator, "Calls answered sooner.")
    national = forum_results(fresh(reader))
    assert national["for_you"] is False
    assert [e.summary for e in national["forum_results"]] == ["Calls answered sooner."]

    forum_result(examples["london"], national_moderator, "Beds freed by noon.")
    Follow.objects.create(user=reader, example=examples["trent falls"])
    forum_result(examples["trent falls"], national_moderator, "Fewer falls.")
    theirs = forum_results(fresh(reader))
    assert theirs["for_you"] is True
    assert [e.summary for e in theirs["forum_results"]] == ["Fewer falls.", "Beds freed by noon."]


def test_home_page_shows_both_panels(client, examples, london_trust, national_moderator):
    reader = UserFactory(organisation=london_trust)
    forum_result(examples["london"], national_moderator, "Beds freed by noon.")
    client.force_login(reader)
    html = client.get(reverse("home")).text
    assert "New in London" in html
    assert "London discharge lounge" in html
    assert "Trent booking line" not in html
    assert "Forum results for you" in html
    assert "Beds freed by noon." in html
    assert "London draft" not in html


def test_sessions_for_you_follow_the_topics_followed_and_written_about(
    examples, london_trust, falls
):
    from opportunities.registry import interest_topic_ids

    reader = UserFactory(organisation=london_trust)
    assert interest_topic_ids(reader) == set()
    written = TopicFactory(name="Booking")
    PracticeExampleFactory(submitter=reader, organisation=london_trust, topics=[written])
    Follow.objects.create(user=reader, topic=falls)
    assert interest_topic_ids(reader) == {falls.pk, written.pk}


def test_sessions_for_you_follow_the_topics_of_examples_looked_at(
    client, london_trust, falls, moderator_london
):
    from opportunities.registry import interest_topic_ids
    from practice_db.home import VIEWED_TOPICS_KEPT

    reader = UserFactory(organisation=london_trust)
    client.force_login(reader)
    example = PracticeExampleFactory(published=True, organisation=london_trust, topics=[falls])
    draft = PracticeExampleFactory(submitter=reader, organisation=london_trust)
    client.get(reverse("practice_db:example", kwargs={"pk": draft.pk}))
    assert interest_topic_ids(reader) == {t.pk for t in draft.topics.all()}  # written about
    # Opening an example that is not published (a moderator's queue) notes nothing.
    submitted = PracticeExampleFactory(organisation=london_trust, status="submitted")
    client.force_login(moderator_london)
    opened = client.get(reverse("practice_db:example", kwargs={"pk": submitted.pk}))
    assert opened.status_code == 200
    assert not {t.pk for t in submitted.topics.all()} & interest_topic_ids(moderator_london)
    client.force_login(reader)
    assert client.get(reverse("practice_db:example", kwargs={"pk": example.pk})).status_code == 200
    assert falls.pk in interest_topic_ids(reader)
    # Someone else's reading is not theirs.
    assert falls.pk not in interest_topic_ids(UserFactory(organisation=london_trust))
    # A topic's own page counts as looking at it; only the latest few are kept.
    many = [TopicFactory() for _ in range(VIEWED_TOPICS_KEPT)]
    for topic in many:
        client.get(reverse("practice_db:topic", kwargs={"slug": topic.slug}))
    looked_at = interest_topic_ids(reader)
    assert {topic.pk for topic in many} <= looked_at and falls.pk not in looked_at
