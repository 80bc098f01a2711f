"""Registering interest in a course: one email per person when a new intake opens."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from learning_network.errors import Conflict
from tests.factories import UserFactory
from tests.training.factories import intake
from training import services
from training.models import Interest

pytestmark = pytest.mark.django_db


def _sent_to(mailoutbox, email):
    return [m for m in mailoutbox if email in m.to]


def test_interested_people_are_emailed_once_when_an_intake_opens(
    client_as, staff, course, course_provider, mailoutbox, django_capture_on_commit_callbacks
):
    client_as("staff").post(reverse("training:register_interest", args=[course.pk]))
    assert Interest.objects.filter(course=course, user=staff).exists()
    draft = intake(course, course_provider, open_=False)
    assert mailoutbox == []  # a draft tells nobody

    provider = client_as("course_provider")
    page = provider.get(reverse("training:intake_open", args=[draft.pk]))
    assert "Opening emails 1 person" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = provider.post(reverse("training:intake_open", args=[draft.pk]))
    assert response.status_code == 302
    [email] = _sent_to(mailoutbox, staff.email)
    assert course.title in email.subject
    assert draft.get_absolute_url() in email.body

    # Running the catch-up alerts, or opening again, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_intake_alerts() == 0
        assert provider.post(reverse("training:intake_open", args=[draft.pk])).status_code == 409
    assert len(_sent_to(mailoutbox, staff.email)) == 1


def test_each_new_intake_is_a_new_email(
    staff, course, course_provider, mailoutbox, django_capture_on_commit_callbacks
):
    Interest.objects.create(course=course, user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        intake(course, course_provider, days=30)
    # The intake opened: interest stays until withdrawn, so the next one is told too.
    with django_capture_on_commit_callbacks(execute=True):
        intake(course, course_provider, days=90)
    assert len(_sent_to(mailoutbox, staff.email)) == 2


def test_people_interested_in_another_course_are_not_told(
    staff, course, other_course, course_provider, mailoutbox, django_capture_on_commit_callbacks
):
    Interest.objects.create(course=other_course, user=staff)
    with django_capture_on_commit_callbacks(execute=True):
        intake(course, course_provider)
    assert mailoutbox == []


def test_an_intake_opened_elsewhere_is_caught_by_the_alerts(
    staff, course, course_provider, mailoutbox, django_capture_on_commit_callbacks
):
    from opportunities import services as engine

    Interest.objects.create(course=course, user=staff)
    draft = intake(course, course_provider, open_=False)
    with django_capture_on_commit_callbacks(execute=True):
        engine.publish_session(actor=course_provider, session_id=draft.pk)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_intake_alerts() == 1
        assert services.send_intake_alerts() == 0
    assert len(_sent_to(mailoutbox, staff.email)) == 1


def test_the_scheduled_command_tells_interested_people_once(
    staff, course, course_provider, mailoutbox, django_capture_on_commit_callbacks
):
    from opportunities import services as engine

    Interest.objects.create(course=course, user=staff)
    draft = intake(course, course_provider, open_=False)
    engine.publish_session(actor=course_provider, session_id=draft.pk)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_course_alerts", stdout=out)
    assert out.getvalue().strip() == "Sent 1 new-intake email."
    [email] = _sent_to(mailoutbox, staff.email)
    assert draft.get_absolute_url() in email.body
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_course_alerts", stdout=out)
    assert out.getvalue().strip() == "Sent 0 new-intake emails."
    assert len(_sent_to(mailoutbox, staff.email)) == 1


def test_withdrawn_interest_gets_no_email(
    client_as, staff, course, course_provider, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_as("staff")
    client.post(reverse("training:register_interest", args=[course.pk]))
    client.post(reverse("training:withdraw_interest", args=[course.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        intake(course, course_provider)
    assert mailoutbox == []


def test_interest_is_refused_while_an_intake_is_open(client_as, staff, course, course_provider):
    intake(course, course_provider)
    with pytest.raises(Conflict):
        services.register_interest(actor=staff, course_id=course.pk)
    response = client_as("staff").post(reverse("training:register_interest", args=[course.pk]))
    assert response.status_code == 409
    assert "book a place" in response.text
    assert not Interest.objects.exists()


def test_registering_twice_is_one_interest(staff, course):
    services.register_interest(actor=staff, course_id=course.pk)
    services.register_interest(actor=staff, course_id=course.pk)
    assert Interest.objects.filter(course=course).count() == 1


def test_the_course_page_offers_interest_only_when_no_intake_is_open(
    client_as, course, course_provider
):
    client = client_as("staff")
    assert "Email me when an intake opens" in client.get(course.get_absolute_url()).text
    intake(course, course_provider)
    page = client.get(course.get_absolute_url()).text
    assert "Email me when an intake opens" not in page
    assert "Book a place" in page


def test_providers_see_who_is_interested(client_as, course):
    person = UserFactory(full_name="Ivy Interested", job_title="Sister, ward 7")
    Interest.objects.create(course=course, user=person)
    page = client_as("course_provider").get(reverse("training:course_manage", args=[course.pk]))
    assert "Ivy Interested" in page.text
    assert person.email in page.text
    home = client_as("course_provider").get(reverse("training:provider_home"))
    assert course.title in home.text
