"""The calendar's filters, kept in the address so that every view of the
calendar can be bookmarked and shared.

Every parameter is checked: an unknown kind, region, topic, audience or
format, a date that is not a real date, or a range that ends before it
starts is an error the page explains (with a 400), never a silently empty
list and never a 500. Regions and topics go by their slugs, so addresses
read well (`?region=london&topic=emergency-care`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from directory.models import Region, Topic
from learning_network import forms as portal_forms
from learning_network.dates import DateInputField
from opportunities.models import Audience, Format, Kind, Session


class CalendarFilterForm(forms.Form):
    # Every filter may be left empty: saying "(optional)" on each is noise.
    hide_optional = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


class DateFilter(django_filters.Filter):
    field_class = DateInputField


def region_options() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("name").values_list("slug", "name"))


def topic_options() -> list[tuple[str, str]]:
    """Each topic as its name reads (`Topic.__str__`): "Subject: Topic"."""
    rows = Topic.objects.in_tree_order().values_list("slug", "name", "parent__name")
    return [(slug, f"{parent}: {name}" if parent else name) for slug, name, parent in rows]


class _Options(ModelChoiceIterator):
    """A select's regions or topics as plain rows of one statement. Django
    would read them through a server-side cursor (declare, fetch, close: three
    round trips) and make a model instance of each, which for the topics and
    their subjects costs more than the rest of the filter form."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.field.options()


class _ReferenceField(ModelChoiceField):
    iterator = _Options

    def __init__(self, *args, options: Callable[[], list[tuple[str, str]]], **kwargs):
        self.options = options
        super().__init__(*args, **kwargs)


class ReferenceFilter(django_filters.ModelChoiceFilter):
    """A region or topic by its slug. The queryset checks the slug given;
    `options` lists the (slug, label) pairs the select offers."""

    field_class = _ReferenceField


class SessionFilter(django_filters.FilterSet):
    """Open sessions narrowed by kind, region, topic, audience, format and dates."""

    kind = django_filters.ChoiceFilter(
        label="Kind of opportunity",
        choices=Kind.choices,
        empty_label="All kinds",
        widget=portal_forms.Select,
    )
    region = ReferenceFilter(
        label="Region",
        queryset=Region.objects.order_by("name"),
        options=region_options,
        to_field_name="slug",
        empty_label="All regions",
        widget=portal_forms.Select,
    )
    topic = ReferenceFilter(
        label="Topic",
        queryset=Topic.objects.in_tree_order(),
        options=topic_options,
        to_field_name="slug",
        method="filter_topic",
        empty_label="All topics",
        widget=portal_forms.Select,
    )
    audience = django_filters.ChoiceFilter(
        label="For",
        choices=[c for c in Audience.choices if c[0] != Audience.EVERYONE],
        method="filter_audience",
        empty_label="Everyone",
        widget=portal_forms.Select,
    )
    format = django_filters.ChoiceFilter(
        label="How people attend",
        choices=[(Format.IN_PERSON, "In person"), (Format.ONLINE, "Online")],
        method="filter_format",
        empty_label="In person or online",
        widget=portal_forms.Select,
    )
    date_from = DateFilter(label="From", method="filter_from", name="From date")
    date_to = DateFilter(label="To", method="filter_to", name="To date")

    class Meta:
        model = Session
        fields = ["kind", "region", "topic", "audience", "format", "date_from", "date_to"]
        form = CalendarFilterForm

    def filter_topic(self, queryset: QuerySet, name: str, topic: Topic) -> QuerySet:
        # A subject takes in its topics. EXISTS keeps each session once and is
        # tested only on the sessions walked in date order, up to a page.
        topic_ids = [topic.pk, *(t.pk for t in Topic.objects.filter(parent=topic))]
        return queryset.filter(
            Exists(
                Session.topics.through.objects.filter(
                    session_id=OuterRef("pk"), topic_id__in=topic_ids
                )
            )
        )

    def filter_audience(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A session for everyone is for clinical staff and managers too.
        return queryset.filter(audience__in=[value, Audience.EVERYONE])

    def filter_format(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(format__in=[value, Format.BOTH])

    def filter_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(starts_at__gte=start_of(value))

    def filter_to(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(starts_at__lt=start_of(value + timedelta(days=1)))

    def active(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for the page to say what it shows."""
        data = self.form.cleaned_data
        shown = []
        for name, field in self.form.fields.items():
            value = data.get(name)
            if value in (None, ""):
                continue
            if name in ("kind", "audience", "format"):
                value = dict(field.choices)[value]
            elif name.startswith("date_"):
                value = f"{value:%-d %B %Y}"
            shown.append((str(field.label), str(value)))
        return shown

    def window(self) -> tuple[datetime, datetime]:
        """The dates the calendar covers, for the entries other apps add to it."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        now = timezone.now()
        start = start_of(data["date_from"]) if data.get("date_from") else now
        end = (
            start_of(data["date_to"] + timedelta(days=1))
            if data.get("date_to")
            else now + timedelta(days=366)
        )
        return max(start, now), end


def start_of(day) -> datetime:
    """Midnight at the start of a day, UK time."""
    return timezone.make_aware(datetime.combine(day, time.min))
