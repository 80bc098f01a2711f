"""Finding a course: words, filters in the address, the ready-made view, bad addresses."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, TopicFactory, region
from tests.helpers import assert_same_query_count
from tests.training.factories import CourseFactory, ProviderFactory, intake
from training.models import Level
from training.permissions import forget_managed_courses

pytestmark = pytest.mark.django_db


def titles(response) -> set[str]:
    assert response.status_code == 200, response.text[:500]
    return {course.title for course in response.context["page"].object_list}


@pytest.fixture
def courses(course, other_course, course_provider, another_course_provider):
    """The personas' two courses, made different enough to filter apart."""
    budgets = TopicFactory(name="Finance and budgets", slug="finance")
    course.topics.add(budgets)
    course.level = Level.INTRODUCTORY
    course.save()
    other_course.open_to_clinical_staff = False
    other_course.level = Level.SENIOR
    other_course.format = "online"
    other_course.cost = 1200
    other_course.save()
    from training.search import index_course

    index_course(course.pk)
    index_course(other_course.pk)
    intake(course, course_provider, days=20)
    return course, other_course


def test_words_find_courses_by_title_summary_and_topic(client_as, courses):
    course, other = courses
    client = client_as("staff")
    index = reverse("training:index")
    assert titles(client.get(index)) == {course.title, other.title}
    assert titles(client.get(index, {"q": "ward"})) == {course.title}
    assert titles(client.get(index, {"q": "finance"})) == {course.title}  # its topic
    assert titles(client.get(index, {"q": "budgets -ward"})) == {other.title}
    assert titles(client.get(index, {"q": '"primary care team"'})) == {other.title}
    assert titles(client.get(index, {"q": "ward or primary"})) == {course.title, other.title}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"clinical": "yes"}, {"Budgets for ward managers"}),
        ({"clinical": "no"}, {"Leading a primary care team"}),
        (
            {"level": ["introductory", "senior"]},
            {"Budgets for ward managers", "Leading a primary care team"},
        ),
        ({"level": "senior"}, {"Leading a primary care team"}),
        ({"topic": "finance"}, {"Budgets for ward managers"}),
        ({"format": "online"}, {"Leading a primary care team"}),
        ({"format": "in_person"}, {"Budgets for ward managers"}),
        ({"region": "london"}, {"Budgets for ward managers"}),
        ({"region": "trent"}, {"Leading a primary care team"}),
        ({"intake": "open"}, {"Budgets for ward managers"}),
        ({"intake": "1m"}, {"Budgets for ward managers"}),
        ({"cost": "over_1000"}, {"Leading a primary care team"}),
        ({"cost": ["up_to_250", "free"]}, {"Budgets for ward managers"}),
    ],
)
def test_each_filter(client_as, courses, params, expected):
    assert titles(client_as("staff").get(reverse("training:index"), params)) == expected


def test_region_takes_in_courses_with_an_intake_there(client_as, courses, course_provider):
    course, _ = courses
    intake(course, course_provider, days=40, region_id=region("south-west").pk)
    assert titles(client_as("staff").get(reverse("training:index"), {"region": "south-west"})) == {
        course.title
    }


def test_for_clinicians_new_to_management_is_a_ready_made_view(client_as, courses):
    course, other = courses
    response = client_as("staff").get(reverse("training:for_clinicians"))
    assert titles(response) == {course.title}
    assert "Courses for clinicians new to management" in response.text
    # Its filters can be changed like any other.
    widened = client_as("staff").get(reverse("training:for_clinicians"), {"level": "practitioner"})
    assert titles(widened) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "no-such-topic"},
        {"level": "expert"},
        {"format": "carrier-pigeon"},
        {"region": "atlantis"},
        {"intake": "yesterday"},
        {"cost": "priceless"},
        {"clinical": "maybe"},
        {"topic": "x" * 5000},
        {"region": "\x00"},
    ],
)
def test_a_bad_filter_is_explained_with_a_400(client_as, courses, params):
    response = client_as("staff").get(reverse("training:index"), params)
    assert response.status_code == 400
    assert "We could not understand that search" in response.text


@pytest.mark.parametrize(
    "words",
    [
        '"',
        "-",
        "or",
        "&&||!!",
        "(((",
        "\x00nul",
        "a" * 10000,
        "<script>alert(1)</script>",
        "'; DROP TABLE",
    ],
)
def test_odd_words_never_break_the_search(client_as, courses, words):
    response = client_as("staff").get(reverse("training:index"), {"q": words})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_a_bad_page_number_is_the_first_or_last_page(client_as, courses):
    for page in ["0", "-3", "abc", "999999"]:
        assert client_as("staff").get(reverse("training:index"), {"page": page}).status_code == 200


def _more_courses(course_provider):
    def make(n):
        organisation = OrganisationFactory()
        provider = ProviderFactory(organisation=organisation)
        provider.coordinators.add(course_provider)
        for _ in range(n):
            new = CourseFactory(provider=provider, topics=[TopicFactory()])
            forget_managed_courses(course_provider)
            intake(new, course_provider, days=15)

    return make


def test_the_course_list_runs_as_many_statements_for_30_courses_as_for_3(
    client_as, course_provider
):
    client = client_as("staff")
    assert_same_query_count(
        _more_courses(course_provider), reverse("training:index"), client, data={"q": "budget"}
    )


def test_the_filtered_list_runs_constant_statements(client_as, course_provider):
    client = client_as("staff")
    assert_same_query_count(
        _more_courses(course_provider),
        reverse("training:index"),
        client,
        data={"region": "london", "intake": "open", "clinical": "yes"},
    )


def test_the_providers_list_runs_constant_statements(client_as, course_provider):
    client = client_as("course_provider")
    # The persona's cached course ids are per request, so new courses are seen.
    assert_same_query_count(
        _more_courses(course_provider), reverse("training:provider_home"), client
    )
