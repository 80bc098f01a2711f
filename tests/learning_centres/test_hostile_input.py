"""Hostile text in every field of every form: a clear message or a 4xx, never a 500,
and what is saved is shown as text."""

import pytest
from django.urls import reverse

from learning_centres.forms import DesignationForm, EventForm
from learning_centres.models import Basis, EventType, LearningCentre
from opportunities.models import Session
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HOSTILE = [
    SCRIPT,
    "\x00nul byte",
    "x" * 20_000,
    "'; DROP TABLE learning_centres_learningcentre; --",
    "\u202eevil\u202c ﷽ 🏥",
    "{{ 7|add:7 }} {% now 'Y' %}",
    "-1",
    "99999999999999999999999",
    "https://evil.example/../../",
]


def _designation(organisation):
    return {
        "organisation": organisation.pk,
        "basis": Basis.PEER_LEARNING,
        "basis_detail": "Peer groups.",
        "known_for": "Peer groups.",
        "offers": "",
        "coordinator_email": "",
        "contact_email": "centre@trust.nhs.uk",
        "contact_phone": "",
    }


def _event(centre):
    return {
        "event_type": EventType.WORKSHOP,
        "title": "A workshop",
        "description": "",
        "attend": "in_person",
        "venue": "Hall",
        "address": "",
        "joining_link": "",
        "region": centre.region_id,
        "starts_at_day": "3", "starts_at_month": "2", "starts_at_year": "2031",
        "starts_at_time": "09:30",
        "ends_at_day": "3", "ends_at_month": "2", "ends_at_year": "2031", "ends_at_time": "12:00",
        "capacity": "",
        "audience": "everyone",
    }  # fmt: skip


def _names(form_class, **kwargs):
    form = form_class(**kwargs)
    names = []
    for name, field in form.fields.items():
        widget = field.widget
        if hasattr(widget, "parts"):
            names += [f"{name}_{part}" for part in widget.parts]
        else:
            names.append(name)
    return names


@pytest.mark.parametrize("text", HOSTILE)
def test_designation_form_never_fails_with_a_server_error(client_as, text):
    client = client_as("national_moderator")
    organisation = OrganisationFactory(region=region("london"))
    url = reverse("learning_centres:designate", args=["london"])
    for name in _names(DesignationForm, region=region("london")):
        data = _designation(organisation) | {name: text}
        response = client.post(url, data)
        assert response.status_code in (302, 400), (name, response.status_code)
        assert SCRIPT not in response.text
        LearningCentre.objects.all().delete()


@pytest.mark.parametrize("text", HOSTILE)
def test_event_form_never_fails_with_a_server_error(client_as, london_centre, text):
    client = client_as("centre_coordinator")
    url = reverse("learning_centres:create_event", args=[london_centre.pk])
    for name in _names(EventForm, centre=london_centre):
        data = _event(london_centre) | {name: text}
        response = client.post(url, data)
        assert response.status_code in (302, 400), (name, response.status_code)
        assert SCRIPT not in response.text


def test_hostile_text_that_is_saved_is_shown_as_text(client_as, london_centre):
    client = client_as("centre_coordinator")
    data = _event(london_centre) | {"title": SCRIPT, "description": SCRIPT, "publish": "on"}
    response = client.post(reverse("learning_centres:create_event", args=[london_centre.pk]), data)
    assert response.status_code == 302
    assert Session.objects.get().title == SCRIPT
    LearningCentre.objects.filter(pk=london_centre.pk).update(known_for=SCRIPT, offers=SCRIPT)
    for url in (
        london_centre.get_absolute_url(),
        reverse("learning_centres:regions"),
        reverse("home"),
    ):
        page = client.get(url).text
        assert SCRIPT not in page, url
        assert "&lt;script&gt;" in page, url


def test_a_made_up_region_or_session_is_a_404(client_as, london_centre):
    client = client_as("national_moderator")
    assert client.get(reverse("learning_centres:designate", args=["atlantis"])).status_code == 404
    coordinator = client_as("centre_coordinator")
    response = coordinator.post(
        reverse("learning_centres:publish_event", args=[london_centre.pk, 987654])
    )
    assert response.status_code == 400


def test_a_summary_year_that_is_not_a_number_shows_this_year(client_as, london_centre):
    url = reverse("learning_centres:summary", args=[london_centre.pk])
    assert client_as("centre_coordinator").get(url, {"year": "<b>"}).status_code == 200


def test_hostile_text_on_the_replacement_confirmation_is_shown_as_text(client_as, london_centre):
    organisation = OrganisationFactory(region=region("london"))
    url = reverse("learning_centres:designate", args=["london"])
    data = _designation(organisation) | {
        "basis_detail": SCRIPT,
        "known_for": SCRIPT,
        "offers": SCRIPT,
        "contact_phone": SCRIPT[:40],
        "replace": "on",
    }
    response = client_as("national_moderator").post(url, data)
    assert response.status_code == 200
    assert "Replace" in response.text
    assert SCRIPT not in response.text and "<script>" not in response.text
    assert "&lt;script&gt;" in response.text
    assert LearningCentre.objects.current().get(region__slug="london") == london_centre
