"""A course page shows the practice examples and research its content draws on."""

import pytest

from practice_db.models import ProjectStatus, ResearchProgramme, ResearchProject
from tests.factories import PracticeExampleFactory

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
