"""Moving an example to an organisation in another region puts it before that
region's moderators: nobody moves it out of their own reach into a region
they do not moderate."""

import pytest
from django.urls import reverse

from learning_network.errors import Invalid, NotAllowed
from practice_db import services
from practice_db.models import PracticeExample, Revision, RevisionStatus, Status
from tests.factories import PracticeExampleFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_data(example, **changes):
    data = {
        "title": example.title,
        "summary": example.summary,
        "organisation": example.organisation_id,
        "work_status": example.work_status,
        "problem": example.problem,
        "what_was_done": example.what_was_done,
        "results": example.results,
        "evidence_kind": example.evidence_kind,
        "evidence_rating": example.evidence_rating,
        "lead_name": example.lead_name,
        "lead_email": example.lead_email,
        "topics": [topic.pk for topic in example.topics.all()],
        "version": example.version,
    }
    data.update(changes)
    return data


def test_a_submitter_moves_their_draft_anywhere_and_it_goes_to_that_regions_queue(
    client_as,
    staff,
    trent_trust,
    moderator_london,
    moderator_trent,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    draft = PracticeExampleFactory(submitter=staff, organisation=staff.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("staff").post(
            reverse("practice_db:edit", args=[draft.pk]),
            form_data(draft, organisation=trent_trust.pk, intent="submit"),
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.organisation == trent_trust
    assert draft.status == Status.SUBMITTED
    assert [message.to for message in mailoutbox] == [[moderator_trent.email]]
    assert PracticeExample.objects.moderated_by(moderator_trent).filter(pk=draft.pk).exists()
    assert not PracticeExample.objects.moderated_by(moderator_london).filter(pk=draft.pk).exists()


def test_a_moderator_cannot_move_a_submission_into_a_region_they_do_not_moderate(
    client_as, staff, trent_trust
):
    submitted = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    response = client_as("moderator_london").post(
        reverse("practice_db:edit", args=[submitted.pk]),
        form_data(submitted, organisation=trent_trust.pk, summary="Tidied up.", intent="save"),
    )
    assert response.status_code == 400
    assert "You do not moderate Trent" in response.text
    assert 'href="#id_organisation"' in response.text
    assert "Tidied up." in response.text  # the text typed is still on the form
    submitted.refresh_from_db()
    assert submitted.organisation == staff.organisation
    assert submitted.summary != "Tidied up."


@pytest.mark.parametrize("mover", ["national_moderator", "moderator_of_both"])
def test_a_moderator_of_the_destination_may_move_it(request, staff, trent_trust, mover):
    if mover == "moderator_of_both":
        actor = UserFactory(regions=["london", "trent"])
    else:
        actor = request.getfixturevalue(mover)
    submitted = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    services.save_example(
        actor=actor,
        example=submitted,
        values={"organisation_id": trent_trust.pk},
        topics=list(submitted.topics.all()),
        expected_version=submitted.version,
    )
    submitted.refresh_from_db()
    assert submitted.organisation == trent_trust


def test_moving_a_returned_example_lets_go_of_the_old_regions_moderator(
    staff, moderator_london, trent_trust
):
    returned = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.CHANGES_REQUESTED,
        assigned_to=moderator_london,
    )
    services.save_example(
        actor=staff,
        example=returned,
        values={"organisation_id": trent_trust.pk},
        topics=list(returned.topics.all()),
        expected_version=returned.version,
    )
    returned.refresh_from_db()
    assert returned.organisation == trent_trust
    assert returned.assigned_to is None


@pytest.fixture
def moving_revision(staff, trent_trust):
    published = PracticeExampleFactory(
        submitter=staff,
        organisation=staff.organisation,
        status=Status.PUBLISHED,
        topics=[TopicFactory()],
    )
    _, revision = services.save_example(
        actor=staff,
        example=published,
        values={"organisation_id": trent_trust.pk, "title": "Now run from Trent"},
        topics=list(published.topics.all()),
        expected_version=published.version,
    )
    return revision


def test_changes_moving_a_published_example_need_a_moderator_of_both_regions(
    client_as, moving_revision, moderator_london, moderator_trent
):
    example = moving_revision.example
    example.refresh_from_db()
    url = reverse("practice_db:revision", args=[example.pk])
    page = client_as("moderator_london").get(url).text
    assert "move the example to Sherwood Test Hospitals NHS Trust, in Trent" in page

    response = client_as("moderator_london").post(
        url, {"decision": "approve", "revision": moving_revision.pk, "version": example.version}
    )
    assert response.status_code == 400
    assert "moderates both London and Trent" in response.text
    example.refresh_from_db()
    assert example.organisation.region.slug == "london"
    # The destination's moderators alone cannot decide: it is not theirs yet.
    with pytest.raises(NotAllowed, match="cannot decide"):
        services.decide_revision(
            actor=moderator_trent, revision_id=moving_revision.pk, approve=True
        )


def test_a_moderator_of_the_example_may_still_decline_a_move(moving_revision, moderator_london):
    services.decide_revision(
        actor=moderator_london,
        revision_id=moving_revision.pk,
        approve=False,
        comment="The service is still run from London.",
    )
    assert Revision.objects.get(pk=moving_revision.pk).status == RevisionStatus.REJECTED


@pytest.mark.parametrize("decider", ["national_moderator", "moderator_of_both"])
def test_a_moderator_of_both_regions_approves_a_move(request, moving_revision, decider):
    if decider == "moderator_of_both":
        actor = UserFactory(regions=["london", "trent"])
    else:
        actor = request.getfixturevalue(decider)
    services.decide_revision(actor=actor, revision_id=moving_revision.pk, approve=True)
    example = PracticeExample.objects.get(pk=moving_revision.example_id)
    assert example.organisation.region.slug == "trent"
    assert example.title == "Now run from Trent"


def test_changes_that_move_region_are_sent_to_those_who_can_approve_them(
    staff,
    trent_trust,
    moderator_london,
    moderator_trent,
    national_moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    both = UserFactory(email="both@ha.nhs.uk", regions=["london", "trent"])
    published = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_example(
            actor=staff,
            example=published,
            values={"organisation_id": trent_trust.pk},
            topics=list(published.topics.all()),
            expected_version=published.version,
        )
    assert [message.to for message in mailoutbox] == [[both.email]]

    # With nobody holding both regions, the national moderators are told.
    both.delete()
    mailoutbox.clear()
    another = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.PUBLISHED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_example(
            actor=staff,
            example=another,
            values={"organisation_id": trent_trust.pk, "title": "Again"},
            topics=list(another.topics.all()),
            expected_version=another.version,
        )
    assert [message.to for message in mailoutbox] == [[national_moderator.email]]


def test_the_service_refuses_a_move_by_a_moderator_of_the_source_only(
    staff, trent_trust, moderator_london
):
    submitted = PracticeExampleFactory(
        submitter=staff, organisation=staff.organisation, status=Status.SUBMITTED
    )
    with pytest.raises(Invalid) as refused:
        services.save_example(
            actor=moderator_london,
            example=submitted,
            values={"organisation_id": trent_trust.pk},
            topics=[],
            expected_version=submitted.version,
        )
    assert refused.value.field == "organisation"
