import pytest

from beacons.models import Beacon
from tests.beacons.factories import ANOTHER_BEACON, TEST_BEACON


@pytest.fixture
def beacon(beacon_coordinator) -> Beacon:
    """The Beacon that `beacon_coordinator` coordinates."""
    return Beacon.objects.get(service_name=TEST_BEACON)


@pytest.fixture
def another_beacon(another_beacon_coordinator) -> Beacon:
    return Beacon.objects.get(service_name=ANOTHER_BEACON)
