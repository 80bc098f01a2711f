from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from directory.models import Organisation, Region
from learning_centres.models import MAX_MEETINGS, Basis, EventType
from learning_network.dates import DateInputField, TimeField24
from opportunities.forms import SessionForm

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


class EventForm(SessionForm):
    """A coordinator's new event: the engine's session form, plus what kind of
    hands-on learning it is, its region, and the meetings of an action learning set."""

    event_type = forms.ChoiceField(
        label="What kind of event is it?",
        choices=EventType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of event it is"},
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        help_text="A Learning Centre runs its events in its own region.",
        error_messages={"required": "Choose the region"},
    )
    publish = forms.BooleanField(
        label="Publish it now and email the centre's followers",
        help_text="Leave unticked to save it as a draft that only you can see.",
        required=False,
    )

    def __init__(self, *args, centre, **kwargs):
        kwargs.setdefault("initial", {"region": centre.region_id, "audience": "everyone"})
        super().__init__(*args, organisation=centre.organisation, **kwargs)
        # An action learning set gives its meetings instead: not "(optional)".
        for name in ("starts_at", "ends_at"):
            self.fields[name].required = False
            self.fields[name].required_sometimes = True
        self.fields["starts_at"].help_text += ". An action learning set gives its meetings below."
        for number in range(1, MEETING_ROWS + 1):
            self.fields[f"meeting_{number}_date"] = DateInputField(
                label=f"Meeting {number}: date", name=f"Meeting {number} date", required=False
            )
            for part, word in (("starts", "starts"), ("ends", "ends")):
                self.fields[f"meeting_{number}_{part}"] = TimeField24(
                    label=f"Meeting {number}: {word}", required=False, help_text=""
                )
            for part in ("date", "starts", "ends"):
                self.fields[f"meeting_{number}_{part}"].required_sometimes = True

    def meeting_rows(self):
        return [
            [self[f"meeting_{number}_{part}"] for part in ("date", "starts", "ends")]
            for number in range(1, MEETING_ROWS + 1)
        ]

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
            for name, error in (
                ("starts_at", "Enter the date and time the event starts"),
                ("ends_at", "Enter the date and time the event ends"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, error)
        return data

    def create_kwargs(self) -> dict:
        """Keyword arguments for `learning_centres.services.create_event`, all but
        `actor` and `centre_id`."""
        values = super().create_kwargs()
        values.pop("organisation_id")  # always the centre's host
        data = self.cleaned_data
        if data["booking_deadline"] is None:
            values["booking_deadline"] = None  # until the event (or its first meeting) starts
        return values | {
            "event_type": data["event_type"],
            "region_id": data["region"].pk,
            "meetings": data["meetings"],
            "publish": data["publish"],
        }
