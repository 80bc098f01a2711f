import pytest

from opportunities import registry
from tests.factories import UserFactory
from tests.opportunities.factories import TEST_KIND, organise_sessions_of_my_organisation


@pytest.fixture(autouse=True)
def test_sessions_have_organisers():
    undo = registry.register_for_tests(TEST_KIND, organise_sessions_of_my_organisation)
    yield
    undo()


@pytest.fixture
def organiser(db, london_trust):
    """A coordinator at the London trust, which owns the test sessions made there."""
    from accounts.models import Role

    return UserFactory(
        full_name="Olive Organiser",
        email="olive.organiser@nhs.net",
        organisation=london_trust,
        roles=[Role.COORDINATOR],
    )
