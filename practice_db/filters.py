"""Filters for lists of practice examples, kept in the address so that every
list can be bookmarked and shared.

The search's FilterSet checks its parameters (an unknown region, topic or
sort is an error, not a silent empty page) and filters with the same SQL the
search page uses (`practice_db.search`); the moderation queue's narrows a
moderator's examples by region, organisation, topic and age.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts import permissions as roles
from directory.models import Organisation, Region, Topic
from practice_db import search
from practice_db.models import PracticeExample

# The years an address may ask for.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class QueryField(forms.CharField):
    """The words: control characters and NULs dropped, spacing collapsed, capped."""

    def to_python(self, value):
        return search.clean_query(super().to_python(value) or "")


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class YearsField(forms.MultipleChoiceField):
    """Years published: any from FIRST_YEAR to LAST_YEAR, checked without a
    list of them (the form is made for every search, and a hundred choices
    cost more to copy than to check)."""

    def valid_value(self, value) -> bool:
        value = str(value)
        digits = len(value) == 4 and value.isascii() and value.isdigit()
        return digits and FIRST_YEAR <= int(value) <= LAST_YEAR


class YearsFilter(django_filters.MultipleChoiceFilter):
    field_class = YearsField


class ExampleSearchFilter(django_filters.FilterSet):
    """The practice database search, as address parameters."""

    q = QueryFilter(label="Search practice examples", method="filter_search")
    region = django_filters.MultipleChoiceFilter(method="filter_search")
    topic = django_filters.MultipleChoiceFilter(method="filter_search")
    care_setting = django_filters.MultipleChoiceFilter(method="filter_search")
    evidence = django_filters.MultipleChoiceFilter(method="filter_search")
    organisation_type = django_filters.MultipleChoiceFilter(method="filter_search")
    beacon = django_filters.MultipleChoiceFilter(
        choices=search.BEACON_CHOICES, method="filter_search"
    )
    year = YearsFilter(method="filter_search")
    sort = django_filters.ChoiceFilter(
        choices=list(search.SORTS.items()), empty_label=None, method="filter_search"
    )

    class Meta:
        model = PracticeExample
        fields: list[str] = []

    def __init__(self, data=None, *args, choices: search.FacetChoices, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.facet_choices = choices
        for name, options in choices.choices.items():
            if options:
                self.filters[name].extra["choices"] = options
                self.form.fields[name].choices = options

    def search_params(self) -> search.SearchParams:
        """The checked parameters, for practice_db.search."""
        data = self.form.cleaned_data
        filters = {}
        for facet in search.FACETS:
            values = data.get(facet.name) or []
            filters[facet.name] = tuple(sorted({facet.cast(value) for value in values}))
        return search.SearchParams(
            q=data.get("q") or "", filters=filters, sort=data.get("sort") or "relevance"
        )

    def filter_search(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # all parameters are applied together in filter_queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        params = self.search_params()
        where = search.match_where(params)
        return queryset.filter(
            RawSQL(where.sql, where.params, output_field=BooleanField())  # noqa: S611 - parameters
        )


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
        queryset=Topic.objects.in_tree_order(),
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
