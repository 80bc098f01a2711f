"""The demo courses: thirty, with intakes past and to come, as the pages show them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Kind, Session
from training.models import RATINGS_SHOWN_FROM, Course

pytestmark = pytest.mark.django_db


def test_demo_has_30_courses_with_intakes_past_and_to_come(demo_data, client):
    from accounts.models import User

    assert Course.objects.count() == 30
    intakes = Session.objects.filter(kind=Kind.COURSE_INTAKE)
    now = timezone.now()
    assert intakes.filter(ends_at__lt=now).count() == 30
    assert intakes.filter(starts_at__gt=now).count() >= 20
    assert Course.objects.exclude(search_vector=None).count() == 30
    # Their content draws on published examples and on research.
    assert Course.objects.filter(practice_examples__isnull=False).distinct().count() >= 20
    assert Course.objects.filter(research__isnull=False).distinct().count() >= 5
    rated = Course.objects.filter(ratings__isnull=False).distinct()
    assert any(course.ratings.count() >= RATINGS_SHOWN_FROM for course in rated)

    client.force_login(User.objects.get(email="staff@demo.nhs.uk"))
    response = client.get(reverse("training:index"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 30
    assert client.get(reverse("training:for_clinicians")).context["page"].paginator.count > 0
    assert client.get(reverse("training:contacts")).status_code == 200
    for course in Course.objects.all()[:5]:
        assert client.get(course.get_absolute_url()).status_code == 200
