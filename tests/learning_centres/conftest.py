import pytest

from learning_centres.models import LearningCentre


@pytest.fixture
def london_centre(centre_coordinator) -> LearningCentre:
    return LearningCentre.objects.get(coordinator=centre_coordinator)


@pytest.fixture
def trent_centre(another_centre_coordinator) -> LearningCentre:
    return LearningCentre.objects.get(coordinator=another_centre_coordinator)
