"""Courses in the header's search over everything: the group agrees with the
course list's own `?q=`, and finds only what a reader may see."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from learning_network import plugins, site_search
from tests.factories import UserFactory
from tests.training.factories import CourseFactory
from training.models import Rating

pytestmark = pytest.mark.django_db

HEADING = '<span class="nhsuk-u-font-size-19 nhsuk-u-font-weight-normal">({})</span>'


@pytest.fixture
def courses():
    """Five courses on appraisal, one on budgets whose rating speaks of appraisal."""
    made = [
        CourseFactory(
            title=f"Appraisal conversations {n}",
            summary="Running an appraisal that helps.",
            learning_outcomes="Plan an appraisal",
        )
        for n in range(5)
    ]
    budgets = CourseFactory(title="Budgets in a hurry", summary="Reading a budget statement.")
    Rating.objects.create(
        course=budgets, user=UserFactory(), stars=4, comment="Better than my appraisal zebrafish."
    )
    return made


def kind() -> plugins.SearchKind:
    return next(k for k in plugins.search_kinds() if k.url_name == "training:index")


def own_count(client, query) -> int:
    page = client.get(reverse("training:index"), {"q": query}).text
    found = re.search(r"(\d+) courses? matching", page)
    return int(found.group(1)) if found else 0


def test_courses_are_a_kind_of_the_header_search():
    assert kind().label == "Courses" and kind().order == 40
    assert kind().in_sentence == "courses"


def test_the_grouped_page_shows_the_count_best_few_and_a_link_to_the_course_search(
    courses, client_as
):
    page = client_as("staff").get(reverse("search"), {"q": "appraisal"}).text
    assert "Courses " + HEADING.format(5) in page
    assert len(re.findall(r">Appraisal conversations \d<", page)) == site_search.GROUP_SIZE
    assert "See all 5 courses" in page
    assert f'href="{reverse("training:index")}?q=appraisal"' in page
    assert "Budgets in a hurry" not in page


@pytest.mark.parametrize("query", ["appraisal", "appraisal -conversations", "budget", "zebrafish"])
def test_the_group_counts_what_the_course_search_counts(courses, staff, client_as, query):
    group = kind().run(site_search.tidy(query), staff, site_search.GROUP_SIZE)
    assert group.total == own_count(client_as("staff"), query)


def test_the_best_few_are_the_course_searchs_first_few(courses, staff, client_as):
    group = kind().run("appraisal", staff, site_search.GROUP_SIZE)
    own = client_as("staff").get(reverse("training:index"), {"q": "appraisal"}).text
    own_titles = re.findall(r">(Appraisal conversations \d)<", own)
    assert [hit.title for hit in group.hits] == own_titles[: site_search.GROUP_SIZE]
    assert group.hits[0].url.startswith("/training/courses/")


def test_what_a_reader_may_not_see_is_not_found(courses, staff):
    # What people say in ratings is not a course's text.
    assert kind().run("zebrafish", staff, 3).total == 0
    # Someone not signed in sees no course at all.
    assert kind().run("appraisal", AnonymousUser(), 3) == plugins.SearchGroup(total=0, hits=())


def test_someone_not_signed_in_is_sent_to_sign_in(courses, client_as):
    response = client_as("anonymous").get(reverse("search"), {"q": "appraisal"})
    assert response.status_code == 302
    assert "Appraisal" not in response.text


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "appraisal\x00",
        "\x00",
        "\x01\x02",
        "'; drop table training_course; --",
        "x" * 500,
        '"unclosed',
        "-",
        "!!!",
    ],
)
def test_hostile_words_give_a_page_never_an_error(courses, client_as, query):
    client = client_as("staff")
    for url in [reverse("search"), reverse("training:index")]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.text
