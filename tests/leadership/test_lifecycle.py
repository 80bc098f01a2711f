"""Every move of an application: the allowed ones go through, recorded and
emailed; every other one is refused and changes nothing."""

import pytest
from django.urls import reverse

from leadership import services
from leadership.models import ACTIONS, Actor, Application, ApplicationEvent, Status
from learning_network.errors import Conflict, Invalid, NotAllowed
from tests.factories import UserFactory
from tests.leadership.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db

MOVES = [
    (action, status)
    for action, rule in ACTIONS.items()
    if rule.by != Actor.SPONSOR
    for status in Status
]


def actor_for(action, staff, programme_coordinator):
    return staff if ACTIONS[action].by == Actor.APPLICANT else programme_coordinator


@pytest.mark.parametrize(("action", "status"), MOVES)
def test_each_move_from_each_status_is_made_only_where_the_table_allows(
    action, status, application_in, staff, programme_coordinator, committed, mailoutbox
):
    application = application_in(status)
    rule = ACTIONS[action]
    actor = actor_for(action, staff, programme_coordinator)

    def move():
        return services.transition_application(
            actor=actor, application_id=application.pk, action=action, reason="Not this year."
        )

    if status in rule.from_statuses:
        committed(move)
        application.refresh_from_db()
        assert application.status == rule.to_status
        event = application.events.get()
        assert (event.kind, event.from_status, event.to_status, event.actor) == (
            rule.event,
            status,
            rule.to_status,
            actor,
        )
        # The applicant hears of every decision (but not of their own draft's end).
        told = [m for m in mailoutbox if m.to == [staff.email]]
        assert len(told) == (0 if status == Status.DRAFT else 1)
    else:
        with pytest.raises(Conflict):
            move()
        application.refresh_from_db()
        assert application.status == status
        assert not ApplicationEvent.objects.exists()
        assert mailoutbox == []


@pytest.mark.parametrize("action", ["shortlist", "accept", "reserve", "decline"])
def test_the_applicant_cannot_make_the_coordinators_decisions(action, application_in, staff):
    application = application_in(Status.ENDORSED)
    with pytest.raises(NotAllowed):
        services.transition_application(
            actor=staff, application_id=application.pk, action=action, reason="x"
        )
    assert Application.objects.get(pk=application.pk).status == Status.ENDORSED


@pytest.mark.parametrize("persona", ["another_programme_coordinator", "coordinator"])
def test_a_coordinator_of_another_programme_cannot_decide(persona, request, application_in):
    application = application_in(Status.ENDORSED)
    with pytest.raises(NotAllowed):
        services.transition_application(
            actor=request.getfixturevalue(persona), application_id=application.pk, action="accept"
        )
    assert Application.objects.get(pk=application.pk).status == Status.ENDORSED


def test_a_coordinator_cannot_decide_on_their_own_application(
    application_in, programme_coordinator
):
    application = application_in(Status.ENDORSED, applicant=programme_coordinator)
    with pytest.raises(NotAllowed):
        services.transition_application(
            actor=programme_coordinator, application_id=application.pk, action="accept"
        )


def test_the_sponsors_moves_cannot_be_made_by_anyone_signed_in(application_in, staff):
    application = application_in(Status.AWAITING_SPONSOR)
    with pytest.raises(Invalid):
        services.transition_application(
            actor=staff, application_id=application.pk, action="endorse"
        )
    assert Application.objects.get(pk=application.pk).status == Status.AWAITING_SPONSOR


def test_declining_needs_a_reason_which_the_applicant_sees(
    application_in, programme_coordinator, client_as, committed, mailoutbox, staff
):
    application = application_in(Status.SHORTLISTED)
    with pytest.raises(Invalid, match="Give the reason"):
        services.transition_application(
            actor=programme_coordinator, application_id=application.pk, action="decline"
        )
    committed(
        services.transition_application,
        actor=programme_coordinator,
        application_id=application.pk,
        action="decline",
        reason="Your project needs a board sponsor first.",
    )
    [email] = mailoutbox
    assert email.to == [staff.email]
    assert "Your project needs a board sponsor first." in email.body
    page = client_as("staff").get(application.get_absolute_url())
    assert "Your project needs a board sponsor first." in page.text


# -- The window, the answers, the sponsor ------------------------------------------------


def answers(**changes):
    return {
        "current_role": "Ward sister",
        "experience": "Three years leading a ward.",
        "development": "Budgets.",
        "statement": "I want to lead change.",
        "sponsor_name": "Helen Carter",
        "sponsor_email": "helen.carter@gmail.com",
    } | changes


def test_a_draft_is_saved_and_finished_later(cohort, staff, committed, mailoutbox):
    draft = services.save_draft(actor=staff, cohort=cohort, values={"current_role": "Sister"})
    assert draft.status == Status.DRAFT
    with pytest.raises(Invalid, match="Describe your experience"):
        services.transition_application(actor=staff, application_id=draft.pk, action="submit")
    services.save_draft(actor=staff, cohort=cohort, values=answers(), application_id=draft.pk)
    committed(
        services.transition_application, actor=staff, application_id=draft.pk, action="submit"
    )
    draft.refresh_from_db()
    assert draft.status == Status.AWAITING_SPONSOR
    # A sponsor outside the NHS's domains is fine: line managers use other addresses.
    [email] = mailoutbox
    assert email.to == ["helen.carter@gmail.com"]
    assert f"/leadership/sponsor/{draft.pk}/" in email.body


@pytest.mark.parametrize("trait", ["upcoming", "closed", "started"])
def test_applications_outside_the_window_are_refused_with_the_dates(trait, programme, staff):
    cohort = CohortFactory(programme=programme, **{trait: True})
    with pytest.raises(Conflict, match="open on|closed on"):
        services.save_draft(actor=staff, cohort=cohort, values=answers())
    assert not Application.objects.exists()


def test_a_draft_cannot_be_submitted_once_the_window_has_closed(programme, staff):
    cohort = CohortFactory(programme=programme, closed=True)
    draft = ApplicationFactory(cohort=cohort, applicant=staff)
    with pytest.raises(Conflict, match="closed on"):
        services.transition_application(actor=staff, application_id=draft.pk, action="submit")
    assert Application.objects.get(pk=draft.pk).status == Status.DRAFT


def test_the_apply_page_of_a_closed_cohort_says_when_it_closed(client_as, programme):
    cohort = CohortFactory(programme=programme, closed=True)
    response = client_as("staff").get(reverse("leadership:apply", args=[cohort.pk]))
    assert response.status_code == 409
    assert f"closed on {cohort.applications_close:%-d %B %Y}" in response.text


@pytest.mark.parametrize("address", ["staff.member@trust.nhs.uk", " Staff.Member@Trust.NHS.uk "])
def test_naming_yourself_as_sponsor_is_refused(address, cohort, staff):
    with pytest.raises(Invalid, match="someone else") as refused:
        services.save_draft(actor=staff, cohort=cohort, values=answers(sponsor_email=address))
    assert refused.value.field == "sponsor_email"
    assert not Application.objects.exists()


def test_the_form_puts_the_self_sponsor_refusal_beside_the_field(client_as, cohort, staff):
    response = client_as("staff").post(
        reverse("leadership:apply", args=[cohort.pk]),
        answers(sponsor_email=staff.email.upper()) | {"intent": "draft"},
    )
    assert response.status_code == 400
    assert 'id="id_sponsor_email-error"' in response.text
    assert "Helen Carter" in response.text  # nothing typed is lost


def test_a_statement_over_the_limit_is_refused_and_one_at_it_accepted(client_as, cohort):
    client = client_as("staff")
    url = reverse("leadership:apply", args=[cohort.pk])
    response = client.post(url, answers(statement="x" * 5001) | {"intent": "draft"})
    assert response.status_code == 400
    assert "Your statement must be 5,000 characters or fewer" in response.text
    assert not Application.objects.exists()
    response = client.post(url, answers(statement="x" * 5000) | {"intent": "draft"})
    assert response.status_code == 302
    assert len(Application.objects.get().statement) == 5000


def test_the_service_refuses_an_oversize_statement_whatever_the_form(cohort, staff):
    with pytest.raises(Invalid, match="5,000 characters"):
        services.save_draft(actor=staff, cohort=cohort, values=answers(statement="x" * 9000))


def test_one_live_application_per_cohort(cohort, staff, client_as):
    first = services.save_draft(actor=staff, cohort=cohort, values=answers())
    with pytest.raises(Conflict, match="already have an application"):
        services.save_draft(actor=staff, cohort=cohort, values=answers())
    # The apply page takes them to the one they have.
    response = client_as("staff").get(reverse("leadership:apply", args=[cohort.pk]))
    assert response.url == first.get_absolute_url()


def test_after_withdrawing_a_new_application_can_be_started(cohort, staff):
    first = services.save_draft(actor=staff, cohort=cohort, values=answers())
    services.transition_application(actor=staff, application_id=first.pk, action="withdraw")
    second = services.save_draft(actor=staff, cohort=cohort, values=answers())
    assert second.pk != first.pk


# -- Places and the reserve list ---------------------------------------------------------


def test_accepting_beyond_the_places_is_refused(application_in, programme_coordinator):
    application_in(Status.ACCEPTED, applicant=UserFactory())
    application_in(Status.ACCEPTED, applicant=UserFactory())
    third = application_in(Status.SHORTLISTED)
    with pytest.raises(Conflict, match="All 2 places"):
        services.transition_application(
            actor=programme_coordinator, application_id=third.pk, action="accept"
        )
    assert Application.objects.get(pk=third.pk).status == Status.SHORTLISTED


def test_a_withdrawal_offers_the_first_reserve_the_place_once_the_coordinator_confirms(
    application_in, programme_coordinator, staff, client_as, committed, mailoutbox, cohort
):
    application_in(Status.ACCEPTED, applicant=UserFactory())
    leaving = application_in(Status.ACCEPTED)
    second = application_in(Status.RESERVE, applicant=UserFactory(full_name="Second Reserve"))
    first = application_in(Status.RESERVE, applicant=UserFactory(full_name="First Reserve"))
    first.reserved_at = second.reserved_at.replace(year=second.reserved_at.year - 1)
    first.save()

    committed(
        services.transition_application, actor=staff, application_id=leaving.pk, action="withdraw"
    )
    notice = next(m for m in mailoutbox if m.to == [programme_coordinator.email])
    assert "The first on the reserve list is First Reserve" in notice.body

    coordinator = client_as("programme_coordinator")
    page = coordinator.get(cohort.get_absolute_url())
    assert "First Reserve is first on the reserve list" in page.text
    move_up = reverse("leadership:move_up", args=[first.pk])
    assert move_up in page.text
    # Nothing moves until the coordinator confirms.
    assert Application.objects.get(pk=first.pk).status == Status.RESERVE
    assert "Yes, accept First Reserve" in coordinator.get(move_up).text
    response = coordinator.post(reverse("leadership:act", args=[first.pk]), {"action": "accept"})
    assert response.status_code == 302
    assert Application.objects.get(pk=first.pk).status == Status.ACCEPTED
    assert Application.objects.get(pk=second.pk).status == Status.RESERVE
    assert "first on the reserve list" not in coordinator.get(cohort.get_absolute_url()).text


# -- Decisions posted on what has changed ---------------------------------------------------


@pytest.mark.parametrize("action", ["shortlist", "accept", "reserve"])
def test_a_decision_on_a_withdrawn_application_is_a_clear_409(action, application_in, client_as):
    application = application_in(Status.WITHDRAWN)
    response = client_as("programme_coordinator").post(
        reverse("leadership:act", args=[application.pk]), {"action": action}
    )
    assert response.status_code == 409
    assert "This application is withdrawn" in response.text
    assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN


def test_declining_a_withdrawn_application_is_a_clear_409(application_in, client_as):
    application = application_in(Status.WITHDRAWN)
    client = client_as("programme_coordinator")
    url = reverse("leadership:decline", args=[application.pk])
    assert client.get(url).status_code == 409
    response = client.post(url, {"reason": "Too late."})
    assert response.status_code == 409
    assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN


def test_an_unknown_decision_is_a_400(application_in, client_as):
    application = application_in(Status.ENDORSED)
    response = client_as("programme_coordinator").post(
        reverse("leadership:act", args=[application.pk]), {"action": "withdraw"}
    )
    assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == Status.ENDORSED
