import pytest

from leadership import sponsor_links
from tests.leadership.factories import ApplicationFactory, CohortFactory, coordinated_programme


@pytest.fixture
def programme(programme_coordinator):
    """The programme `programme_coordinator` runs (made with the persona)."""
    return coordinated_programme()


@pytest.fixture
def cohort(programme):
    """A cohort of that programme, open for applications today, with two places."""
    return CohortFactory(programme=programme, name="Spring cohort")


@pytest.fixture
def application_in(cohort, staff):
    """application_in("endorsed"): staff's application to the open cohort in that state."""

    def make(status, **kwargs):
        return ApplicationFactory(
            cohort=kwargs.pop("cohort", cohort),
            applicant=kwargs.pop("applicant", staff),
            status=status,  # the test is about each status in turn
            **kwargs,
        )

    return make


@pytest.fixture
def sponsor_url():
    def url(application, token=None):
        from django.urls import reverse

        token = token or sponsor_links.make_token(application)
        return reverse("leadership:sponsor", kwargs={"pk": application.pk, "token": token})

    return url


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write with its on-commit work (the emails) done, as a request would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
