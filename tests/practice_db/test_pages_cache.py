"""What the practice database keeps in the pages cache: search results, an
example's related examples and its sections as HTML. The second reader gets
the first reader's answer without its statements, until what it depends on
changes."""

import base64
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_db import search, services
from practice_db.models import PracticeExample, Status
from practice_db.search_kind import search as search_kind
from tests.factories import PracticeExampleFactory, TopicFactory
from tests.helpers import forum_result, publish_as_moderator

pytestmark = pytest.mark.pages_cache

URL = "/practice/search/"
LONDON_TZ = ZoneInfo("Europe/London")


def published(title, organisation, year=2000):
    return PracticeExampleFactory(
        published=True,
        title=title,
        organisation=organisation,
        published_at=datetime(year, 6, 1, 12, tzinfo=LONDON_TZ),
        summary="A short account of the change.",
        problem="",
        what_was_done="",
        results="",
    )


def titles(response) -> list[str]:
    return [result.title for result in response.context["result"].results]


def search_statements(client, params) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries], response


def publish_rehabilitation(moderator, staff, capture_on_commit, topics=None):
    """A second stroke example, published through the services."""
    extra = {"topics": topics} if topics else {}
    publish_as_moderator(
        moderator,
        capture_on_commit,
        title="Stroke rehabilitation at home",
        submitter=staff,
        organisation=staff.organisation,
        **extra,
    )


@pytest.fixture
def client(client_as):
    return client_as("staff")


def test_the_pages_cache_is_not_the_cache_the_limits_count_in():
    # However many different searches are kept, culling them never forgets
    # a sign-up or password-reset limit's counter.
    pages, default = settings.CACHES["pages"], settings.CACHES["default"]
    assert pages.get("LOCATION") != default.get("LOCATION") or pages.get("KEY_PREFIX")
    assert pages.get("OPTIONS", {}).get("MAX_ENTRIES", 1) <= 20_000


def test_a_search_made_again_reads_no_examples(client, london_trust):
    published("Stroke unit early discharge", london_trust)
    first, response = search_statements(client, {"q": "stroke"})
    again, repeated = search_statements(client, {"q": "stroke"})
    assert titles(repeated) == titles(response) == ["Stroke unit early discharge"]
    assert repeated.context["result"].total == 1
    assert not [sql for sql in again if "practice_db_practiceexample" in sql]
    assert len(again) < len(first)


def test_the_order_filters_come_in_does_not_make_another_entry(client, london_trust, trent):
    published("Stroke unit early discharge", london_trust)
    a = search.SearchParams(q="stroke", filters={"region": (1, 2), "beacon": ("yes",)})
    b = search.SearchParams(q="stroke", filters={"beacon": ("yes",), "region": (2, 1)})
    assert search.cache_key(a) == search.cache_key(b)
    assert search.cache_key(a) != search.cache_key(search.SearchParams(q="stroke"))


def test_publishing_an_example_shows_it_in_the_next_search(
    client, london_trust, staff, moderator_london, django_capture_on_commit_callbacks
):
    published("Stroke unit early discharge", london_trust)
    first = client.get(URL, {"q": "stroke"})
    assert titles(first) == ["Stroke unit early discharge"]
    assert "(1<span" in first.text
    publish_rehabilitation(moderator_london, staff, django_capture_on_commit_callbacks)
    response = client.get(URL, {"q": "stroke"})
    assert sorted(titles(response)) == [
        "Stroke rehabilitation at home",
        "Stroke unit early discharge",
    ]
    # The results and facets as HTML are kept under the same version.
    assert "Stroke rehabilitation at home" in response.text
    assert "(2<span" in response.text  # the region's count in the filters


def test_archiving_an_example_takes_it_out_of_the_next_search(
    client, london_trust, moderator_london, django_capture_on_commit_callbacks
):
    example = published("Stroke unit early discharge", london_trust)
    assert titles(client.get(URL, {"q": "stroke"})) == ["Stroke unit early discharge"]
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_example(
            actor=moderator_london,
            example_id=example.pk,
            action="archive",
            comment="Superseded by the trust's new pathway.",
        )
    assert titles(client.get(URL, {"q": "stroke"})) == []


def test_a_renamed_topic_or_organisation_shows_in_the_next_search(
    client, london_trust, django_capture_on_commit_callbacks
):
    topic = TopicFactory(name="Stroke care")
    example = published("Stroke unit early discharge", london_trust)
    example.topics.set([topic])
    PracticeExample.objects.filter(pk=example.pk).update(facet_topic_ids=[topic.pk])
    first = client.get(URL, {"q": "stroke"})
    assert "Stroke care" in first.text
    assert london_trust.name in first.text
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "Stroke services"
        topic.save()
        london_trust.name = "Royal London Stroke Trust"
        london_trust.save()
    again = client.get(URL, {"q": "stroke"})
    assert "Stroke services" in again.text
    assert "Stroke care" not in again.text
    assert "Royal London Stroke Trust" in again.text
    assert [row.name for row in again.context["organisations"]] == ["Royal London Stroke Trust"]


def test_a_new_topic_can_be_chosen_at_once(
    client, london_trust, django_capture_on_commit_callbacks
):
    published("Stroke unit early discharge", london_trust)
    assert client.get(URL, {"q": "stroke"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        topic = TopicFactory(name="Thrombolysis")
    assert client.get(URL, {"q": "stroke", "topic": topic.pk}).status_code == 200


def test_each_page_of_a_search_is_kept_on_its_own(client, london_trust):
    for number in range(25):
        published(f"Stroke pathway {number:02}", london_trust, year=1990 + number)
    first = titles(client.get(URL, {"q": "stroke", "sort": "title"}))
    second = titles(client.get(URL, {"q": "stroke", "sort": "title", "page": "2"}))
    assert first[0] == "Stroke pathway 00" and second[0] == "Stroke pathway 20"
    assert titles(client.get(URL, {"q": "stroke", "sort": "title", "page": "2"})) == second


def test_the_search_over_everything_keeps_its_practice_group_too(
    london_trust, moderator_london, staff, django_capture_on_commit_callbacks
):
    published("Stroke unit early discharge", london_trust)
    first = search_kind("stroke", staff, 3)
    with CaptureQueriesContext(connection) as captured:
        again = search_kind("stroke", staff, 3)
    assert again == first and first.total == 1
    assert not [q for q in captured.captured_queries if "practice_db_practiceexample" in q["sql"]]
    publish_rehabilitation(moderator_london, staff, django_capture_on_commit_callbacks)
    assert search_kind("stroke", staff, 3).total == 2


def test_hostile_words_are_kept_and_shown_escaped(client, london_trust):
    published("Stroke unit early discharge", london_trust)
    words = "<script>alert(1)</script> stroke"
    for _ in range(2):
        response = client.get(URL, {"q": words})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content
    assert "&lt;script&gt;" in response.text


def test_an_example_shows_its_saved_edit_at_once(client, london_trust):
    example = published("Stroke unit early discharge", london_trust)
    example.problem = "Beds were **blocked** for days."
    example.save()
    url = f"/practice/examples/{example.pk}/"
    assert "<strong>blocked</strong>" in client.get(url).text
    example.problem = "Patients waited _weeks_ for rehabilitation."
    example.version += 1
    example.save()
    html = client.get(url).text
    assert "<em>weeks</em>" in html and "blocked" not in html


def test_an_examples_sections_are_made_once_per_version(client, london_trust):
    example = published("Stroke unit early discharge", london_trust)
    example.problem = "Beds were **blocked** for days."
    example.save()
    url = f"/practice/examples/{example.pk}/"
    client.get(url)
    # Changed behind the services' back, with neither version nor save time
    # changing: the kept HTML is what the page shows.
    type(example).objects.filter(pk=example.pk).update(problem="Something else.")
    assert "<strong>blocked</strong>" in client.get(url).text


def test_a_newly_published_related_example_is_listed(
    client, london_trust, staff, moderator_london, django_capture_on_commit_callbacks
):
    example = published("Stroke unit early discharge", london_trust)
    topic = example.topics.first()
    url = f"/practice/examples/{example.pk}/"
    assert "Stroke rehabilitation at home" not in client.get(url).text
    publish_rehabilitation(moderator_london, staff, django_capture_on_commit_callbacks, [topic])
    assert "Stroke rehabilitation at home" in client.get(url).text


def test_the_next_page_or_another_order_reuses_the_counts(client, london_trust):
    for number in range(25):
        published(f"Stroke pathway {number:02}", london_trust, year=1990 + number)
    client.get(URL, {"q": "stroke"})
    for params in ({"q": "stroke", "page": "2"}, {"q": "stroke", "sort": "title"}):
        statements, response = search_statements(client, params)
        assert response.context["result"].total == 25
        # Only the page of results reads the examples: no estimate, no counting.
        reads = [sql for sql in statements if "practice_db_practiceexample" in sql]
        assert len(reads) == 1 and not any(sql.startswith("EXPLAIN") for sql in reads)


def kept() -> dict[str, bytes]:
    """Every entry of the pages cache (a PostgreSQL table in tests): its key,
    and its value's pickled bytes."""
    table = settings.CACHES["pages"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")  # noqa: S608 - our own setting
        return {key: base64.b64decode(value) for key, value in cursor.fetchall()}


def test_a_page_past_the_last_adds_nothing_to_the_cache(client, london_trust):
    for number in range(25):
        published(f"Stroke pathway {number:02}", london_trust, year=1990 + number)
    client.get(URL, {"q": "stroke", "page": "2"})
    entries = set(kept())
    for page in ("3", "51", "999999"):
        response = client.get(URL, {"q": "stroke", "page": page})
        assert response.context["result"].page == 2
    assert set(kept()) == entries


def test_nothing_of_the_reader_is_kept(client, london_trust):
    published("Stroke unit early discharge", london_trust)
    response = client.get(URL, {"q": "stroke"})
    token = response.context["csrf_token"]
    example = client.get(f"/practice/examples/{response.context['result'].results[0].pk}/")
    assert example.status_code == 200
    values = b"".join(kept().values())
    assert values and str(token).encode() not in values
    assert b"csrfmiddlewaretoken" not in values and b"key=" not in values


def test_a_drafts_or_submissions_sections_are_never_kept(client_as, london_trust, staff):
    submitted = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    submitted.problem = "A bed manager's **private** note."
    submitted.save()
    response = client_as("moderator_london").get(f"/practice/examples/{submitted.pk}/")
    assert "<strong>private</strong>" in response.text
    assert not [key for key in kept() if "example_sections" in key]
    assert not [value for value in kept().values() if b"private" in value]


def test_the_spread_map_counts_a_new_adoption_at_once(
    client, london_trust, trent_trust, staff, django_capture_on_commit_callbacks
):
    from practice_db.spread import record_adoption

    example = published("Stroke unit early discharge", london_trust)
    assert client.get("/practice/spread/").context["total"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        record_adoption(
            actor=staff,
            example_id=example.pk,
            organisation=trent_trust,
            tried_from=date(2001, 1, 1),
            what_changed="Our own early discharge team.",
            how_it_went="Beds freed by noon.",
        )
    assert client.get("/practice/spread/").context["total"] == 1


def test_related_examples_are_kept_as_html_for_the_next_reader(client, london_trust):
    example = published("Stroke unit early discharge", london_trust)
    related = published("Stroke rehabilitation at home", london_trust)
    related.topics.set(example.topics.all())
    url = f"/practice/examples/{example.pk}/"
    with CaptureQueriesContext(connection) as first:
        assert "Stroke rehabilitation at home" in client.get(url).text
    with CaptureQueriesContext(connection) as again:
        assert "Stroke rehabilitation at home" in client.get(url).text
    finding = [query["sql"] for query in first.captured_queries if "unnest(" in query["sql"]]
    assert len(finding) == 1
    assert not [query["sql"] for query in again.captured_queries if "unnest(" in query["sql"]]
    assert any("example_related" in key for key in kept())


def test_an_examples_page_reads_each_cache_once_and_asks_no_more(client, london_trust, staff):
    """The next reader of a published example: its sections, Forum panel and
    related examples come from one read of the pages cache, what is published
    and what the reader looked at from one read of the shared cache; whether
    it has documents and whether the reader follows it come with the example."""
    example = published("Stroke unit early discharge", london_trust)
    related = published("Stroke rehabilitation at home", london_trust)
    related.topics.set(example.topics.all())
    url = f"/practice/examples/{example.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).text
    assert "Stroke rehabilitation at home" in page and "Follow this example" in page
    statements = [query["sql"] for query in again.captured_queries]
    pages_table = settings.CACHES["pages"]["LOCATION"]
    shared_table = settings.CACHES["default"]["LOCATION"]
    assert len([sql for sql in statements if f'FROM "{pages_table}"' in sql]) == 1
    assert len([sql for sql in statements if f'FROM "{shared_table}"' in sql]) == 1
    alone = [
        sql
        for sql in statements
        if sql.startswith(('SELECT 1 AS "a" FROM', 'SELECT "practice_db_attachment"'))
    ]
    assert alone == []


def test_an_examples_documents_and_follow_button_are_the_readers_own(
    client_as, london_trust, staff, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from practice_db import forum

    settings.MEDIA_ROOT = tmp_path
    example = published("Stroke unit early discharge", london_trust)
    [attachment], errors = services.stage_uploads(
        actor=staff, uploads=[SimpleUploadedFile("Audit report.pdf", b"%PDF-1.4 audit")]
    )
    assert errors == []
    attachment.example = example
    attachment.save()
    forum.follow(user=staff, example=example)
    url = f"/practice/examples/{example.pk}/"
    for _ in range(2):  # the first reader, then the next, from what is kept
        page = client_as("staff").get(url).text
        assert "Audit report.pdf" in page and "Stop following this example" in page
        other = client_as("moderator_london").get(url).text
        assert "Audit report.pdf" in other and "Stop following this example" not in other


def home_statements(client_as_user) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        page = client_as_user.get("/").text
    return [query["sql"] for query in captured.captured_queries], page


def test_the_home_panels_are_kept_for_readers_of_one_region_who_follow_the_same(
    client, london_trust, trent_trust, staff, moderator_london, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tests.factories import UserFactory

    published("London discharge lounge", london_trust)
    published("Trent falls clinic", trent_trust)

    def as_reader(organisation) -> Client:
        reader = Client()
        reader.force_login(UserFactory(organisation=organisation))
        return reader

    first, page = home_statements(as_reader(london_trust))
    assert "London discharge lounge" in page and "Trent falls clinic" not in page
    # Another reader of London who follows nothing: the kept panels, no
    # example or Forum result read.
    again, page = home_statements(as_reader(london_trust))
    assert "London discharge lounge" in page and "Trent falls clinic" not in page

    def panels(statements):  # the newest examples, the Forum's results
        return [
            sql
            for sql in statements
            if 'FROM "practice_db_evaluation"' in sql
            or ('FROM "practice_db_practiceexample"' in sql and '"published_at" DESC' in sql)
        ]

    assert len(panels(first)) == 2
    assert panels(again) == []
    # Trent's are kept apart.
    _, page = home_statements(as_reader(trent_trust))
    assert "Trent falls clinic" in page and "London discharge lounge" not in page
    # Publishing in London shows on the next London reader's home page.
    publish_as_moderator(
        moderator_london,
        django_capture_on_commit_callbacks,
        title="London stroke early discharge",
        organisation=london_trust,
    )
    _, page = home_statements(as_reader(london_trust))
    assert "London stroke early discharge" in page


def test_the_home_panels_keep_nothing_of_the_reader(client, london_trust, staff):
    published("London discharge lounge", london_trust)
    assert "London discharge lounge" in client.get("/").text
    home_entries = [value for key, value in kept().items() if ":practice_db:home-" in key]
    assert len(home_entries) == 2
    for value in home_entries:
        assert staff.email.encode() not in value and staff.full_name.encode() not in value


def reader_of(organisation, follows=()):
    """A signed-in client for a new reader in `organisation`, following
    `follows` (topics and examples)."""
    from django.test import Client

    from practice_db.models import Follow
    from tests.factories import UserFactory

    user = UserFactory(organisation=organisation)
    for thing in follows:
        field = "topic" if type(thing).__name__ == "Topic" else "example"
        Follow.objects.create(user=user, **{field: thing})
    reader = Client()
    reader.force_login(user)
    return reader


def test_the_kept_home_panels_follow_what_each_reader_follows(
    london_trust, trent_trust, national_moderator, django_capture_on_commit_callbacks
):
    falls = TopicFactory(name="Falls prevention")
    published("London discharge lounge", london_trust)
    trent_falls = published("Trent falls clinic", trent_trust)
    trent_falls.topics.set([falls])
    trent_falls.facet_topic_ids = [falls.pk]
    trent_falls.save()
    assert "Trent falls clinic" not in reader_of(london_trust).get("/").text
    # Another reader of London, following the topic: their own entry.
    assert "Trent falls clinic" in reader_of(london_trust, [falls]).get("/").text
    assert "Trent falls clinic" not in reader_of(london_trust).get("/").text

    # A Forum result published shows on the next home page.
    with django_capture_on_commit_callbacks(execute=True):
        forum_result(trent_falls, national_moderator, "Fewer falls at home.")
    assert "Fewer falls at home." in reader_of(london_trust).get("/").text
    # Someone who follows the example gets it as theirs, never from what is kept.
    page = reader_of(london_trust, [trent_falls]).get("/").text
    assert "Forum results for you" in page and "Fewer falls at home." in page
    assert "Forum results for you" not in reader_of(london_trust).get("/").text


def test_the_kept_home_panels_keep_no_lead_contact(london_trust):
    example = published("London discharge lounge", london_trust)
    example.lead_email = "lead.person@thames.nhs.uk"
    example.lead_phone = "020 7946 0000"
    example.save()
    assert "London discharge lounge" in reader_of(london_trust).get("/").text
    entries = [value for key, value in kept().items() if ":practice_db:home-" in key]
    assert entries and not [value for value in entries if b"lead.person" in value]
    assert not [value for value in entries if b"7946" in value]
