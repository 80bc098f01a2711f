import pytest

from tests.training.factories import course_of


@pytest.fixture
def course(course_provider):
    """The course that `course_provider` coordinates."""
    return course_of(course_provider)


@pytest.fixture
def other_course(another_course_provider):
    return course_of(another_course_provider)
