"""Filters for lists of practice examples, kept in the URL so a list can be shared."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone

from accounts import permissions as roles
from directory.models import Organisation, Region, Topic
from practice_db.forms import topics_in_tree_order
from practice_db.models import PracticeExample

# How long ago an example was submitted: (value, label, at least days, under days).
AGES = [
    ("week", "Submitted in the last 7 days", 0, 7),
    ("fortnight", "Submitted 7 to 14 days ago", 7, 14),
    ("older", "Submitted more than 14 days ago", 14, None),
]


class FilterForm(forms.Form):
    # Every filter may be left empty: saying "(optional)" on each is noise.
    hide_optional = True


class QueueFilter(django_filters.FilterSet):
    """A moderator's queue narrowed by region, organisation, topic and age."""

    region = django_filters.ModelChoiceFilter(
        field_name="organisation__region",
        label="Region",
        queryset=Region.objects.order_by("name"),
        empty_label="All regions",
    )
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation", queryset=Organisation.objects.none(), empty_label="All organisations"
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        queryset=topics_in_tree_order(),
        method="filter_topic",
        empty_label="All topics",
    )
    age = django_filters.ChoiceFilter(
        label="Age",
        choices=[(value, label) for value, label, _, _ in AGES],
        method="filter_age",
        empty_label="Any age",
    )

    class Meta:
        model = PracticeExample
        fields = ["region", "organisation", "topic", "age"]
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.select_related("region").order_by("name")
        regions = Region.objects.order_by("name")
        region_ids = roles.moderated_region_ids(user)
        if region_ids is not None:
            organisations = organisations.filter(region_id__in=region_ids)
            regions = regions.filter(pk__in=region_ids)
        self.filters["organisation"].queryset = organisations
        self.filters["region"].queryset = regions
        if region_ids is not None and len(region_ids) < 2:
            del self.filters["region"]  # nothing to choose between

    def filter_topic(self, queryset, name, topic: Topic):
        # A parent topic takes in its sub-topics; a subquery keeps rows single.
        topic_ids = [topic.pk, *topic.children.values_list("pk", flat=True)]
        return queryset.filter(
            pk__in=PracticeExample.objects.filter(topics__in=topic_ids).values("pk")
        )

    def filter_age(self, queryset, name, value: str):
        now = timezone.now()
        for choice, _, at_least, under in AGES:
            if choice == value:
                queryset = queryset.filter(submitted_at__lte=now - timedelta(days=at_least))
                if under is not None:
                    queryset = queryset.filter(submitted_at__gt=now - timedelta(days=under))
        return queryset
