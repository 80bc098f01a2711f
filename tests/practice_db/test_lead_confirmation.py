"""The lead of an example confirms, by a link emailed to them, that staff may
contact them: until they do, nobody is offered the contact form, and a new
address has to be confirmed again."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from learning_network.rules import matches
from practice_db import permissions, services
from practice_db.models import PracticeExample, Status
from tests.factories import PracticeExampleFactory

pytestmark = pytest.mark.django_db

LEAD = "pat.lead@trust.nhs.uk"


def confirmation_link(email) -> str:
    return re.search(r"https?://[^/\s]+(/practice/lead/\S+/)", email.body).group(1)


@pytest.fixture
def submitted(staff):
    return PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        lead_name="Pat Lead",
        lead_email=LEAD,
        lead_consents=True,
    )


@pytest.fixture
def publish(moderator_london, django_capture_on_commit_callbacks):
    def run(example):
        with django_capture_on_commit_callbacks(execute=True):
            services.transition_example(
                actor=moderator_london, example_id=example.pk, action="publish"
            )
        example.refresh_from_db()
        return example

    return run


def test_publishing_asks_the_lead_to_confirm_and_nobody_can_write_to_them_until_then(
    client_as, editor, submitted, publish, mailoutbox
):
    example = publish(submitted)
    [to_lead] = [m for m in mailoutbox if m.to == [LEAD]]
    assert "confirm" in to_lead.subject.lower()
    assert example.title in to_lead.body
    assert example.lead_asked_at is not None
    assert example.lead_confirmed_at is None

    assert not permissions.can_contact_lead(editor, example)
    page = client_as("editor").get(example.get_absolute_url()).text
    assert "Send your message" not in page
    assert "has not yet confirmed" in page
    refused = client_as("editor").post(
        reverse("practice_db:contact", args=[example.pk]), {"message": "Hello"}
    )
    assert refused.status_code == 403


def test_the_link_shows_a_button_and_only_the_button_confirms(
    client_as, editor, submitted, publish, mailoutbox
):
    example = publish(submitted)
    link = confirmation_link(next(m for m in mailoutbox if m.to == [LEAD]))
    lead = Client()  # the lead need not have an account

    page = lead.get(link)
    assert page.status_code == 200
    assert example.title in page.text
    assert "Yes, staff may contact me" in page.text
    example.refresh_from_db()
    assert example.lead_confirmed_at is None  # a GET changes nothing

    done = lead.post(link, follow=True)
    assert done.status_code == 200
    assert "You have confirmed" in done.text
    example.refresh_from_db()
    assert example.lead_confirmed_at is not None
    assert example.lead_confirmed_email == LEAD
    assert permissions.can_contact_lead(editor, example)
    assert "Send your message" in client_as("editor").get(example.get_absolute_url()).text


def test_a_damaged_link_confirms_nothing(client, submitted, publish, mailoutbox):
    example = publish(submitted)
    link = confirmation_link(next(m for m in mailoutbox if m.to == [LEAD]))
    damaged = link[:-3] + "xx/"
    assert client.get(damaged).status_code == 404
    assert client.post(damaged).status_code == 404
    example.refresh_from_db()
    assert example.lead_confirmed_at is None


def test_a_new_lead_address_must_be_confirmed_again(
    client,
    staff,
    moderator_london,
    submitted,
    publish,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    example = publish(submitted)
    old_link = confirmation_link(next(m for m in mailoutbox if m.to == [LEAD]))
    client.post(old_link)
    example.refresh_from_db()
    assert example.lead_confirmed_at is not None
    mailoutbox.clear()

    _, revision = services.save_example(
        actor=staff,
        example=example,
        values={"lead_email": "new.lead@trust.nhs.uk"},
        topics=list(example.topics.all()),
        expected_version=example.version,
    )
    example.refresh_from_db()
    assert example.lead_confirmed_at is not None  # the live address is still confirmed
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_revision(actor=moderator_london, revision_id=revision.pk, approve=True)

    example.refresh_from_db()
    assert example.lead_email == "new.lead@trust.nhs.uk"
    assert example.lead_confirmed_at is None
    assert example.lead_confirmed_email == ""
    assert not permissions.can_contact_lead(moderator_london, example)
    [to_new_lead] = [m for m in mailoutbox if m.to == ["new.lead@trust.nhs.uk"]]
    # The old address's link no longer confirms anything.
    refused = client.post(old_link)
    assert refused.status_code == 400
    example.refresh_from_db()
    assert example.lead_confirmed_at is None
    client.post(confirmation_link(to_new_lead))
    example.refresh_from_db()
    assert example.lead_confirmed_email == "new.lead@trust.nhs.uk"


@pytest.mark.parametrize("change", [{"lead_consents": False}, {"lead_email": ""}])
def test_no_link_is_sent_when_there_is_nobody_to_ask(staff, publish, mailoutbox, change):
    example = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.SUBMITTED,
        **{"lead_email": LEAD, "lead_consents": True, **change},
    )
    publish(example)
    assert [m for m in mailoutbox if m.to == [LEAD]] == []


def test_the_command_asks_leads_of_published_examples_never_asked_once(
    staff, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    waiting = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.PUBLISHED,
        lead_email=LEAD,
        lead_confirmed_at=None,
        lead_confirmed_email="",
    )
    PracticeExampleFactory(status=Status.PUBLISHED, lead_email="confirmed@trust.nhs.uk")
    PracticeExampleFactory(status=Status.DRAFT, lead_email="draft@trust.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ask_leads_to_confirm")
        call_command("ask_leads_to_confirm")
    assert [m.to for m in mailoutbox] == [[LEAD]]
    assert "Asked 1 lead" in capsys.readouterr().out
    waiting.refresh_from_db()
    assert waiting.lead_asked_at is not None


def test_the_contact_rule_agrees_for_queries_and_single_examples(staff, editor):
    for confirmed in (True, False):
        for status in Status.values:
            for consents in (True, False):
                PracticeExampleFactory(
                    status=status,
                    lead_consents=consents,
                    lead_confirmed_at=None if not confirmed else "2001-01-01T00:00Z",
                )
    rule = permissions.contact_q(editor)
    by_query = set(PracticeExample.objects.filter(rule).values_list("pk", flat=True))
    examples = PracticeExample.objects.all()
    by_object = {e.pk for e in examples if matches(e, rule)}
    assert by_query == by_object
    assert by_query == {
        e.pk
        for e in examples
        if e.status == Status.PUBLISHED and e.lead_consents and e.lead_confirmed_at
    }


def test_the_demo_shows_the_contact_form(client):
    import accounts.demo
    import directory.demo
    from accounts.models import User
    from practice_db import demo

    directory.demo.load()
    accounts.demo.load()
    demo.load()
    consenting = PracticeExample.objects.published().filter(lead_consents=True)
    assert consenting.exists()
    assert not consenting.filter(lead_confirmed_at__isnull=True).exists()
    example = consenting.exclude(submitter__email="staff@demo.nhs.uk").first()
    client.force_login(User.objects.get(email="staff@demo.nhs.uk"))
    assert "Send your message" in client.get(example.get_absolute_url()).text
