"""Providers add courses and keep their details; the search follows."""

import pytest
from django.urls import reverse

from learning_network.errors import Invalid, NotAllowed
from tests.factories import TopicFactory
from tests.helpers import assert_ladder, ladder
from tests.training.factories import ProviderFactory, intake
from training import services
from training.models import CostBand, Course, Level

pytestmark = pytest.mark.django_db

COURSE = {
    "title": "Running a safe handover",
    "summary": "How wards hand over patients between shifts without losing anything.",
    "learning_outcomes": "Run a structured handover\nAudit your ward's handovers",
    "level": "introductory",
    "format": "online",
    "duration": "Two half days",
    "cost": "350",
    "who_pays": "employer",
    "open_to_clinical_staff": "yes",
}


def test_only_coordinators_reach_the_course_forms(client_as, course, other_course):
    assert_ladder(
        client_as,
        reverse("training:course_edit", args=[course.pk]),
        ladder(403, course_provider=200),
        contains="Edit the course",
    )
    assert_ladder(
        client_as,
        reverse("training:course_add"),
        ladder(403, course_provider=200, another_course_provider=200),
    )


def test_a_provider_adds_a_course_that_staff_then_find(client_as, course_provider):
    topic = TopicFactory(name="Patient safety")
    client = client_as("course_provider")
    page = client.get(reverse("training:provider_home")).text
    assert 'href="/training/provider/courses/new/"' in page
    response = client.post(reverse("training:course_add"), {**COURSE, "topics": [topic.pk]})
    assert response.status_code == 302
    added = Course.objects.get(title="Running a safe handover")
    assert response.url == reverse("training:course_manage", args=[added.pk])
    assert added.provider.coordinators.filter(pk=course_provider.pk).exists()
    assert added.level == Level.INTRODUCTORY
    assert added.cost_band == CostBand.UP_TO_1000
    assert added.open_to_clinical_staff is True
    assert list(added.topics.all()) == [topic]
    found = client_as("staff").get(reverse("training:index"), {"q": "handover"})
    assert [c.pk for c in found.context["page"]] == [added.pk]


def test_a_provider_edits_the_details_and_the_search_follows(client_as, course):
    client = client_as("course_provider")
    url = reverse("training:course_edit", args=[course.pk])
    staff = client_as("staff")
    assert staff.get(reverse("training:index"), {"q": "defended"}).context["page"].paginator.count
    form = client.get(url).text
    assert f'value="{course.title}"' in form
    assert 'value="yes" checked' in form  # open to clinical staff, as it is now
    assert "Select an option" not in form
    response = client.post(
        url, {**COURSE, "title": "Budgets for theatre managers", "open_to_clinical_staff": "no"}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Budgets for theatre managers"
    assert course.open_to_clinical_staff is False
    assert [
        c.pk for c in staff.get(reverse("training:index"), {"q": "theatre"}).context["page"]
    ] == [course.pk]
    gone = staff.get(reverse("training:index"), {"q": "defended"})
    assert gone.context["page"].paginator.count == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "Enter the course&#x27;s title"),
        ({"summary": "   "}, "Enter a summary of the course"),
        ({"cost": "-5"}, "The cost cannot be less than 0"),
        ({"cost": "lots"}, "Enter the cost as a number of pounds"),
        ({"cost": "12345678"}, "Enter a cost under £1,000,000"),
        ({"cost": "12.345"}, "Enter the cost to the penny at most"),
        ({"level": "guru"}, "Select a valid choice"),
        ({"open_to_clinical_staff": ""}, "Say who can go"),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"summary": "y" * 2001}, "at most 2000 characters"),
        ({"topics": ["999999"]}, "Select a valid choice"),
        ({"topics": ["<script>"]}, "is not a valid value"),
    ],
)
def test_bad_course_details_are_refused_with_a_message(client_as, course, changes, message):
    before = Course.objects.values().get(pk=course.pk)
    response = client_as("course_provider").post(
        reverse("training:course_edit", args=[course.pk]), {**COURSE, **changes}
    )
    assert response.status_code == 400
    assert message in response.text
    assert "<script>" not in response.text
    assert Course.objects.values().get(pk=course.pk) == before


def test_hostile_course_details_are_kept_as_text(client_as, course):
    hostile = '<script>alert("x")</script>'
    client = client_as("course_provider")
    client.post(
        reverse("training:course_edit", args=[course.pk]),
        {**COURSE, "title": hostile, "summary": hostile, "learning_outcomes": hostile},
    )
    course.refresh_from_db()
    assert course.title == hostile
    page = client_as("staff").get(course.get_absolute_url()).text
    assert hostile not in page
    assert "&lt;script&gt;" in page


def test_a_course_is_added_only_to_a_provider_one_coordinates(
    client_as, course, other_course, course_provider
):
    second = ProviderFactory()
    second.coordinators.add(course_provider)
    client = client_as("course_provider")
    form = client.get(reverse("training:course_add")).text
    assert "Choose the provider" in form
    assert str(other_course.provider) not in form
    response = client.post(reverse("training:course_add"), {**COURSE})
    assert response.status_code == 400
    response = client.post(
        reverse("training:course_add"), {**COURSE, "provider": other_course.provider_id}
    )
    assert response.status_code == 400
    assert "Choose the provider" in response.text
    assert not Course.objects.filter(title=COURSE["title"]).exists()
    response = client.post(reverse("training:course_add"), {**COURSE, "provider": second.pk})
    assert response.status_code == 302
    assert Course.objects.get(title=COURSE["title"]).provider == second
    with pytest.raises(NotAllowed):
        services.save_course(
            actor=course_provider,
            values={"title": "Sneaked in"},
            topic_ids=[],
            provider_id=other_course.provider_id,
        )
    with pytest.raises(NotAllowed):
        services.save_course(
            actor=course_provider,
            values={"title": "Renamed"},
            topic_ids=[],
            course_id=other_course.pk,
        )
    other_course.refresh_from_db()
    assert other_course.title != "Renamed"


def test_the_service_refuses_what_the_model_forbids(course_provider, course):
    with pytest.raises(Invalid) as refused:
        services.save_course(
            actor=course_provider, values={"level": "guru"}, topic_ids=[], course_id=course.pk
        )
    assert refused.value.field == "level"
    course.refresh_from_db()
    assert course.level == Level.PRACTITIONER


def test_a_new_providers_coordinator_finds_the_way_to_add_a_first_course(client_as, staff):
    provider = ProviderFactory()
    provider.coordinators.add(staff)
    client = client_as("staff")
    home = client.get(reverse("home")).text
    assert f'href="{reverse("training:provider_home")}"' in home
    page = client.get(reverse("training:provider_home")).text
    assert "Your provider has no courses yet." in page
    assert f'href="{reverse("training:course_add")}"' in page


def test_a_draft_intake_is_on_the_course_page_for_its_managers_only(
    client_as, course, course_provider
):
    open_one = intake(course, course_provider, days=20)
    draft = intake(course, course_provider, days=40, open_=False)
    url = reverse("training:course", args=[course.pk])
    shown = client_as("course_provider").get(url).context["intakes"]
    assert [i.pk for i in shown] == [open_one.pk, draft.pk]
    for reader in ("staff", "moderator_london", "national_moderator"):
        assert [i.pk for i in client_as(reader).get(url).context["intakes"]] == [open_one.pk]
