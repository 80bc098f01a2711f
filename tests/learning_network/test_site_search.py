"""One search over everything: each kind's group agrees with that kind's own search."""

import re
from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from learning_network import plugins, site_search
from practice_db.models import ProjectStatus, ResearchProgramme, ResearchProject
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory
from tests.helpers import assert_ladder, ladder

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(london_trust):
    """Things about stroke of every kind, and some that are not to be found."""
    for n in range(5):
        PracticeExampleFactory(
            published=True, organisation=london_trust, title=f"Stroke unit {n}", summary="Stroke."
        )
    PracticeExampleFactory(draft=True, organisation=london_trust, title="Stroke draft secret")
    published = IssueFactory(published=True)
    StoryFactory(issue=published, title="Stroke care spreads", standfirst="A stroke story.")
    StoryFactory(issue=published, title="Nothing here", standfirst="About falls.")
    later = IssueFactory(publish_at=timezone.now() + timedelta(days=3))
    StoryFactory(issue=later, title="Stroke story not yet out")
    programme = ResearchProgramme.objects.create(name="SDO", slug="sdo")
    ResearchProject.objects.create(
        programme=programme,
        title="Stroke services compared",
        team="A team",
        status=ProjectStatus.COMPLETED,
        summary="Which stroke services work.",
    )


def groups(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.text


def test_each_kind_shows_its_count_best_few_and_a_link_to_its_own_search(world, client_as):
    page = groups(client_as("staff"), "stroke")
    assert (
        'Practice examples <span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">(5)</span>'
        in page
    )
    assert (
        'ImpAct stories <span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">(1)</span>'
        in page
    )
    assert (
        'Research projects <span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">(1)</span>'
        in page
    )
    assert "See all 5 practice examples" in page
    assert f'href="{reverse("practice_db:search")}?q=stroke"' in page
    assert f'href="{reverse("bulletin:search")}?q=stroke"' in page
    for hidden in ("Stroke draft secret", "Stroke story not yet out"):
        assert hidden not in page


@pytest.mark.parametrize("query", ["stroke", "stroke -unit", '"stroke care"', "strok"])
def test_each_group_agrees_with_its_kinds_own_search(world, staff, query):
    for found in site_search.search_everything(site_search.tidy(query), staff):
        own = found.kind.run(site_search.tidy(query), staff, 20)
        assert found.group.total == own.total, found.kind.label
        assert found.group.hits == own.hits[: site_search.GROUP_SIZE], found.kind.label


def test_the_groups_match_the_practice_search_page(world, client_as):
    client = client_as("staff")
    own = client.get(reverse("practice_db:search"), {"q": "stroke"}).text
    grouped = groups(client, "stroke")
    own_titles = re.findall(r">(Stroke unit \d)<", own)
    assert re.findall(r">(Stroke unit \d)<", grouped) == own_titles[: site_search.GROUP_SIZE]


def test_stories_and_research_have_their_own_search_pages(world, client_as):
    client = client_as("staff")
    stories = client.get(reverse("bulletin:search"), {"q": "stroke"}).text
    assert "Stroke care spreads" in stories
    assert "Stroke story not yet out" not in stories
    research = client.get(reverse("practice_db:research"), {"q": "stroke"}).text
    assert "Stroke services compared" in research


def test_who_may_search(world, client_as):
    for url in [reverse("search"), reverse("bulletin:search")]:
        assert_ladder(client_as, f"{url}?q=stroke", ladder(200))


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        '"unbalanced',
        "<b>bold</b>",
        "'; DROP TABLE",
        "a\x00b",
        "!!! & | :*",
        "-",
        "or",
    ],
)
def test_hostile_words_get_a_page_never_an_error(world, client_as, query):
    for url in [reverse("search"), reverse("bulletin:search"), reverse("practice_db:research")]:
        response = client_as("staff").get(url, {"q": query})
        assert response.status_code == 200, url
        assert "<b>bold</b>" not in response.text


def test_a_kind_that_fails_does_not_take_the_page_down(world, client_as, monkeypatch):
    def broken(query, user, limit):
        raise DatabaseError("index corrupt")

    kinds = plugins.search_kinds()
    stories = next(k for k in kinds if k.label == "ImpAct stories")
    replaced = [
        plugins.SearchKind(k.label, broken, k.url_name, k.order) if k is stories else k
        for k in kinds
    ]
    monkeypatch.setattr(site_search, "search_kinds", lambda: replaced)
    page = groups(client_as("staff"), "stroke")
    assert "ImpAct stories could not be searched just now" in page
    assert "Stroke unit" in page


@pytest.mark.django_db(transaction=True)
def test_a_kind_whose_statement_fails_leaves_the_others_usable(reference_data, staff, monkeypatch):
    """Outside a test's transaction, as on a live page: the database refuses
    one kind's statement and the kinds after it still run."""
    from django.db import connection

    def failing(query, user, limit):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        return plugins.SearchGroup(total=0, hits=())

    kinds = sorted(plugins.search_kinds(), key=lambda k: k.order)
    first = kinds[0]
    replaced = [plugins.SearchKind(first.label, failing, first.url_name, first.order), *kinds[1:]]
    monkeypatch.setattr(site_search, "search_kinds", lambda: replaced)
    assert not connection.in_atomic_block
    found = site_search.search_everything("stroke", staff)
    assert found[0].group is None
    assert all(f.group is not None for f in found[1:])


def test_the_page_runs_the_same_statements_however_much_matches(client_as, london_trust):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice_db.published import published_version

    client = client_as("staff")

    def statements():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("search"), {"q": "stroke"})
        return len(captured)

    published_version()  # kept in the shared cache from the first page on
    before = statements()
    for n in range(12):
        PracticeExampleFactory(published=True, organisation=london_trust, title=f"Stroke {n}")
    assert statements() == before


def test_a_group_counts_every_match_beyond_those_it_shows_up_to_the_cap(staff, monkeypatch):
    programme = ResearchProgramme.objects.create(name="SDO", slug="sdo")
    for n in range(5):
        ResearchProject.objects.create(
            programme=programme,
            title=f"Stroke rehabilitation study {n}",
            team="A team",
            status=ProjectStatus.COMPLETED,
            summary="Stroke.",
        )

    def research_group(query="stroke"):
        return next(
            found.group
            for found in site_search.search_everything(query, staff)
            if found.kind.label == "Research projects"
        )

    group = research_group()
    assert (group.total, group.at_least, len(group.hits)) == (5, False, site_search.GROUP_SIZE)
    monkeypatch.setattr(site_search, "COUNT_CAP", 3)
    group = research_group()
    assert (group.total, group.at_least) == (3, True)
    assert (research_group("nothing-matches-this").total, research_group("x").hits) == (0, ())
