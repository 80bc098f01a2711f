"""Finding a course: the words and filters, kept in the address so that every
list can be bookmarked and shared.

Every parameter is checked: an unknown topic, region, level or band is an
error the page explains (a 400), never a silently empty list.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from directory.models import Region, Topic
from opportunities.models import BOOKABLE, Format, Kind, Session
from training import permissions, search
from training.models import CostBand, Course, Level


class QueryField(forms.CharField):
    def to_python(self, value):
        return search.clean_query(super().to_python(value) or "")


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class FilterForm(forms.Form):
    # Every filter may be left empty: saying "(optional)" on each is noise.
    hide_optional = True


WITHIN = {"open": None, "1m": 31, "3m": 92, "6m": 183}
WITHIN_CHOICES = [
    ("open", "Open for booking now"),
    ("1m", "Starting within a month"),
    ("3m", "Starting within 3 months"),
    ("6m", "Starting within 6 months"),
]
CLINICAL_CHOICES = [("yes", "Open to clinical staff"), ("no", "For managers only")]


def upcoming_intakes() -> QuerySet[Session]:
    """Published intakes of courses that have not started, as a subquery on a course row."""
    return Session.objects.filter(
        kind=Kind.COURSE_INTAKE,
        owner_type_id=permissions.course_content_type_id(),
        owner_id=OuterRef("pk"),
        status__in=sorted(BOOKABLE),
        starts_at__gt=timezone.now(),
    )


class CourseFilter(django_filters.FilterSet):
    q = QueryFilter(label="Search courses", method="filter_words")
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        queryset=Topic.objects.in_tree_order(),
        to_field_name="slug",
        method="filter_topic",
        empty_label="All topics",
    )
    level = django_filters.MultipleChoiceFilter(
        label="Level", choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    format = django_filters.ChoiceFilter(
        label="Format", choices=Format.choices, method="filter_format", empty_label="Any format"
    )
    region = django_filters.ModelChoiceFilter(
        label="Region",
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        method="filter_region",
        empty_label="All regions",
    )
    intake = django_filters.ChoiceFilter(
        label="Next intake",
        choices=WITHIN_CHOICES,
        method="filter_intake",
        empty_label="Any time, or none planned",
    )
    cost = django_filters.MultipleChoiceFilter(
        label="Cost",
        field_name="cost_band",
        choices=CostBand.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    clinical = django_filters.ChoiceFilter(
        label="Who can go",
        choices=CLINICAL_CHOICES,
        method="filter_clinical",
        empty_label="Clinical staff and managers",
    )

    class Meta:
        model = Course
        fields: list[str] = []
        form = FilterForm

    def filter_words(self, queryset, name, value: str):
        return search.matching(queryset, value) if value else queryset

    def filter_topic(self, queryset, name, topic: Topic):
        # A parent topic takes in its sub-topics; a subquery keeps rows single.
        topic_ids = [topic.pk, *topic.children.values_list("pk", flat=True)]
        return queryset.filter(pk__in=Course.objects.filter(topics__in=topic_ids).values("pk"))

    def filter_format(self, queryset, name, value: str):
        # "In person or online" suits someone who wants either.
        return queryset.filter(format__in=[value, Format.BOTH])

    def filter_region(self, queryset, name, region: Region):
        """Run by a provider in the region, or with an intake to come there."""
        return queryset.filter(
            Q(provider__organisation__region=region)
            | Exists(upcoming_intakes().filter(region=region))
        )

    def filter_intake(self, queryset, name, value: str):
        intakes = upcoming_intakes()
        if value == "open":
            intakes = intakes.filter(booking_deadline__gt=timezone.now())
        else:
            intakes = intakes.filter(starts_at__lte=timezone.now() + timedelta(days=WITHIN[value]))
        return queryset.filter(Exists(intakes))

    def filter_clinical(self, queryset, name, value: str):
        return queryset.filter(open_to_clinical_staff=value == "yes")

    @property
    def searching(self) -> bool:
        return bool(self.form.cleaned_data.get("q"))
