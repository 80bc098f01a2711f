"""A course page shows the practice examples and research its content draws on."""

import functools

import pytest
from django.urls import reverse

from learning_network.errors import Invalid, NotAllowed
from practice_db.models import ProjectStatus, ResearchProgramme, ResearchProject
from tests.factories import PracticeExampleFactory
from tests.helpers import assert_ladder, assert_no_mismatches, ladder, ladder_mismatches
from training import services

pytestmark = pytest.mark.django_db


def _project(**fields) -> ResearchProject:
    programme, _ = ResearchProgramme.objects.get_or_create(
        slug="sdo", defaults={"name": "Service Delivery and Organisation"}
    )
    return ResearchProject.objects.create(
        programme=programme,
        team="A university health services research unit",
        status=ProjectStatus.COMPLETED,
        summary="What works in running a ward budget.",
        **fields,
    )


def test_the_course_page_links_the_examples_and_research_it_draws_on(client_as, course):
    published = PracticeExampleFactory(published=True, title="Ward budgets held by sisters")
    draft = PracticeExampleFactory(draft=True, title="An unpublished budget pilot")
    course.practice_examples.set([published, draft])
    study = _project(title="Devolved budgets in acute wards", report_url="https://example.org/r")
    course.research.set([study])

    page = client_as("staff").get(course.get_absolute_url()).text
    assert "The practice it draws on" in page
    assert f'href="{published.get_absolute_url()}"' in page
    assert "moderate evidence" in page
    # A draft is its submitter's until published: never shown from a course.
    assert "An unpublished budget pilot" not in page
    assert "The research it draws on" in page
    assert f'href="{study.get_absolute_url()}"' in page
    assert "Service Delivery and Organisation, completed" in page
    assert 'href="https://example.org/r"' in page


def test_a_course_drawing_on_nothing_says_nothing_of_it(client_as, course):
    page = client_as("staff").get(course.get_absolute_url()).text
    assert "The practice it draws on" not in page
    assert "The research it draws on" not in page


def test_research_titles_are_escaped(client_as, course):
    course.research.set([_project(title='<script>alert("x")</script>')])
    page = client_as("staff").get(course.get_absolute_url()).text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_only_the_courses_providers_change_what_it_draws_on(client_as, course):
    example = PracticeExampleFactory(published=True)
    project = _project(title="Budgets study")
    url = reverse("training:course_evidence", args=[course.pk])
    assert_ladder(client_as, url, ladder(403, course_provider=200), contains="Budgets study")
    client_for = functools.cache(client_as)
    for name, data in [
        ("evidence_link", {"example": example.pk}),
        ("evidence_link", {"project": project.pk}),
        ("evidence_unlink", {"example": example.pk}),
    ]:
        refused = {
            persona: status
            for persona, status in ladder(403).items()
            if persona != "course_provider"
        }
        target = reverse(f"training:{name}", args=[course.pk])
        assert_no_mismatches(
            ladder_mismatches(client_for, target, refused, method="post", data=data)
        )
    assert not course.practice_examples.exists()
    assert not course.research.exists()


def test_a_provider_finds_an_example_adds_it_and_removes_it(client_as, course):
    wanted = PracticeExampleFactory(title="Nurse-led discharge lounge", published=True)
    PracticeExampleFactory(title="Discharge draft", draft=True)
    PracticeExampleFactory(title="Stroke unit", published=True)
    client = client_as("course_provider")
    url = reverse("training:course_evidence", args=[course.pk])

    results = client.get(url, {"find": "discharge"}).text
    assert "Nurse-led discharge lounge" in results
    assert "Discharge draft" not in results
    assert "Stroke unit" not in results

    response = client.post(
        reverse("training:evidence_link", args=[course.pk]),
        {"example": wanted.pk, "find": "discharge"},
    )
    assert response.status_code == 302
    assert response.url == f"{url}?find=discharge#examples"
    assert list(course.practice_examples.all()) == [wanted]
    again = client.get(url, {"find": "discharge"}).text
    assert "No other published examples match" in again
    assert "Nurse-led discharge lounge" in client.get(course.get_absolute_url()).text

    client.post(reverse("training:evidence_unlink", args=[course.pk]), {"example": wanted.pk})
    assert not course.practice_examples.exists()


def test_a_provider_adds_and_removes_research(client_as, course):
    study = _project(title="Devolved budgets in acute wards")
    client = client_as("course_provider")
    url = reverse("training:course_evidence", args=[course.pk])
    assert "Other research projects" in client.get(url).text
    client.post(reverse("training:evidence_link", args=[course.pk]), {"project": study.pk})
    assert list(course.research.all()) == [study]
    page = client.get(url).text
    assert "Other research projects" not in page
    assert "Research linked to this course" in page
    client.post(reverse("training:evidence_unlink", args=[course.pk]), {"project": study.pk})
    assert not course.research.exists()


def test_unpublished_made_up_or_garbled_links_are_refused(client_as, course, course_provider):
    draft = PracticeExampleFactory(draft=True)
    client = client_as("course_provider")
    add = reverse("training:evidence_link", args=[course.pk])
    response = client.post(add, {"example": draft.pk})
    assert response.status_code == 400
    assert "is not published" in response.text
    assert client.post(add, {"example": "999999"}).status_code == 400
    assert client.post(add, {"project": "999999"}).status_code == 400
    assert client.post(add, {"example": "not-a-number"}).status_code == 404
    assert client.post(add, {"project": "<script>"}).status_code == 404
    assert client.post(add, {}).status_code == 404
    remove = reverse("training:evidence_unlink", args=[course.pk])
    assert client.post(remove, {"example": "1e9"}).status_code == 404
    assert not course.practice_examples.exists()
    assert not course.research.exists()
    with pytest.raises(Invalid):
        services.link_example(actor=course_provider, course_id=course.pk, example_id=draft.pk)


def test_another_provider_cannot_use_the_services(another_course_provider, course):
    example = PracticeExampleFactory(published=True)
    with pytest.raises(NotAllowed):
        services.link_example(
            actor=another_course_provider, course_id=course.pk, example_id=example.pk
        )
    assert not course.practice_examples.exists()


def test_a_bad_example_search_is_a_clear_400(client_as, course):
    url = reverse("training:course_evidence", args=[course.pk])
    client = client_as("course_provider")
    empty = client.get(url, {"find": "   "})
    assert empty.status_code == 400
    assert "Enter words to search for" in empty.text
    long = client.get(url, {"find": "x" * 500})
    assert long.status_code == 400
    assert "200 characters or fewer" in long.text
    hostile = client.get(url, {"find": "<script>alert(1)</script> & 'or 1=1"})
    assert hostile.status_code == 200
    assert "<script>alert(1)</script>" not in hostile.text
    assert client.get(url, {"find": "nul\x00byte"}).status_code == 400
