from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from directory.models import Organisation, Region, Topic
from learning_centres.models import MAX_MEETINGS, Basis, EventType
from learning_network.dates import DateInputField, DateTimeInputField, TimeField24
from opportunities.models import Audience, Format
from opportunities.services import MAX_CAPACITY

MEETING_ROWS = 6


class DesignationForm(forms.Form):
    """A site admin or national moderator names a region's Learning Centre."""

    organisation = forms.ModelChoiceField(
        label="Host organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that hosts the centre"},
    )
    basis = forms.ChoiceField(
        label="Why is it designated?",
        choices=Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why it is designated"},
    )
    basis_detail = forms.CharField(
        label="The change it made, or its peer-learning skills",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say what change it made, or what its peer-learning skills are"
        },
    )
    known_for = forms.CharField(
        label="What it is known for",
        help_text="One or two sentences that staff across the region will recognise.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the centre is known for"},
    )
    offers = forms.CharField(
        label="What it offers",
        help_text="The hands-on learning staff can come for: workshops, placements, visits.",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    coordinator_email = forms.EmailField(
        label="Coordinator's email address",
        help_text="Their portal account must hold the Coordinator role. They run the "
        "centre's events.",
        required=False,
    )
    contact_email = forms.EmailField(
        label="Email address for enquiries",
        error_messages={"required": "Enter an email address for enquiries"},
    )
    contact_phone = forms.CharField(
        label="Phone number for enquiries", max_length=40, required=False
    )
    replace = forms.BooleanField(
        label="Replace the current centre",
        help_text="The current centre's past events stay on the portal, under its name.",
        required=False,
    )

    def __init__(self, *args, region: Region, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region)
        if current is None:
            del self.fields["replace"]
        else:
            self.fields[
                "replace"
            ].label = f"Replace {current.organisation.name} as the Learning Centre for {region}"

    def clean_coordinator_email(self):
        from accounts.models import User

        email = self.cleaned_data["coordinator_email"].strip().lower()
        if not email:
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Nobody has a portal account with that email address")
        return user


class EventForm(forms.Form):
    """A coordinator's new event: a session of the booking engine, of one kind."""

    event_type = forms.ChoiceField(
        label="What kind of event is it?",
        choices=EventType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of event it is"},
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(
        label="What people will learn",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    format = forms.ChoiceField(
        choices=Format.choices, widget=forms.RadioSelect, initial=Format.IN_PERSON
    )
    venue = forms.CharField(max_length=200, required=False)
    address = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    joining_link = forms.URLField(
        label="Joining link for people attending online", max_length=500, required=False
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        help_text="A Learning Centre runs its events in its own region.",
        error_messages={"required": "Choose the region"},
    )
    starts_at = DateTimeInputField(
        label="Starts",
        name="Start",
        required=False,
        help_text="For example, 15 3 2027 and 09:30. An action learning set gives its "
        "meetings below instead.",
    )
    ends_at = DateTimeInputField(label="Ends", name="End", required=False)
    booking_deadline = DateTimeInputField(
        label="Bookings close",
        name="Bookings close",
        required=False,
        help_text="Leave empty to take bookings until the event starts.",
    )
    capacity = forms.IntegerField(
        label="Number of places",
        help_text="Leave empty for no limit.",
        min_value=1,
        max_value=MAX_CAPACITY,
        required=False,
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.EVERYONE,
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.top_level().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    publish = forms.BooleanField(
        label="Publish it now and email the centre's followers",
        help_text="Leave unticked to save it as a draft that only you can see.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed for some events only: not marked "(optional)".
        for name in ("starts_at", "ends_at", "venue", "joining_link"):
            self.fields[name].required_sometimes = True
        for number in range(1, MEETING_ROWS + 1):
            self.fields[f"meeting_{number}_date"] = DateInputField(
                label=f"Meeting {number}: date", name=f"Meeting {number} date", required=False
            )
            self.fields[f"meeting_{number}_starts"] = TimeField24(
                label=f"Meeting {number}: starts", required=False, help_text=""
            )
            self.fields[f"meeting_{number}_ends"] = TimeField24(
                label=f"Meeting {number}: ends", required=False, help_text=""
            )
            for part in ("date", "starts", "ends"):
                self.fields[f"meeting_{number}_{part}"].required_sometimes = True

    def meeting_rows(self):
        return [
            [self[f"meeting_{number}_{part}"] for part in ("date", "starts", "ends")]
            for number in range(1, MEETING_ROWS + 1)
        ]

    def main_fields(self):
        return [field for field in self if not field.name.startswith("meeting_")]

    def clean(self):
        data = super().clean()
        meetings: list[tuple[datetime, datetime]] = []
        for number in range(1, min(MEETING_ROWS, MAX_MEETINGS) + 1):
            names = [f"meeting_{number}_{part}" for part in ("date", "starts", "ends")]
            if any(name in self.errors for name in names):
                continue
            day, starts, ends = (data.get(name) for name in names)
            if not (day or starts or ends):
                continue
            missing = [
                (name, label)
                for name, label, value in zip(
                    names, ("date", "start time", "end time"), (day, starts, ends), strict=True
                )
                if not value
            ]
            for name, label in missing:
                self.add_error(name, f"Enter meeting {number}'s {label}")
            if missing:
                continue
            meetings.append(
                (
                    timezone.make_aware(datetime.combine(day, starts)),
                    timezone.make_aware(datetime.combine(day, ends)),
                )
            )
        data["meetings"] = meetings
        if data.get("event_type") != EventType.ACTION_LEARNING_SET:
            for name in ("starts_at", "ends_at"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"Enter when the event {name.split('_')[0]}")
        return data
