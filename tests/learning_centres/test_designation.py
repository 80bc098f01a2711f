"""One current centre per region; designating another replaces it, and the old one stays."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from learning_centres import services
from learning_centres.models import Basis, Follow, LearningCentre
from learning_network.errors import Conflict, Invalid, NotAllowed
from opportunities.models import Session
from tests.factories import OrganisationFactory, UserFactory, region
from tests.learning_centres.factories import LearningCentreFactory, event

pytestmark = pytest.mark.django_db


def _designate(actor, organisation, **extra):
    values = {
        "actor": actor,
        "region_id": organisation.region_id,
        "organisation_id": organisation.pk,
        "basis": Basis.PEER_LEARNING,
        "basis_detail": "Action learning for ward sisters since 1996.",
        "known_for": "Action learning.",
        "contact_email": "centre@trust.nhs.uk",
    } | extra
    return services.designate_centre(**values)


def test_the_database_refuses_a_second_current_centre_in_a_region(london):
    LearningCentreFactory(organisation=OrganisationFactory(region=london))
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningCentreFactory(organisation=OrganisationFactory(region=london))


def test_the_database_allows_replaced_centres_beside_the_current_one(london):
    LearningCentreFactory(
        organisation=OrganisationFactory(region=london), replaced_at="2000-04-01T00:00Z"
    )
    LearningCentreFactory(organisation=OrganisationFactory(region=london))
    assert LearningCentre.objects.filter(region=london).count() == 2


def test_designating_a_second_centre_without_replacing_is_refused(national_moderator, london):
    first = _designate(national_moderator, OrganisationFactory(region=london))
    with pytest.raises(Conflict, match="already the Learning Centre for London"):
        _designate(national_moderator, OrganisationFactory(region=london))
    assert list(LearningCentre.objects.current().filter(region=london)) == [first]


def test_replacing_keeps_the_old_centre_its_events_and_its_followers(
    site_admin, centre_coordinator, london_centre, staff
):
    past = event(london_centre)
    Follow.objects.create(user=staff, centre=london_centre)
    new = _designate(site_admin, OrganisationFactory(region=region("london")), replace=True)
    london_centre.refresh_from_db()
    assert not london_centre.is_current
    assert london_centre.replaced_by == new
    assert past.centre_event.centre == london_centre  # still labelled with the centre that ran it
    assert Follow.objects.filter(user=staff, centre=new).exists()


def test_the_form_says_so_when_the_region_has_a_centre_and_replace_is_not_ticked(
    client_as, london_centre
):
    organisation = OrganisationFactory(region=region("london"))
    response = client_as("national_moderator").post(
        reverse("learning_centres:designate", args=["london"]),
        {
            "organisation": organisation.pk,
            "basis": Basis.SIGNIFICANT_CHANGE,
            "basis_detail": "A one-stop clinic.",
            "known_for": "One-stop clinics.",
            "contact_email": "centre@trust.nhs.uk",
        },
    )
    assert response.status_code == 400
    assert "is already the Learning Centre for London" in response.text
    assert LearningCentre.objects.current().get(region__slug="london") == london_centre


def test_the_form_replaces_when_asked_and_confirmed(client_as, london_centre, coordinator, staff):
    services.follow_centre(user=staff, centre_id=london_centre.pk)
    held = event(london_centre)
    ago = timezone.now() - timedelta(days=10)
    Session.objects.filter(pk=held.pk).update(
        starts_at=ago, ends_at=ago + timedelta(hours=3), booking_deadline=ago
    )
    event(london_centre, title="Still to come")
    organisation = OrganisationFactory(region=region("london"), name="Riverside Community Trust")
    client = client_as("site_admin")
    url = reverse("learning_centres:designate", args=["london"])
    entered = {
        "organisation": organisation.pk,
        "basis": Basis.SIGNIFICANT_CHANGE,
        "basis_detail": "A one-stop clinic.\nSeen the same day.",
        "known_for": "One-stop clinics.",
        "coordinator_email": coordinator.email.upper(),
        "contact_email": "centre@trust.nhs.uk",
        "replace": "on",
    }
    # First the confirmation page: what replacing does, and nothing changed yet.
    response = client.post(url, entered)
    assert response.status_code == 200
    page = response.text
    assert f"Replace {london_centre.organisation.name} with Riverside Community Trust?" in page
    assert "Its 1 follower will follow Riverside Community Trust instead" in page
    assert "1 past event stays on the portal, labelled with its name" in page
    assert "Made a significant change to service delivery: A one-stop clinic." in page
    assert LearningCentre.objects.current().get(region__slug="london") == london_centre
    # Every answer travels with the confirmation, the line break too.
    assert (
        'type="hidden" name="basis_detail" value="A one-stop clinic.\nSeen the same day."' in page
    )

    response = client.post(url, entered | {"confirm": "yes"})
    new = LearningCentre.objects.current().get(region__slug="london")
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    assert new.organisation == organisation
    assert new.coordinator == coordinator


def test_an_organisation_outside_the_region_is_refused(national_moderator, trent_trust):
    with pytest.raises(Invalid, match="is in Trent, not London"):
        services.designate_centre(
            actor=national_moderator,
            region_id=region("london").pk,
            organisation_id=trent_trust.pk,
            basis=Basis.PEER_LEARNING,
            basis_detail="x",
            known_for="y",
            contact_email="c@trust.nhs.uk",
        )


def test_a_coordinator_must_hold_the_coordinator_role(national_moderator, london):
    with pytest.raises(Invalid, match="does not hold the Coordinator role"):
        _designate(
            national_moderator, OrganisationFactory(region=london), coordinator=UserFactory()
        )


@pytest.mark.parametrize("persona", ["staff", "moderator_london", "centre_coordinator"])
def test_only_site_admins_and_national_moderators_designate(request, persona, london):
    with pytest.raises(NotAllowed):
        _designate(request.getfixturevalue(persona), OrganisationFactory(region=london))


def test_regions_page_shows_who_to_ask_in_a_region_without_a_centre(client_as, london_centre):
    from learning_centres.models import RegionalOffice

    RegionalOffice.objects.create(
        region=region("trent"), contact_name="Susan Clay", email="lc@trent.ro.nhs.uk"
    )
    response = client_as("staff").get(reverse("learning_centres:regions"))
    assert response.status_code == 200
    assert "Trent has no Learning Centre at the moment" in response.text
    assert "Susan Clay" in response.text
    assert london_centre.organisation.name in response.text


def test_going_back_from_the_confirmation_keeps_what_was_entered(client_as, london_centre):
    organisation = OrganisationFactory(region=region("london"))
    response = client_as("national_moderator").post(
        reverse("learning_centres:designate", args=["london"]),
        {
            "organisation": organisation.pk,
            "basis": Basis.PEER_LEARNING,
            "basis_detail": "Peer review of referrals.",
            "known_for": "Referral audit.",
            "contact_email": "centre@trust.nhs.uk",
            "replace": "True",
            "change": "",
        },
    )
    assert response.status_code == 200
    assert "Designate the Learning Centre" in response.text
    assert "Peer review of referrals." in response.text
    assert "nhsuk-error-summary" not in response.text
    assert LearningCentre.objects.current().get(region__slug="london") == london_centre
