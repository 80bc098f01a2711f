"""An example's Management Forum, research and spread panel: what every
reader sees of it is kept in the pages cache, so a later reader runs only
their own statements (may they act for the Forum, do they follow it), and
the next reader after a review, an evaluation, a research project or an
adoption sees it."""

import base64
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice_db import forum, research
from practice_db.models import ProjectStatus, ResearchProgramme, ResearchProject
from practice_db.templatetags.forum import _shared_panel, forum_panel
from tests.factories import PracticeExampleFactory
from tests.practice_db.test_spread_and_research import adopt

pytestmark = [pytest.mark.django_db, pytest.mark.pages_cache]

# The tables only the shared part of the panel reads.
SHARED_TABLES = (
    "practice_db_forumreview",
    "practice_db_evaluation",
    "practice_db_researchproject",
    "practice_db_adoption",
)


@pytest.fixture
def example(london_trust, staff):
    return PracticeExampleFactory(
        published=True, organisation=london_trust, submitter=staff, title="Falls clinic"
    )


def page_of(example) -> str:
    return reverse("practice_db:example", args=[example.pk])


def statements(client, url) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries], response.text


def kept() -> dict[str, bytes]:
    """Every entry of the pages cache (a PostgreSQL table in tests)."""
    table = settings.CACHES["pages"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")  # noqa: S608 - our own setting
        return {key: base64.b64decode(value) for key, value in cursor.fetchall()}


def kept_panels() -> list[bytes]:
    return [value for key, value in kept().items() if ":practice_db:forum:" in key]


def next_year() -> date:
    return timezone.localdate().replace(year=timezone.localdate().year + 1)


def committed(capture, write):
    """Run a service as a request would: its transaction commits."""
    with capture(execute=True):
        return write()


def review(example, national_moderator, reasons="A falls service others should copy."):
    return forum.review_example(
        actor=national_moderator,
        example_id=example.pk,
        verdict="promising",
        reasons=reasons,
        evaluation_recommended=True,
    )


def commission(example, national_moderator):
    return forum.commission_evaluation(
        actor=national_moderator,
        example_id=example.pk,
        evaluator="SDO evaluation team",
        expected_on=next_year(),
    )


def report(evaluation, national_moderator):
    return forum.publish_result(
        actor=national_moderator,
        evaluation_id=evaluation.pk,
        summary="Falls fell by a third.",
        findings="A controlled before-and-after study.",
        strength="strong",
    )


def link_research(example, national_moderator):
    return research.save_project(
        actor=national_moderator,
        project=ResearchProject(
            programme=ResearchProgramme.objects.get_or_create(name="SDO", slug="sdo")[0],
            title="Falls services compared",
            team="Nuffield Institute",
            status=ProjectStatus.COMPLETED,
            summary="Which falls services work.",
        ),
        topic_ids=[],
        example_ids=[example.pk],
    )


@pytest.fixture
def everything(
    example, national_moderator, trent_trust, django_capture_on_commit_callbacks
) -> None:
    """The example reviewed, evaluated, researched and tried elsewhere: each
    part of the panel has something to show."""

    def write():
        review(example, national_moderator)
        report(commission(example, national_moderator), national_moderator)
        commission(example, national_moderator)
        link_research(example, national_moderator)
        adopt(example, trent_trust, start_own_example=True)

    committed(django_capture_on_commit_callbacks, write)


def test_a_later_reader_runs_only_their_own_statements(example, everything, client_as):
    first, first_page = statements(client_as("staff"), page_of(example))
    again, page = statements(client_as("moderator_london"), page_of(example))
    for shown in (
        "A falls service others should copy.",
        "Falls fell by a third.",
        "the result is expected by",
        "Falls services compared",
        "A falls clinic in our day hospital.",
    ):
        assert shown in first_page and shown in page
    assert [sql for sql in first if any(table in sql for table in SHARED_TABLES)]
    assert not [sql for sql in again if any(table in sql for table in SHARED_TABLES)]
    assert len(again) < len(first)


def test_a_kept_panel_is_shown_without_a_statement(example, everything, django_assert_num_queries):
    forum_panel(example)
    # Read back from the cache: the version, then the panel.
    with django_assert_num_queries(2):
        panel = forum_panel(example)
    assert panel["reviews"] and panel["evaluations"] and panel["research"]
    assert panel["adoptions"] and panel["adoptions"][0].own_example is not None
    # Everything the panel shows of them was kept with them: no lazy reads.
    with django_assert_num_queries(0):
        html = render_to_string(
            "practice_db/includes/example_forum.html",
            {"example": example, "is_published": True, **panel},
        )
    assert "Trent" in html and "SDO" in html


def test_a_review_shows_to_the_next_reader(
    example, national_moderator, client_as, django_capture_on_commit_callbacks
):
    client = client_as("staff")
    assert "The Forum has not reviewed this example yet." in client.get(page_of(example)).text
    committed(django_capture_on_commit_callbacks, lambda: review(example, national_moderator))
    page = client.get(page_of(example)).text
    assert "A falls service others should copy." in page
    assert "The Forum has not reviewed this example yet." not in page


def test_an_evaluation_and_its_result_show_to_the_next_reader(
    example, national_moderator, client_as, django_capture_on_commit_callbacks
):
    client = client_as("staff")
    client.get(page_of(example))
    evaluation = committed(
        django_capture_on_commit_callbacks, lambda: commission(example, national_moderator)
    )
    page = client.get(page_of(example)).text
    assert "Evaluation by SDO evaluation team" in page and "the result is expected by" in page
    committed(django_capture_on_commit_callbacks, lambda: report(evaluation, national_moderator))
    page = client.get(page_of(example)).text
    assert "Falls fell by a third." in page and "Strength of evidence found: Strong" in page


def test_an_accepted_rating_shows_to_the_next_reader(
    example, national_moderator, moderator_london, client_as, django_capture_on_commit_callbacks
):
    evaluation = committed(
        django_capture_on_commit_callbacks,
        lambda: report(commission(example, national_moderator), national_moderator),
    )
    client = client_as("staff")
    assert client.get(page_of(example)).context["example"].evidence_rating != "strong"
    committed(
        django_capture_on_commit_callbacks,
        lambda: forum.accept_rating(actor=moderator_london, evaluation_id=evaluation.pk),
    )
    response = client.get(page_of(example))
    assert response.context["example"].evidence_rating == "strong"
    assert "Falls fell by a third." in response.text


def test_a_linked_research_project_shows_to_the_next_reader(
    example, national_moderator, client_as, django_capture_on_commit_callbacks
):
    client = client_as("staff")
    assert "Falls services compared" not in client.get(page_of(example)).text
    committed(
        django_capture_on_commit_callbacks, lambda: link_research(example, national_moderator)
    )
    assert "Falls services compared" in client.get(page_of(example)).text


def test_an_adoption_shows_to_the_next_reader(
    example, trent_trust, client_as, django_capture_on_commit_callbacks
):
    client = client_as("staff")
    assert "No organisation has said it tried this yet." in client.get(page_of(example)).text
    committed(django_capture_on_commit_callbacks, lambda: adopt(example, trent_trust))
    page = client.get(page_of(example)).text
    assert "A falls clinic in our day hospital." in page and str(trent_trust) in page


def test_what_a_reader_may_do_is_their_own(example, everything, client_as):
    forum_action = "Record the Forum's review"
    national, staff = client_as("national_moderator"), client_as("staff")
    assert forum_action in national.get(page_of(example)).text
    assert forum_action not in staff.get(page_of(example)).text
    # And the other way round: the staff member's page was kept first.
    assert forum_action in national.get(page_of(example)).text


def test_following_is_each_readers_own(example, everything, staff, client_as):
    forum.follow(user=staff, example=example)
    assert "Stop following this example" in client_as("staff").get(page_of(example)).text
    other = client_as("moderator_london").get(page_of(example)).text
    assert "Stop following this example" not in other and "Follow this example" in other


def test_nothing_of_a_reader_or_a_person_is_kept(
    example, everything, staff, national_moderator, client_as
):
    forum.follow(user=staff, example=example)
    response = client_as("staff").get(page_of(example))
    client_as("national_moderator").get(page_of(example))
    panels = kept_panels()
    assert len(panels) == 1
    values = b"".join(kept().values())
    token = str(response.context["csrf_token"]).encode()
    assert token not in values and b"csrfmiddlewaretoken" not in values
    # Neither the submitter, the reviewer nor the adopter who reported it.
    adopter = example.adoptions.get().reported_by
    for person in (staff, national_moderator, adopter):
        assert person.email.encode() not in values
    assert b"md5$" not in values  # nobody's password, however hashed in tests
    assert b"User" not in panels[0]  # no account at all, not even a reader's key
    assert b"Stop following" not in values


def test_an_adopters_draft_is_not_kept_with_the_panel(example, everything):
    forum_panel(example)
    draft = example.adoptions.get().own_example
    assert not draft.is_published
    assert draft.title.encode() not in kept_panels()[0]


def test_a_drafts_panel_is_never_kept(example, everything, client_as):
    draft = example.adoptions.get().own_example
    adopter = client_as("staff")
    adopter.force_login(draft.submitter)
    first, page = statements(adopter, page_of(draft))
    assert "Adapted from" in page and "Falls clinic" in page
    again, _ = statements(adopter, page_of(draft))
    assert len(again) == len(first)
    assert [sql for sql in again if "practice_db_adoption" in sql]
    assert not kept_panels()


def test_an_archived_source_is_not_named(example, everything, client_as):
    from practice_db.models import PracticeExample, Status

    draft = example.adoptions.get().own_example
    PracticeExample.objects.filter(pk=example.pk).update(status=Status.ARCHIVED)
    adopter = client_as("staff")
    adopter.force_login(draft.submitter)
    page = adopter.get(page_of(draft)).text
    # The draft's own title says where it came from; the page no longer links there.
    assert "Adapted from <a" not in page and page_of(example) not in page


def test_an_example_page_reads_what_is_published_once(example, everything, client_as):
    client = client_as("staff")
    statements(client, page_of(example))  # its panels kept for the next reader
    again, _ = statements(client, page_of(example))
    # Its related examples and its Forum panel are both kept under the
    # published version: the page reads that version once.
    assert len([sql for sql in again if "published-version" in sql]) == 1


def test_an_example_with_no_forum_work_asks_for_none(example, django_assert_num_queries):
    """One statement says there are no reviews, evaluations or adoptions;
    with the topics given, one more finds the research (none here)."""
    with django_assert_num_queries(2) as captured:
        panel = _shared_panel(example, topic_ids=[])
    assert panel["reviews"] == [] and panel["evaluations"] == []
    assert panel["adoptions"] == [] and panel["adapted_from"] is None
    assert panel["research"] == []
    first, second = (query["sql"] for query in captured.captured_queries)
    assert first.startswith("SELECT EXISTS") and "practice_db_forumreview" in first
    assert second.startswith('SELECT DISTINCT "practice_db_researchproject"')
