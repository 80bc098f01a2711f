"""Management training in the browser: a new member of staff finds a course open
to clinical staff and books an intake; a provider adds and opens an intake.

Every page is checked with axe and photographed at desktop and phone widths.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import at_both_widths, check_accessibility
from tests.factories import TopicFactory, UserFactory
from tests.training.factories import CourseFactory, attended, course_of, intake
from training import services
from training.models import Interest, Level, Rating, TrainingContact

pytestmark = pytest.mark.django_db(transaction=True)


def both_widths(page, name: str) -> None:
    at_both_widths(page, f"training-{name}")


@pytest.fixture
def courses(page, course_provider, another_course_provider):
    """One course open to clinical staff, with an intake open; one for managers only."""
    topic = TopicFactory(name="Management development", slug="management-development")
    course = course_of(course_provider)
    course.title = "Budgets for ward managers"
    course.level = Level.INTRODUCTORY
    course.summary = (
        "Reading a budget statement and spotting overspend early, for new ward sisters."
    )
    course.save()
    course.topics.add(topic)
    managers = course_of(another_course_provider)
    managers.open_to_clinical_staff = False
    managers.save()
    intake(course, course_provider, days=21, capacity=12)
    return course, managers


def test_a_new_member_of_staff_finds_a_clinical_course_and_books_an_intake(
    page, sign_in_as, courses
):
    course, managers = courses
    newcomer = UserFactory(full_name="Nina Newcomer", job_title="Staff nurse")
    sign_in_as(page, newcomer)
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a management course")
    expect(page.get_by_role("link", name=managers.title)).to_be_visible()
    both_widths(page, "find-a-course")

    page.get_by_label("Who can go").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=managers.title)).to_have_count(0)
    assert "clinical=yes" in page.url
    page.get_by_role("link", name=course.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    both_widths(page, "course")

    page.get_by_role("link", name="Book a place").click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".nhsuk-notification-banner, .nhsuk-inset-text").first).to_contain_text(
        "booked"
    )
    check_accessibility(page)
    page.goto(course.get_absolute_url())
    expect(page.get_by_text("Your booking: confirmed")).to_be_visible()


def test_the_ready_made_view_and_contacts(page, sign_in_as, staff, courses):
    from directory.models import Region

    TrainingContact.objects.create(
        region=Region.objects.get(slug="london"),
        name="Adaeze Nwosu",
        role="Education and training consortium lead",
        email="adaeze.nwosu@london.nhs.uk",
        covers="Funding and study leave",
    )
    sign_in_as(page, staff)
    page.goto("/training/for-clinicians-new-to-management/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Courses for clinicians new to management"
    )
    both_widths(page, "for-clinicians")
    page.goto("/training/?level=expert")
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not understand that search")
    both_widths(page, "search-not-understood")
    page.goto("/training/contacts/")
    expect(page.get_by_text("Adaeze Nwosu")).to_be_visible()
    both_widths(page, "contacts")


def test_staff_register_interest_and_rate_after_attending(
    page, sign_in_as, staff, courses, course_provider
):
    _, managers = courses
    sign_in_as(page, staff)
    page.goto(managers.get_absolute_url())
    page.get_by_role("button", name="Email me when an intake opens").click()
    expect(page.get_by_text("We will email you when a new intake")).to_be_visible()
    assert Interest.objects.filter(course=managers, user=staff).exists()
    both_widths(page, "course-interest-registered")

    course = courses[0]
    past = course_intakes_first(course)
    attended(past, staff)
    for number in range(5):
        person = UserFactory(full_name=f"Attendee {number}")
        attended(past, person)
        services.rate_course(
            actor=person, course_id=course.pk, stars=4, comment=f"Clear and practical {number}."
        )
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Rate this course").click()
    page.get_by_role("button", name="Send rating").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a rating from 1 to 5")
    both_widths(page, "rate-errors")
    page.get_by_label("5: excellent").check()
    page.get_by_label("What would you tell a colleague about it?").fill(
        "The best course I have been on."
    )
    page.get_by_role("button", name="Send rating").click()
    expect(page.get_by_text("out of 5, from 6 people")).to_be_visible()
    assert Rating.objects.filter(course=course, user=staff, stars=5).exists()
    both_widths(page, "course-rated")


def course_intakes_first(course):
    from opportunities.models import Session
    from training.permissions import intakes_q

    return Session.objects.filter(intakes_q(course)).order_by("starts_at").first()


def test_a_provider_adds_and_opens_an_intake(page, sign_in_as, course_provider, staff, courses):
    course = courses[0]
    extra = CourseFactory(provider=course.provider, title="Appraisal that helps")
    Interest.objects.create(course=extra, user=staff)
    sign_in_as(page, course_provider)
    page.goto("/")
    page.get_by_role("link", name="Courses you run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses you run")
    both_widths(page, "provider-home")
    page.get_by_role("link", name="Appraisal that helps").click()
    both_widths(page, "course-manage-empty")
    page.get_by_role("link", name="Add an intake").click()
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    both_widths(page, "intake-form-errors")

    starts = page.get_by_role("group", name="Starts")
    starts.get_by_label("Day").fill("3")
    starts.get_by_label("Month").fill("9")
    starts.get_by_label("Year").fill("2099")
    starts.get_by_label("Time").fill("09:30")
    ends = page.get_by_role("group", name="Ends")
    ends.get_by_label("Day").fill("3")
    ends.get_by_label("Month").fill("9")
    ends.get_by_label("Year").fill("2099")
    ends.get_by_label("Time").fill("16:30")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Venue").fill("Postgraduate Centre, St Thomas' Wing")
    page.get_by_label("Places").fill("16")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the intake before opening it")
    expect(page.get_by_text("Opening emails 1 person")).to_be_visible()
    both_widths(page, "intake-open-check")
    page.get_by_role("button", name="Open for booking").click()
    expect(page.get_by_text("We have emailed 1 person")).to_be_visible()
    both_widths(page, "course-manage")


def test_a_provider_edits_a_course_and_links_the_practice_it_draws_on(
    page, sign_in_as, course_provider, courses
):
    from practice_db.models import ProjectStatus, ResearchProgramme, ResearchProject
    from tests.factories import PracticeExampleFactory

    course = courses[0]
    example = PracticeExampleFactory(title="Ward budgets held by sisters", published=True)
    study = ResearchProject.objects.create(
        programme=ResearchProgramme.objects.create(name="Service Delivery", slug="sdo"),
        title="Devolved budgets in acute wards",
        team="A university unit",
        status=ProjectStatus.COMPLETED,
        summary="What devolved budgets change.",
    )
    sign_in_as(page, course_provider)
    page.goto(f"/training/provider/courses/{course.pk}/")
    page.get_by_role("link", name="Edit the course's details").click()
    page.get_by_label("Cost per place, in pounds").fill("-20")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("cannot be less than 0")
    both_widths(page, "course-edit-errors")
    page.get_by_label("Cost per place, in pounds").fill("0")
    page.get_by_label("No charge").check()
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("The course's details are saved.")).to_be_visible()

    page.get_by_role("link", name="The practice and research it draws on").click()
    page.get_by_label("Search published practice examples").fill("budgets")
    page.get_by_role("button", name="Search examples").click()
    page.get_by_role("button", name=f"Add “{example.title}”").click()
    page.get_by_role("button", name=f"Add “{study.title}”").click()
    expect(page.get_by_role("button", name=f"Remove “{study.title}”")).to_be_visible()
    both_widths(page, "course-evidence")

    page.goto(course.get_absolute_url())
    expect(page.get_by_role("link", name=example.title)).to_be_visible()
    expect(page.get_by_role("link", name=study.title)).to_be_visible()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("FreeNo charge")
    both_widths(page, "course-with-evidence")
