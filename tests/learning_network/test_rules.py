"""`matches` answers for one object exactly what the same Q answers in a query."""

import pytest
from django.db.models import Q

from directory.models import Organisation
from learning_network.rules import EVERYTHING, NOTHING, matches
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


RULES = [
    EVERYTHING,
    NOTHING,
    Q(code="RJ1"),
    Q(code__in=["RJ1", "RJ2"]),
    ~Q(code="RJ1"),
    Q(region__slug="london"),
    Q(region_id__in=[]) | Q(code="RJ2"),
    Q(code="RJ1") & ~Q(region__slug="trent"),
    EVERYTHING & ~Q(code="RJ2"),
    NOTHING | Q(code="RJ3"),
]


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_matches_agrees_with_the_database(rule, london, trent):
    made = [
        OrganisationFactory(code="RJ1", region=london),
        OrganisationFactory(code="RJ2", region=trent),
        OrganisationFactory(code="RJ3", region=london),
    ]
    by_query = set(Organisation.objects.filter(rule).values_list("pk", flat=True))
    by_object = {org.pk for org in made if matches(org, rule)}
    assert by_query == by_object


def test_an_unsupported_lookup_is_an_error_not_a_wrong_answer(london):
    organisation = OrganisationFactory(region=london)
    with pytest.raises(ValueError, match="icontains"):
        matches(organisation, Q(name__icontains="trust"))
