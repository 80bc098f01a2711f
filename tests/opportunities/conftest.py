import pytest

from opportunities import registry
from tests.factories import UserFactory
from tests.opportunities.factories import (
    ORGANISERS,
    TEST_KIND,
    make_organiser,
    organise_sessions_of_my_organisation,
)

# The `coordinator` persona organises the sessions of the Trent trust, where
# it works; the permission ladder relies on that.
COORDINATOR_PERSONA_EMAIL = "coordinator@nhs.net"


@pytest.fixture(autouse=True)
def test_sessions_have_organisers():
    undo = registry.register_for_tests(TEST_KIND, organise_sessions_of_my_organisation)
    ORGANISERS.add(COORDINATOR_PERSONA_EMAIL)
    yield
    ORGANISERS.clear()
    undo()


@pytest.fixture
def organiser(db, london_trust):
    """A coordinator at the London trust, which owns the test sessions made there."""
    from accounts.models import Role

    return make_organiser(
        UserFactory(
            full_name="Olive Organiser",
            email="olive.organiser@nhs.net",
            organisation=london_trust,
            roles=[Role.COORDINATOR],
        )
    )
