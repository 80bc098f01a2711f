"""Leadership programmes in the header's search over everything: the group
agrees with the programme list's own `?q=`, and finds only what a reader may see."""

import re

import pytest
from django.urls import reverse

from leadership.models import Programme, Status
from learning_network import plugins, site_search
from tests.leadership.factories import ApplicationFactory, CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

HEADING = '<span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">({})</span>'


@pytest.fixture
def programmes():
    """Four programmes for midwives, one for porters, and an application that
    speaks of midwives in someone's private statement."""
    made = [
        ProgrammeFactory(
            title=f"Midwifery leadership {n}",
            slug=f"midwifery-{n}",
            summary="For midwives who lead a unit.",
            who_for="Senior midwives.",
        )
        for n in range(4)
    ]
    porters = ProgrammeFactory(
        title="Leading portering teams",
        slug="porters",
        summary="For heads of portering.",
        who_for="Portering managers.",
        what_involved="Six study days.",
    )
    ApplicationFactory(
        cohort=CohortFactory(programme=porters),
        status=Status.AWAITING_SPONSOR,
        statement="My zebrafish ambition is to lead the midwives' porters.",
    )
    return made


def kind() -> plugins.SearchKind:
    return next(k for k in plugins.search_kinds() if k.url_name == "leadership:index")


def own_titles(client, query) -> list[str]:
    page = client.get(reverse("leadership:index"), {"q": query})
    assert page.status_code == 200
    return re.findall(r'class="nhsuk-card__link" href="[^"]+">([^<]+)<', page.text)


def own_count(client, query) -> int:
    page = client.get(reverse("leadership:index"), {"q": query}).text
    found = re.search(r"(\d+) programmes? matching", page)
    return int(found.group(1)) if found else 0


def test_programmes_are_a_kind_of_the_header_search():
    assert kind().label == "Leadership programmes" and kind().order == 50


def test_the_vector_follows_the_programme_text(programmes):
    programme = programmes[0]
    programme.who_for = "Theatre managers."
    programme.save()
    found = site_search.matching(Programme.objects.all(), "theatre")
    assert list(found) == [programme]


def test_the_grouped_page_shows_the_count_best_few_and_a_link_to_the_programme_search(
    programmes, client_as
):
    page = client_as("staff").get(reverse("search"), {"q": "midwives"}).text
    assert "Leadership programmes " + HEADING.format(4) in page
    assert len(re.findall(r">Midwifery leadership \d<", page)) == site_search.GROUP_SIZE
    assert "See all 4 leadership programmes" in page
    assert f'href="{reverse("leadership:index")}?q=midwives"' in page
    assert "Leading portering teams" not in page


def test_the_programme_list_searches_with_the_same_words(programmes, client_as):
    client = client_as("staff")
    assert sorted(own_titles(client, "midwives")) == [f"Midwifery leadership {n}" for n in range(4)]
    assert own_titles(client, "portering") == ["Leading portering teams"]
    assert len(own_titles(client, "")) == 5
    page = client.get(reverse("leadership:index"), {"q": "nothing-like-this"}).text
    assert "No leadership programme matches “nothing-like-this”" in page


@pytest.mark.parametrize(
    "query", ["midwives", "midwives -unit", '"senior midwives"', "portering", "zebrafish"]
)
def test_the_group_counts_what_the_programme_search_counts(programmes, staff, client_as, query):
    client = client_as("staff")
    group = kind().run(site_search.tidy(query), staff, site_search.GROUP_SIZE)
    assert group.total == own_count(client, query)
    titles = own_titles(client, query)
    assert [hit.title for hit in group.hits] == titles[: site_search.GROUP_SIZE]


def test_what_a_reader_may_not_see_is_not_found(programmes, staff, client_as):
    # An applicant's statement is theirs and the coordinators': it is no programme's text.
    assert kind().run("zebrafish", staff, 3).total == 0
    page = client_as("staff").get(reverse("search"), {"q": "zebrafish"}).text
    assert "Leading portering teams" not in page
    assert client_as("anonymous").get(reverse("search"), {"q": "midwives"}).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "midwives\x00",
        "\x00",
        "'; drop table leadership_programme; --",
        "x" * 500,
        '"unclosed',
        "-",
        "!!!",
    ],
)
def test_hostile_words_give_a_page_never_an_error(programmes, client_as, query):
    client = client_as("staff")
    for url in [reverse("search"), reverse("leadership:index")]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.text
