import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from directory.models import Organisation, Region, Topic
from tests.factories import OrganisationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_the_eight_regional_offices_of_april_1999_are_loaded():
    assert list(Region.objects.order_by("pk").values_list("name", "slug")) == [
        ("Northern & Yorkshire", "northern-and-yorkshire"),
        ("Trent", "trent"),
        ("West Midlands", "west-midlands"),
        ("North West", "north-west"),
        ("Eastern", "eastern"),
        ("London", "london"),
        ("South East", "south-east"),
        ("South West", "south-west"),
    ]


def test_topics_form_a_tree_two_levels_deep():
    parent = TopicFactory(name="Access and waiting")
    child = TopicFactory(name="Outpatients", parent=parent)
    child.full_clean()
    grandchild = Topic(name="Booking", slug="booking", parent=child)
    with pytest.raises(ValidationError, match="two levels deep"):
        grandchild.full_clean()


def test_a_topic_with_sub_topics_stays_top_level():
    parent = TopicFactory()
    TopicFactory(parent=parent)
    other = TopicFactory()
    parent.parent = other
    with pytest.raises(ValidationError, match="must stay top-level"):
        parent.full_clean()


def test_organisation_codes_are_unique():
    OrganisationFactory(code="RX1")
    with pytest.raises(IntegrityError):
        OrganisationFactory(code="RX1")


def test_organisation_type_is_checked_by_the_database(london):
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="Odd", code="ODD1", type="spaceship", region=london)
