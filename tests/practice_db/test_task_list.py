"""The example form as a task list: a page per section, each saved on its own,
check your answers, then "Submit for review"."""

from datetime import date

import pytest
from django.urls import reverse

from practice_db.models import EventKind, PracticeExample, Revision, RevisionStatus, Status
from tests.factories import PracticeExampleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def section_url(example, slug):
    return reverse("practice_db:edit_section", args=[example.pk, slug])


def about(staff, **overrides):
    data = {
        "section": "about",
        "next": "continue",
        "title": "Nurse-led discharge lounge",
        "organisation": staff.organisation_id,
        "started_on_month": "4",
        "started_on_year": "2001",
        "ended_on_month": "",
        "ended_on_year": "",
    }
    return data | overrides


def test_the_first_section_makes_a_draft_and_goes_on_to_the_next(client_as, staff):
    response = client_as("staff").post(reverse("practice_db:create"), about(staff))
    example = PracticeExample.objects.get()
    assert response.status_code == 302
    assert response.url == section_url(example, "problem")
    assert example.status == Status.DRAFT
    assert example.started_on == date(2001, 4, 1)  # month and year: the first of the month
    assert example.ended_on is None


def test_the_first_section_needs_only_a_title_and_organisation(client_as, staff):
    response = client_as("staff").post(
        reverse("practice_db:create"), about(staff, title="", started_on_year="01")
    )
    assert response.status_code == 400
    assert "Enter a title" in response.text
    assert "Year must include 4 numbers" in response.text
    assert 'href="#id_started_on_year"' in response.text
    assert 'value="4"' in response.text  # the month typed is kept
    assert "Describe the problem" not in response.text
    assert not PracticeExample.objects.exists()


def test_a_finish_before_the_start_is_refused_in_words(client_as, staff):
    response = client_as("staff").post(
        reverse("practice_db:create"), about(staff, ended_on_month="3", ended_on_year="2001")
    )
    assert response.status_code == 400
    assert "The date the work finished must be after it started" in response.text


def test_saving_a_section_keeps_every_other_section(client_as, staff):
    topic = TopicFactory()
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, topics=[topic]
    )
    before = {name: getattr(example, name) for name in ("title", "summary", "results")}
    response = client_as("staff").post(
        section_url(example, "problem"),
        {"section": "problem", "next": "later", "problem": "Queues", "version": example.version},
    )
    assert response.status_code == 302
    assert response.url == reverse("practice_db:edit", args=[example.pk])
    example.refresh_from_db()
    assert example.problem == "Queues"
    assert {name: getattr(example, name) for name in before} == before
    assert list(example.topics.all()) == [topic]


def test_a_section_save_never_submits_for_review(client_as, staff):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    response = client_as("staff").post(
        section_url(example, "problem"),
        {"problem": "Queues", "intent": "submit", "version": example.version},
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == Status.DRAFT


def test_the_last_section_goes_on_to_check_your_answers(client_as, staff):
    topic = TopicFactory()
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    response = client_as("staff").post(
        section_url(example, "topics"),
        {"next": "continue", "topics": [topic.pk], "version": example.version},
    )
    assert response.url == reverse("practice_db:check", args=[example.pk])


def test_a_stale_section_is_refused_with_the_text_kept(client_as, staff):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    stale = example.version
    client = client_as("staff")
    client.post(section_url(example, "problem"), {"problem": "First words", "version": stale})
    response = client.post(
        section_url(example, "problem"), {"problem": "Second words", "version": stale}
    )
    assert response.status_code == 409
    assert "Someone else saved this example" in response.text
    assert "Second words" in response.text
    example.refresh_from_db()
    assert example.problem == "First words"
    # The form now carries the stored version, so saving again goes through.
    assert f'name="version" value="{example.version}"' in response.text


def test_the_task_list_shows_each_sections_status(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, resources="", results=""
    )
    page = client_as("staff").get(reverse("practice_db:edit", args=[example.pk])).text
    statuses = {}
    for slug in ("about", "problem", "results", "resources"):
        link = section_url(example, slug)
        after = page[page.index(f'href="{link}"') :]
        status = after[after.index('class="nhsuk-task-list__status"') :]
        statuses[slug] = status[: status.index("</div>")]
    assert "Completed" in statuses["about"] and "Completed" in statuses["problem"]
    assert "In progress" in statuses["results"]  # evidence given, results not
    assert "Not started" in statuses["resources"]
    assert "Check your answers" in page


def test_check_your_answers_names_what_is_missing_and_offers_no_submit(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, results="", topics=[]
    )
    page = client_as("staff").get(reverse("practice_db:check", args=[example.pk])).text
    assert "Describe the results and outcomes" in page
    assert f'href="{section_url(example, "results")}#id_results"' in page
    assert f'href="{section_url(example, "topics")}#id_topics_0"' in page
    assert "Submit for review</button>" not in page
    assert example.title in page and "April 2001" not in page


def test_check_your_answers_reads_back_and_submits(
    client_as, staff, moderator_london, django_capture_on_commit_callbacks, mailoutbox
):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, started_on=date(2001, 4, 1)
    )
    client = client_as("staff")
    page = client.get(reverse("practice_db:check", args=[example.pk])).text
    assert "April 2001" in page
    assert "Before-and-after comparison" in page  # a choice in words, not its code
    assert "Submit for review</button>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practice_db:check", args=[example.pk]), {"version": example.version}
        )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == Status.SUBMITTED
    assert [message.to for message in mailoutbox] == [[moderator_london.email]]


def test_submitting_what_changed_since_it_was_checked_is_refused(client_as, staff):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    response = client_as("staff").post(
        reverse("practice_db:check", args=[example.pk]), {"version": example.version - 1}
    )
    assert response.status_code == 409
    example.refresh_from_db()
    assert example.status == Status.DRAFT


def test_an_optional_radio_can_be_cleared_with_not_sure(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, care_setting="acute"
    )
    client = client_as("staff")
    page = client.get(section_url(example, "about")).text
    assert "Care setting (optional)</legend>" in page
    assert "Not sure</label>" in page
    # Nothing is chosen for the person: an unanswered question has no radio ticked.
    assert 'value="" checked' not in page
    assert "Status of the work</legend>" in page  # needed to submit: not "optional"
    client.post(
        section_url(example, "about"),
        about(staff, care_setting="", title=example.title, version=example.version),
    )
    example.refresh_from_db()
    assert example.care_setting == ""


def test_a_moderator_edits_a_section_and_it_is_recorded(client_as, staff, moderator_london):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, submitted=True
    )
    client = client_as("moderator_london")
    assert client.get(reverse("practice_db:edit", args=[example.pk])).status_code == 200
    response = client.post(
        section_url(example, "problem"),
        {"problem": "Clearer words", "version": example.version},
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.problem == "Clearer words"
    assert example.status == Status.SUBMITTED
    assert example.events.filter(kind=EventKind.EDITED, actor=moderator_london).exists()
    # A moderator's edit still needs what a moderator needs.
    refused = client.post(
        section_url(example, "problem"), {"problem": "", "version": example.version}
    )
    assert refused.status_code == 400
    assert "Describe the problem addressed" in refused.text


def test_a_published_examples_section_becomes_changes_for_a_moderator(client_as, staff):
    example = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, published=True
    )
    client = client_as("staff")
    client.post(
        section_url(example, "problem"), {"problem": "New problem", "version": example.version}
    )
    example.refresh_from_db()
    assert example.problem != "New problem"  # the published text stays live
    client.post(
        section_url(example, "done"), {"what_was_done": "New doing", "version": example.version}
    )
    revision = Revision.objects.get(example=example, status=RevisionStatus.PENDING)
    # The second section's save carries the first's changes with it.
    assert revision.content["problem"] == "New problem"
    assert revision.content["what_was_done"] == "New doing"
    assert revision.content["title"] == example.title


def test_an_unknown_section_is_a_404(client_as, staff):
    example = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    assert client_as("staff").get(section_url(example, "nonsense")).status_code == 404
