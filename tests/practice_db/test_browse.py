"""Reading published examples: the lists, the related ones, and contacting the lead."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice_db import services
from practice_db.models import ContactMessage, Status
from tests.factories import OrganisationFactory, PracticeExampleFactory, TopicFactory, region
from tests.helpers import assert_same_query_count

pytestmark = pytest.mark.django_db


def published(**fields):
    return PracticeExampleFactory(published=True, **fields)


def test_lists_show_only_published_examples(client_as, staff):
    published(title="Open for all")
    PracticeExampleFactory(title="Still a draft", submitter=staff)
    page = client_as("staff").get(reverse("practice_db:browse")).text
    assert "Open for all" in page
    assert "Still a draft" not in page


@pytest.mark.parametrize("page_param", ["0", "-1", "abc", "999", ""])
def test_odd_page_numbers_give_a_page_not_an_error(client_as, page_param):
    published()
    response = client_as("staff").get(reverse("practice_db:browse"), {"page": page_param})
    assert response.status_code == 200


def test_the_browse_list_pages_by_twenty(client_as, staff):
    PracticeExampleFactory.create_batch(
        25, published=True, organisation=staff.organisation, submitter=staff
    )
    client = client_as("staff")
    first = client.get(reverse("practice_db:browse")).text
    second = client.get(reverse("practice_db:browse"), {"page": 2}).text
    assert first.count('class="app-example-list__item"') == 20
    assert second.count('class="app-example-list__item"') == 5
    assert "Page 2 of 2" in second
    assert 'aria-current="page">2<' in second


def test_a_cached_list_keeps_no_one_elses_address_in_its_pager(client_as, staff):
    # The list is cached for everyone; its pager's links keep the other
    # parameters of each reader's own address, so they are made per request.
    PracticeExampleFactory.create_batch(
        25, published=True, organisation=staff.organisation, submitter=staff
    )
    client = client_as("staff")
    front = reverse("practice_db:browse")
    tagged = client.get(front, {"page": 1, "from": "newsletter"}).text
    assert "?from=newsletter&amp;page=2" in tagged
    plain = client.get(front).text
    assert plain.count('class="app-example-list__item"') == 20
    assert "newsletter" not in plain
    assert 'href="?page=2"' in plain


def test_a_parent_topic_lists_its_sub_topics_examples(client_as):
    parent = TopicFactory(name="Mental health", slug="mental-health")
    child = TopicFactory(name="Crisis teams", slug="crisis-teams", parent=parent)
    example = published(title="Night crisis team")
    example.topics.add(child)
    client = client_as("staff")
    assert (
        "Night crisis team" in client.get(reverse("practice_db:topic", args=["mental-health"])).text
    )
    assert (
        "Night crisis team" in client.get(reverse("practice_db:topic", args=["crisis-teams"])).text
    )
    assert client.get(reverse("practice_db:topic", args=["no-such-topic"])).status_code == 404


def test_region_and_organisation_lists(client_as):
    trent_trust = OrganisationFactory(name="Sherwood Trust", code="TR9", region=region("trent"))
    published(title="Trent falls clinic", organisation=trent_trust)
    published(title="London stroke unit")
    client = client_as("staff")
    trent = client.get(reverse("practice_db:region", args=["trent"])).text
    assert "Trent falls clinic" in trent and "London stroke unit" not in trent
    org = client.get(reverse("practice_db:organisation", args=["TR9"])).text
    assert "Trent falls clinic" in org
    assert client.get(reverse("practice_db:organisation", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize(
    ("url", "at_most"),
    [
        (reverse("practice_db:browse"), 12),
        (reverse("practice_db:region", args=["london"]), 12),
        (reverse("practice_db:topic", args=["discharge"]), 12),
        (reverse("practice_db:topics"), 12),
        (reverse("practice_db:mine"), 12),
        # The home page gathers every app's panels, each a few bounded statements
        # (and "For you" reads the topics looked at lately from the shared cache).
        (reverse("home"), 21),
    ],
)
def test_lists_use_the_same_number_of_queries_for_3_or_20_examples(client_as, staff, url, at_most):
    topic = TopicFactory(name="Discharge", slug="discharge")

    def add(count):
        for example in PracticeExampleFactory.create_batch(
            count, published=True, organisation=staff.organisation, submitter=staff
        ):
            example.topics.add(topic, TopicFactory())

    assert_same_query_count(add, url, client_as("staff"), small=3, large=20, at_most=at_most)


def test_organisation_and_example_pages_use_the_same_number_of_queries(client_as, staff):
    topic = TopicFactory()
    example = published(organisation=staff.organisation)
    example.topics.add(topic)

    def add(count):
        for other in PracticeExampleFactory.create_batch(
            count, published=True, organisation=staff.organisation
        ):
            other.topics.add(topic)

    client = client_as("staff")
    url = reverse("practice_db:organisation", args=[staff.organisation.code])
    assert_same_query_count(add, url, client, small=3, large=20, at_most=12)
    assert_same_query_count(add, example.get_absolute_url(), client, small=3, large=20)


def test_counts_come_from_the_cache_and_follow_publishing(
    client_as, staff, moderator_london, django_capture_on_commit_callbacks
):
    example = PracticeExampleFactory(
        submitted=True, organisation=staff.organisation, title="Hospital at night"
    )
    published(organisation=staff.organisation)
    client = client_as("staff")
    front = reverse("practice_db:browse")
    client.get(front)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(front)
    assert 'London</a> <span class="app-secondary-text">(1)' in page.text
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    # The list itself is cached too: the examples' table is not read at all.
    assert not [q for q in captured.captured_queries if "practice_db_" in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_example(actor=moderator_london, example_id=example.pk, action="publish")
    page = client.get(front).text
    assert 'London</a> <span class="app-secondary-text">(2)' in page
    assert "Hospital at night" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_example(
            actor=moderator_london, example_id=example.pk, action="archive", comment="Old."
        )
    assert 'London</a> <span class="app-secondary-text">(1)' in client.get(front).text


def test_related_examples_put_the_most_shared_topics_first(client_as):
    a, b, c = TopicFactory(), TopicFactory(), TopicFactory()
    example = published(title="Main example")
    example.topics.add(a, b, c)
    one = published(title="Shares one", published_at=timezone.now())
    one.topics.add(a)
    three = published(title="Shares three", published_at=timezone.now() - timedelta(days=400))
    three.topics.add(a, b, c)
    related = client_as("staff").get(example.get_absolute_url()).context["related"]
    assert [r.title for r in related] == ["Shares three", "Shares one"]


def test_related_examples_share_topics(client_as):
    shared, other = TopicFactory(), TopicFactory()
    example = published(title="Main example")
    example.topics.add(shared)
    published(title="Shares a topic").topics.add(shared)
    published(title="Nothing in common").topics.add(other)
    page = client_as("staff").get(example.get_absolute_url()).text
    assert "Shares a topic" in page
    assert "Nothing in common" not in page


def test_the_topic_index_counts_published_examples(client_as):
    parent = TopicFactory(name="Primary care", slug="primary-care")
    child = TopicFactory(name="Access", slug="access", parent=parent)
    published().topics.add(child)
    PracticeExampleFactory().topics.add(child)  # a draft does not count
    page = client_as("staff").get(reverse("practice_db:topics")).text
    assert "(1 example)" in page


class TestContactTheLead:
    @pytest.fixture
    def example(self):
        return published(lead_consents=True, lead_email="lead@trust.nhs.uk", lead_name="Pat")

    def test_the_lead_gets_the_message_with_who_sent_it(
        self, client_as, editor, example, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_as("editor").post(
                reverse("practice_db:contact", args=[example.pk]),
                {"message": "How did you staff the lounge at weekends?"},
                follow=True,
            )
        assert "Your message has been sent to Pat" in response.text
        [email] = mailoutbox
        assert email.to == ["lead@trust.nhs.uk"]
        assert email.reply_to == [editor.email]
        assert editor.full_name in email.body
        assert editor.organisation.name in email.body
        assert "How did you staff the lounge at weekends?" in email.body

    def test_an_empty_message_is_refused_on_the_page(self, client_as, example):
        response = client_as("editor").post(
            reverse("practice_db:contact", args=[example.pk]), {"message": "  "}
        )
        assert response.status_code == 400
        assert "Enter your message" in response.text

    def test_sending_is_rate_limited_and_the_message_kept(self, client_as, editor, example):
        for _ in range(services.CONTACT_LIMIT):
            ContactMessage.objects.create(example=example, sender=editor, message="Earlier")
        response = client_as("editor").post(
            reverse("practice_db:contact", args=[example.pk]), {"message": "One more question"}
        )
        assert response.status_code == 429
        assert "You can send another from" in response.text
        assert "One more question" in response.text
        assert ContactMessage.objects.count() == services.CONTACT_LIMIT

    def test_older_messages_do_not_count(self, client_as, editor, example):
        for _ in range(services.CONTACT_LIMIT):
            ContactMessage.objects.create(
                example=example,
                sender=editor,
                message="Earlier",
                sent_at=timezone.now() - timedelta(hours=2),
            )
        response = client_as("editor").post(
            reverse("practice_db:contact", args=[example.pk]), {"message": "Hello"}
        )
        assert response.status_code == 302

    def test_a_lead_who_did_not_agree_cannot_be_contacted(self, client_as):
        example = published(lead_consents=False)
        response = client_as("editor").post(
            reverse("practice_db:contact", args=[example.pk]), {"message": "Hello"}
        )
        assert response.status_code == 403
        assert "Send your message" not in client_as("editor").get(example.get_absolute_url()).text


def test_the_queue_filters_by_organisation_topic_and_age(client_as, staff):
    topic = TopicFactory(name="Stroke", slug="stroke")
    other_trust = OrganisationFactory(region=region("london"))
    stroke = PracticeExampleFactory(
        title="Stroke early discharge", organisation=staff.organisation, submitted=True
    )
    stroke.topics.add(topic)
    PracticeExampleFactory(
        title="Old falls clinic",
        organisation=other_trust,
        submitted=True,
        submitted_at=timezone.now() - timedelta(days=20),
    )
    client = client_as("moderator_london")
    queue = reverse("practice_db:queue")
    by_topic = client.get(queue, {"topic": topic.pk}).text
    assert "Stroke early discharge" in by_topic and "Old falls clinic" not in by_topic
    by_org = client.get(queue, {"organisation": other_trust.pk}).text
    assert "Old falls clinic" in by_org and "Stroke early discharge" not in by_org
    old = client.get(queue, {"age": "older"}).text
    assert "Old falls clinic" in old and "Stroke early discharge" not in old
    # Counts follow the filters; a value from nowhere shows the whole queue.
    assert client.get(queue, {"organisation": "999999", "age": "nonsense"}).status_code == 200


def test_a_moderator_cannot_filter_by_another_regions_organisation(client_as):
    trent_trust = OrganisationFactory(region=region("trent"))
    PracticeExampleFactory(organisation=trent_trust, submitted=True, title="Trent one")
    page = (
        client_as("moderator_london")
        .get(reverse("practice_db:queue"), {"organisation": trent_trust.pk})
        .text
    )
    assert "Trent one" not in page


def test_an_example_past_its_review_date_says_so_to_its_submitter_only(client_as, staff):
    from datetime import date

    example = published(
        submitter=staff, organisation=staff.organisation, review_date=date(2020, 1, 1)
    )
    assert "Due for review" in client_as("staff").get(example.get_absolute_url()).text
    assert "Due for review" in client_as("moderator_london").get(example.get_absolute_url()).text
    assert "Due for review" not in client_as("editor").get(example.get_absolute_url()).text


def test_proposed_changes_have_their_own_tab_in_the_queue(client_as, staff):
    from practice_db.models import Revision

    example = published(submitter=staff, organisation=staff.organisation, title="Live one")
    Revision.objects.create(example=example, author=staff, content={"title": "Better"})
    page = client_as("moderator_london").get(reverse("practice_db:queue"), {"tab": "proposed"})
    assert "Live one" in page.text
    assert reverse("practice_db:revision", args=[example.pk]) in page.text


def test_the_queue_pages_past_fifty(client_as, staff):
    PracticeExampleFactory.create_batch(
        55, submitted=True, organisation=staff.organisation, submitter=staff
    )
    client = client_as("moderator_london")
    assert "Page 2 of 2" in client.get(reverse("practice_db:queue"), {"page": 2}).text


def test_take_returns_to_the_tab_and_filters_in_use(client_as, staff):
    example = PracticeExampleFactory(
        submitted=True, organisation=staff.organisation, submitter=staff
    )
    back = reverse("practice_db:queue") + "?tab=pending&age=week"
    response = client_as("moderator_london").post(
        reverse("practice_db:take", args=[example.pk]), {"next": back}
    )
    assert response.url == back
    evil = client_as("moderator_london").post(
        reverse("practice_db:take", args=[example.pk]), {"next": "https://evil.example/"}
    )
    assert evil.url == example.get_absolute_url()


def test_a_missing_comment_is_shown_beside_the_box(client_as, staff):
    example = PracticeExampleFactory(
        submitted=True, organisation=staff.organisation, submitter=staff
    )
    response = client_as("moderator_london").post(
        reverse("practice_db:act", args=[example.pk]),
        {"action": "request_changes", "version": example.version},
    )
    assert response.status_code == 400
    assert 'href="#id_comment_request_changes"' in response.text
    assert "Say what needs to change" in response.text


def test_planned_work_can_be_submitted_without_results(client_as, staff):
    topic = TopicFactory()
    data = {
        "title": "A falls service we are about to start",
        "summary": "Plans.",
        "organisation": staff.organisation_id,
        "work_status": "planned",
        "problem": "Falls at home.",
        "what_was_done": "We will visit every faller within a week.",
        "lead_name": "Pat",
        "lead_email": "pat@trust.nhs.uk",
        "topics": [topic.pk],
        "intent": "submit",
    }
    response = client_as("staff").post(reverse("practice_db:create"), data)
    assert response.status_code == 302
    from practice_db.models import PracticeExample

    assert PracticeExample.objects.get().status == Status.SUBMITTED


def test_saved_dates_come_back_in_the_date_boxes(client_as, staff):
    from datetime import date

    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, started_on=date(2001, 4, 1)
    )
    page = (
        client_as("staff").get(reverse("practice_db:edit_section", args=[example.pk, "about"])).text
    )
    assert 'id="id_started_on_month" name="started_on_month" type="text" value="4"' in page
    assert 'id="id_started_on_year" name="started_on_year" type="text" value="2001"' in page


def test_a_top_level_topic_can_be_chosen_and_is_kept(client_as, staff):
    parent = TopicFactory(name="Access and waiting", slug="access")
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    example.topics.add(parent)
    page = (
        client_as("staff")
        .get(reverse("practice_db:edit_section", args=[example.pk, "topics"]))
        .text
    )
    assert "Access and waiting: in general" in page
    assert f'value="{parent.pk}" checked' in page


def test_unchanged_text_with_other_line_endings_is_not_shown_as_a_change(client_as, staff):
    from practice_db.models import Revision

    example = published(submitter=staff, organisation=staff.organisation, problem="One\nTwo")
    Revision.objects.create(
        example=example, author=staff, content={"problem": "One\r\nTwo", "title": "New title"}
    )
    page = client_as("staff").get(reverse("practice_db:revision", args=[example.pk])).text
    assert "New title" in page
    assert "The problem addressed" not in page
