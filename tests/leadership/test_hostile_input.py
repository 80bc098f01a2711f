"""Hostile text in every field is shown as text; input a browser would never
send gets a clear 4xx, never a 500."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from leadership import sponsor_links
from leadership.models import Application, Cohort, Status
from leadership.services import ANSWER_FIELDS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>{{ 7|add:7 }} \u202e'

DATE_FIELDS = ("applications_open", "applications_close", "starts_on")


def in_boxes(data: dict) -> dict:
    """A cohort form's dates, typed as day/month/year, put in the day, month and year boxes."""
    out = {}
    for name, value in data.items():
        if name in DATE_FIELDS:
            parts = re.split(r"[/ -]", value)
            if len(parts) == 3 and len(parts[0]) == 4:
                parts.reverse()
            parts = (parts + ["", ""])[:3]
            out |= dict(zip((f"{name}_day", f"{name}_month", f"{name}_year"), parts, strict=True))
        else:
            out[name] = value
    return out


def hostile_answers():
    answers = {field: f"{HOSTILE} {field}" for field in ANSWER_FIELDS}
    answers["sponsor_email"] = "o'brien+lead@example.org"
    return answers


def test_hostile_answers_are_shown_as_text_to_everyone_who_reads_them(
    client_as, cohort, sponsor_url, committed, mailoutbox
):
    staff = client_as("staff")
    response = staff.post(
        reverse("leadership:apply", args=[cohort.pk]), hostile_answers() | {"intent": "continue"}
    )
    assert response.status_code == 302
    application = Application.objects.get()
    check = staff.get(reverse("leadership:check", args=[application.pk]))
    committed(staff.post, reverse("leadership:check", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SPONSOR
    pages = [
        check,
        staff.get(application.get_absolute_url()),
        Client().get(sponsor_url(application)),
    ]
    Client().post(sponsor_url(application), {"answer": "endorse", "comment": HOSTILE})
    pages += [
        client_as("programme_coordinator").get(application.get_absolute_url()),
        client_as("programme_coordinator").get(cohort.get_absolute_url()),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
        assert "&lt;script&gt;alert" in page.text
        assert "{{ 7|add:7 }}" in page.text
    # The sponsor's email goes to an address with an apostrophe and a plus.
    assert mailoutbox[0].to == ["o'brien+lead@example.org"]
    assert HOSTILE in mailoutbox[0].body  # plain text, as typed


@pytest.mark.parametrize("field", list(ANSWER_FIELDS))
def test_a_nul_in_any_answer_is_a_400_and_saves_nothing(field, client_as, cohort):
    answers = hostile_answers() | {field: "a\x00b", "intent": "draft"}
    response = client_as("staff").post(reverse("leadership:apply", args=[cohort.pk]), answers)
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_nul_in_a_reason_for_declining_is_a_400(client_as, application_in):
    application = application_in(Status.ENDORSED)
    response = client_as("programme_coordinator").post(
        reverse("leadership:decline", args=[application.pk]), {"reason": "a\x00b"}
    )
    assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == Status.ENDORSED


def test_an_oversize_reason_for_declining_is_refused_with_the_limit(client_as, application_in):
    application = application_in(Status.ENDORSED)
    response = client_as("programme_coordinator").post(
        reverse("leadership:decline", args=[application.pk]), {"reason": "x" * 2001}
    )
    assert response.status_code == 400
    assert "2,000 characters or fewer" in response.text


def test_an_odd_sponsor_answer_is_a_400(application_in, sponsor_url):
    application = application_in(Status.AWAITING_SPONSOR)
    for answer in ["", "yes", "endorse\x00"]:
        response = Client().post(sponsor_url(application), {"answer": answer})
        assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == Status.AWAITING_SPONSOR


@pytest.mark.parametrize("token", ["%00", "a" * 2000, "..", "é:ü:ß"])
def test_odd_sponsor_tokens_are_a_4xx(token, application_in):
    application = application_in(Status.AWAITING_SPONSOR)
    response = Client().get(f"/leadership/sponsor/{application.pk}/{token}/")
    assert 400 <= response.status_code < 500
    assert sponsor_links.make_token(application)  # the real one still works


@pytest.mark.parametrize(
    "data",
    [
        {"applications_open": "31/2/2001"},
        {"applications_open": "tomorrow"},
        {"applications_close": "1/1/2000"},
        {"starts_on": "1/1/2000"},
        {"places": "-1"},
        {"places": "1e9"},
        {"places": "0"},
        {"name": "a\x00b"},
    ],
)
def test_bad_cohort_dates_and_places_are_refused_with_a_message(data, client_as, programme):
    good = {
        "name": "Autumn",
        "applications_open": "1/3/2031",
        "applications_close": "31/3/2031",
        "starts_on": "1/5/2031",
        "places": "20",
    }
    response = client_as("programme_coordinator").post(
        reverse("leadership:cohort_create", args=[programme.slug]), in_boxes(good | data)
    )
    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.text
    assert not Cohort.objects.exists()


def test_a_cohort_is_saved_from_dates_typed_as_day_month_year(client_as, programme):
    response = client_as("programme_coordinator").post(
        reverse("leadership:cohort_create", args=[programme.slug]),
        in_boxes(
            {
                "name": "Autumn",
                "applications_open": "1/3/2031",
                "applications_close": "31 3 2031",
                "starts_on": "2031-05-01",
                "places": "20",
            }
        ),
    )
    cohort = Cohort.objects.get()
    assert response.url == cohort.get_absolute_url()
    assert (str(cohort.applications_open), str(cohort.applications_close)) == (
        "2031-03-01",
        "2031-03-31",
    )


def test_places_cannot_drop_below_those_accepted(client_as, application_in, cohort):
    application_in(Status.ACCEPTED)
    application_in(Status.ACCEPTED, applicant=UserFactory())
    response = client_as("programme_coordinator").post(
        reverse("leadership:cohort_edit", args=[cohort.pk]),
        in_boxes(
            {
                "name": cohort.name,
                "applications_open": cohort.applications_open.strftime("%d/%m/%Y"),
                "applications_close": cohort.applications_close.strftime("%d/%m/%Y"),
                "starts_on": cohort.starts_on.strftime("%d/%m/%Y"),
                "places": "1",
            }
        ),
    )
    assert response.status_code == 400
    assert "2 people have been accepted already" in response.text
    cohort.refresh_from_db()
    assert cohort.places == 2


@pytest.mark.parametrize("status", ["draft", "nonsense", "<b>", "accepted\x00"])
def test_odd_status_filters_show_every_application(status, client_as, cohort):
    response = client_as("programme_coordinator").get(cohort.get_absolute_url(), {"status": status})
    assert response.status_code == 200
