"""Each rule once: the queryset and the per-object answer come from one `Q`,
and every lifecycle action starts only from the statuses it names."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning_network import errors
from practice_db import permissions, services
from practice_db.models import ACTIONS, PracticeExample, Status
from tests.conftest import PERSONAS
from tests.factories import OrganisationFactory, PracticeExampleFactory

pytestmark = pytest.mark.django_db

SIGNED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


@pytest.fixture
def examples(staff, moderator_london, london_trust, trent_trust):
    """One example in every status from staff (London), plus others' drafts and
    a moderator's own submission, so every rule has something to refuse."""
    made = [
        PracticeExampleFactory(submitter=staff, organisation=london_trust, status=status)
        for status in Status.values
    ]
    other = OrganisationFactory(region=trent_trust.region)
    made += [PracticeExampleFactory(organisation=other, status=status) for status in Status.values]
    made.append(
        PracticeExampleFactory(
            submitter=moderator_london, organisation=london_trust, status=Status.SUBMITTED
        )
    )
    return made


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_queryset_and_object_checks_agree_for_every_persona(request, examples, persona):
    user = request.getfixturevalue(persona)
    loaded = PracticeExample.objects.select_related("organisation").order_by("pk")
    for rule, check in [
        (permissions.visible_q, permissions.can_view),
        (permissions.editable_q, permissions.can_edit),
        (permissions.moderatable_q, permissions.can_moderate),
    ]:
        by_query = set(PracticeExample.objects.filter(rule(user)).values_list("pk", flat=True))
        by_object = {example.pk for example in loaded if check(user, example)}
        assert by_query == by_object, (persona, rule.__name__)
    for action in ACTIONS:
        by_query = set(
            PracticeExample.objects.filter(permissions.action_q(user, action)).values_list(
                "pk", flat=True
            )
        )
        by_object = {e.pk for e in loaded if action in permissions.allowed_actions(user, e)}
        assert by_query == by_object, (persona, action)


def test_a_national_moderator_never_sees_someone_elses_draft(staff, national_moderator):
    draft = PracticeExampleFactory(submitter=staff, status=Status.DRAFT)
    assert not PracticeExample.objects.visible_to(national_moderator).filter(pk=draft.pk).exists()
    assert not permissions.can_view(national_moderator, draft)


def test_someone_elses_draft_is_a_404_for_a_national_moderator(client_as, staff):
    draft = PracticeExampleFactory(submitter=staff, status=Status.DRAFT)
    response = client_as("national_moderator").get(draft.get_absolute_url())
    assert response.status_code == 404


def test_a_moderator_does_not_moderate_their_own_submission(moderator_london, london_trust):
    own = PracticeExampleFactory(
        submitter=moderator_london, organisation=london_trust, status=Status.SUBMITTED
    )
    assert permissions.can_view(moderator_london, own)
    assert not permissions.can_moderate(moderator_london, own)
    assert permissions.allowed_actions(moderator_london, own) == []
    # It is still in their region's queue, where others can decide on it.
    assert PracticeExample.objects.moderated_by(moderator_london).filter(pk=own.pk).exists()


# Every action tried from every status it does not name: refused, nothing changes.
REFUSED = [
    (action, status)
    for action, rule in ACTIONS.items()
    for status in Status.values
    if status not in rule.from_statuses
]


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_every_action_from_a_status_it_does_not_name_is_refused(
    staff, moderator_london, london_trust, action, status
):
    example = PracticeExampleFactory(submitter=staff, organisation=london_trust, status=status)
    actor = staff if ACTIONS[action].by == "submitter" else moderator_london
    before = PracticeExample.objects.values().get(pk=example.pk)
    events_before = example.events.count()
    with pytest.raises((errors.Conflict, errors.NotAllowed)):
        services.transition_example(
            actor=actor, example_id=example.pk, action=action, comment="Because."
        )
    assert PracticeExample.objects.values().get(pk=example.pk) == before
    assert example.events.count() == events_before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_from_each_status_it_names_goes_through(
    staff, moderator_london, london_trust, action
):
    rule = ACTIONS[action]
    actor = staff if rule.by == "submitter" else moderator_london
    for status in sorted(rule.from_statuses):
        example = PracticeExampleFactory(submitter=staff, organisation=london_trust, status=status)
        assert action in permissions.allowed_actions(actor, example)
        moved = services.transition_example(
            actor=actor, example_id=example.pk, action=action, comment="Because."
        )
        assert moved.status == rule.to_status
        assert moved.events.get().kind == rule.event


def test_posting_publish_on_an_archived_example_is_refused_and_keeps_its_dates(
    client_as, staff, london_trust
):
    published_at = timezone.now() - timedelta(days=400)
    example = PracticeExampleFactory(
        submitter=staff,
        organisation=london_trust,
        status=Status.ARCHIVED,
        published_at=published_at,
        review_date=(published_at + timedelta(days=730)).date(),
    )
    response = client_as("moderator_london").post(
        reverse("practice_db:act", args=[example.pk]),
        {"action": "publish", "version": example.version},
    )
    assert response.status_code == 409
    assert "archived" in response.content.decode()
    example.refresh_from_db()
    assert example.status == Status.ARCHIVED
    assert example.published_at == published_at


def test_the_example_page_offers_exactly_the_allowed_actions(client_as, staff, london_trust):
    example = PracticeExampleFactory(
        submitter=staff, organisation=london_trust, status=Status.ARCHIVED
    )
    html = client_as("moderator_london").get(example.get_absolute_url()).content.decode()
    assert 'value="restore"' in html
    for refused in ("publish", "archive", "reject", "request_changes"):
        assert f'value="{refused}"' not in html


def _submitted_days_ago(staff, london_trust, when: datetime) -> PracticeExample:
    example = PracticeExampleFactory(
        submitter=staff, organisation=london_trust, status=Status.SUBMITTED
    )
    PracticeExample.objects.filter(pk=example.pk).update(submitted_at=when)
    example.refresh_from_db()
    return example


def test_overdue_is_one_rule_for_the_queue_tab_rows_and_example_page(
    client_as, staff, london_trust
):
    long_ago = _submitted_days_ago(staff, london_trust, timezone.now() - timedelta(days=30))
    recent = _submitted_days_ago(staff, london_trust, timezone.now() - timedelta(days=1))
    annotated = dict(
        PracticeExample.objects.with_overdue()
        .filter(pk__in=[long_ago.pk, recent.pk])
        .values_list("pk", "is_overdue")
    )
    assert annotated == {long_ago.pk: True, recent.pk: False}
    client = client_as("moderator_london")
    tab = client.get(reverse("practice_db:queue"), {"tab": "overdue"}).content.decode()
    assert long_ago.title in tab
    assert recent.title not in tab
    assert "Overdue" in client.get(long_ago.get_absolute_url()).content.decode()
    assert "nhsuk-tag--red" not in client.get(recent.get_absolute_url()).content.decode()
