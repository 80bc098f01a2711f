"""Every page, as each role sees it, passes the Nu HTML Checker with no errors,
including pages no browser test walks through."""

import pytest
from django.urls import reverse

from practice_db.models import Status
from tests.browser.conftest import _HtmlChecker, html_errors
from tests.bulletin.factories import IssueFactory, StoryFactory
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker():
    if _HtmlChecker.url() is None:
        pytest.skip(f"HTML not checked: {_HtmlChecker.skipped}.")


def test_every_page_passes_the_html_checker(checker, client_as, staff, reference_data):
    published = PracticeExampleFactory(
        published=True, submitter=staff, organisation=staff.organisation
    )
    submitted = PracticeExampleFactory(
        status=Status.SUBMITTED, submitter=staff, organisation=staff.organisation
    )
    rejected = PracticeExampleFactory(
        status=Status.REJECTED, submitter=staff, organisation=staff.organisation
    )
    draft = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    draft_issue = IssueFactory(draft=True)
    story = StoryFactory(issue=draft_issue)
    public_story = StoryFactory()
    pages = {
        "anonymous": [
            reverse("accounts:sign_in"),
            reverse("accounts:sign_up"),
            reverse("accounts:password_reset"),
            reverse("practice_db:help"),
            reverse("accessibility"),
            reverse("privacy"),
        ],
        "staff": [
            reverse("home"),
            reverse("search") + "?q=Thames",
            reverse("practice_db:browse"),
            reverse("practice_db:topics"),
            reverse("practice_db:search") + "?q=discharge",
            reverse("practice_db:mine"),
            reverse("practice_db:create"),
            reverse("practice_db:edit", args=[draft.pk]),
            published.get_absolute_url(),
            reverse("practice_db:organisation", args=[staff.organisation.code]),
            reverse("practice_db:saved_searches"),
            reverse("accounts:profile"),
            reverse("bulletin:current"),
            reverse("bulletin:issues"),
            reverse("bulletin:story", args=[public_story.pk]),
            reverse("bulletin:subjects"),
            "/no-such-page/",
        ],
        "moderator_london": [
            reverse("home"),
            reverse("practice_db:queue"),
            reverse("practice_db:queue") + "?tab=rejected",
            submitted.get_absolute_url(),
            rejected.get_absolute_url(),
            published.get_absolute_url(),
        ],
        "editor": [
            reverse("home"),
            reverse("bulletin:dashboard"),
            reverse("bulletin:issue_create"),
            reverse("bulletin:issue_manage", args=[draft_issue.pk]),
            reverse("bulletin:story_edit", args=[story.pk]),
            reverse("bulletin:story_examples", args=[story.pk]) + "?q=discharge",
            reverse("bulletin:issue", args=[draft_issue.number]),
        ],
    }
    failures = []
    for persona, urls in pages.items():
        client = client_as(persona)
        for url in urls:
            response = client.get(url)
            expected = 404 if url == "/no-such-page/" else 200
            assert response.status_code == expected, (persona, url, response.status_code)
            errors = html_errors(response.content)
            if errors:
                failures.append(f"{url} as {persona}:\n  " + "\n  ".join(errors))
    assert failures == [], "The HTML checker found errors:\n" + "\n".join(failures)
