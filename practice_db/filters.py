"""The search's address parameters: words, facet values and sort, checked.

Every search page can be bookmarked and shared because everything lives in
the query string. The FilterSet checks it (an unknown region, topic or sort
is an error, not a silent empty page) and filters a queryset of examples
with the same SQL the search page uses (`practice_db.search`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from practice_db import search
from practice_db.models import PracticeExample

YEARS = [(str(year), str(year)) for year in range(1990, 2101)]


class QueryField(forms.CharField):
    """The words: control characters and NULs dropped, spacing collapsed, capped."""

    def to_python(self, value):
        return search.clean_query(super().to_python(value) or "")


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


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
    year = django_filters.MultipleChoiceFilter(choices=YEARS, method="filter_search")
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
