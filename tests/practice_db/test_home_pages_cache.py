"""The home page's practice panels kept in the pages cache: the same for
everyone with the same region and follows, shown afresh once something is
published or a Forum result comes out, never another region's."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice_db import forum
from practice_db.models import Follow
from tests.factories import PracticeExampleFactory, UserFactory
from tests.helpers import publish_as_moderator

pytestmark = [pytest.mark.django_db, pytest.mark.pages_cache]


@pytest.fixture
def examples(london_trust, trent_trust):
    return {
        "london": PracticeExampleFactory(
            published=True, organisation=london_trust, title="London discharge lounge"
        ),
        "trent": PracticeExampleFactory(
            published=True, organisation=trent_trust, title="Trent booking line"
        ),
    }


def home(user, client):
    client.force_login(user)
    return client.get(reverse("home")).text


def practice_statements(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "practice_db_practiceexample"' in q["sql"]
        or 'FROM "practice_db_evaluation"' in q["sql"]
    ]


def test_a_later_reader_in_the_same_region_gets_the_panels_kept(
    client, examples, london_trust, national_moderator
):
    forum.commission_evaluation(
        actor=national_moderator,
        example_id=examples["london"].pk,
        evaluator="SDO team",
        expected_on=date(2030, 1, 1),
    )
    first, second = (UserFactory(organisation=london_trust) for _ in range(2))
    home(first, client)
    with CaptureQueriesContext(connection) as again:
        page = home(second, client)
    assert "London discharge lounge" in page and "Trent booking line" not in page
    assert not [sql for sql in practice_statements(again) if "published_at" in sql]


def test_each_region_and_each_follower_sees_their_own(client, examples, london_trust, trent_trust):
    in_london = UserFactory(organisation=london_trust)
    in_trent = UserFactory(organisation=trent_trust)
    assert "London discharge lounge" in home(in_london, client)
    page = home(in_trent, client)
    assert "Trent booking line" in page and "London discharge lounge" not in page
    follower = UserFactory(organisation=london_trust)
    Follow.objects.create(user=follower, example=examples["trent"])
    assert "New in London" in home(follower, client)


def test_a_new_example_and_a_forum_result_are_shown_to_the_next_reader(
    client,
    examples,
    london_trust,
    moderator_london,
    national_moderator,
    django_capture_on_commit_callbacks,
):
    reader = UserFactory(organisation=london_trust)
    assert "Falls clinic at home" not in home(reader, client)
    publish_as_moderator(
        moderator_london,
        django_capture_on_commit_callbacks,
        organisation=london_trust,
        title="Falls clinic at home",
    )
    assert "Falls clinic at home" in home(reader, client)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = forum.commission_evaluation(
            actor=national_moderator,
            example_id=examples["london"].pk,
            evaluator="SDO team",
            expected_on=date(2030, 1, 1),
        )
        forum.publish_result(
            actor=national_moderator,
            evaluation_id=evaluation.pk,
            summary="Beds freed by noon.",
            findings="Found.",
            strength="strong",
        )
    assert "Beds freed by noon." in home(reader, client)
