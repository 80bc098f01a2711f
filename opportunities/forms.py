"""Forms for sessions: organisers creating and editing them, attendees' feedback,
and the organisers' pages (capacity, attendance, emailing everyone, cancelling).

`SessionForm` is what every owning app (Beacons, Learning Centres, training)
uses to create and edit its sessions. The owning app supplies the
organisation (and so the region) that runs the session; nobody types it. The
form checks what a person typed and says what is wrong in the NHS.UK way;
the services check the rules again, and a refusal they raise goes on the
form with `learning_network.errors.add_to_form`.

    form = SessionForm(request.POST or None, organisation=beacon.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                actor=request.user, owner=beacon, kind=Kind.BEACON_OPEN_DAY,
                **form.create_kwargs(),
            )
        except DomainError as error:
            add_to_form(form, error)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from directory.models import Organisation, Topic
from learning_network.dates import DateTimeInputField
from opportunities.models import Audience, Format, Session
from opportunities.services import MAX_CAPACITY

IN_PERSON, ONLINE = "in_person", "online"
ATTEND_CHOICES = [(IN_PERSON, "In person, at a venue"), (ONLINE, "Online, with a joining link")]


def format_from(ways: list[str]) -> str:
    """The session's format from the ways people can attend that were ticked."""
    if IN_PERSON in ways and ONLINE in ways:
        return Format.BOTH
    return Format.ONLINE if ONLINE in ways else Format.IN_PERSON


def ways_from(session_format: str) -> list[str]:
    return {
        Format.IN_PERSON: [IN_PERSON],
        Format.ONLINE: [ONLINE],
        Format.BOTH: [IN_PERSON, ONLINE],
    }.get(session_format, [])


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """The directory's topics as checkboxes; the template groups them by subject."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.in_tree_order(), widget=forms.CheckboxSelectMultiple, **kwargs
        )

    def label_from_instance(self, obj: Topic) -> str:
        return obj.name if obj.parent_id else f"{obj.name}: in general"


class SessionForm(forms.Form):
    """A session's details as its organiser types them.

    Give `instance` to edit a session (its organisation stays), or
    `organisation` for a new one. `create_kwargs()` and `update_kwargs()` turn
    what was typed into the keyword arguments of `services.create_session`
    and `services.update_session`.
    """

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What people will learn, for example: Cutting waits for cataract surgery.",
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who it is for, what happens on the day and what to bring.",
        error_messages={"max_length": "Description must be 5,000 characters or fewer"},
    )
    attend = forms.MultipleChoiceField(
        label="How can people attend?",
        choices=ATTEND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select how people can attend"},
    )
    venue = forms.CharField(
        label="Venue",
        max_length=200,
        required=False,
        help_text="For example: Education Centre, Riverside Hospital.",
        error_messages={"max_length": "Venue must be 200 characters or fewer"},
    )
    address = forms.CharField(
        label="Address",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Address must be 1,000 characters or fewer"},
    )
    joining_link = forms.URLField(
        label="Joining link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Shown only to people with a confirmed place.",
        error_messages={
            "invalid": "Enter a joining link that starts with https://",
            "max_length": "Joining link must be 500 characters or fewer",
        },
    )
    starts_at = DateTimeInputField(
        label="Starts",
        name="Start date",
        help_text="UK time. For example, 15 3 2001",
        error_messages={"required": "Enter the date and time the session starts"},
    )
    ends_at = DateTimeInputField(
        label="Ends",
        name="End date",
        help_text="UK time. For a session over several days, the last day.",
        error_messages={"required": "Enter the date and time the session ends"},
    )
    booking_deadline = DateTimeInputField(
        label="Bookings close",
        name="Closing date",
        required=False,
        help_text="Leave empty to take bookings until the session starts.",
    )
    capacity = forms.IntegerField(
        label="Number of places",
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
        help_text="Leave empty for no limit.",
        error_messages={
            "invalid": "Number of places must be a whole number, like 20",
            "min_value": "Number of places must be 1 or more",
            "max_value": f"Number of places must be {MAX_CAPACITY:,} or fewer",
        },
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the session is for"},
    )
    topics = TopicChoiceField(
        label="Topics",
        required=False,
        help_text="Choose every topic a colleague might look under.",
    )

    def __init__(
        self,
        *args: Any,
        instance: Session | None = None,
        organisation: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is None and organisation is None:
            raise TypeError("SessionForm needs the session to edit or the organisation running it.")
        self.instance = instance
        self.organisation = organisation if instance is None else instance.organisation
        if instance is not None:
            kwargs.setdefault("initial", self.initial_from(instance))
        super().__init__(*args, **kwargs)
        # Needed when the matching way of attending is ticked: never "(optional)".
        self.fields["venue"].required_sometimes = True
        self.fields["joining_link"].required_sometimes = True

    @staticmethod
    def initial_from(session: Session) -> dict[str, Any]:
        booking_deadline = session.booking_deadline
        return {
            "title": session.title,
            "description": session.description,
            "attend": ways_from(session.format),
            "venue": session.venue,
            "address": session.address,
            "joining_link": session.joining_link,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            # A deadline at the start is what an empty box means.
            "booking_deadline": None if booking_deadline == session.starts_at else booking_deadline,
            "capacity": session.capacity,
            "audience": session.audience,
            "topics": [topic.pk for topic in session.topics.all()],
        }

    # -- the template ---------------------------------------------------------------

    def topic_groups(self) -> list[tuple[str, list]]:
        """The topic checkboxes under their subject (the topic's parent)."""
        subjects = {
            str(topic.pk): topic.parent.name if topic.parent else topic.name
            for topic in self.fields["topics"].queryset
        }
        groups: dict[str, list] = {}
        for option in self["topics"]:
            groups.setdefault(subjects.get(str(option.data["value"]), "Other"), []).append(option)
        return list(groups.items())

    def attend_options(self) -> list[tuple[Any, list]]:
        """Each way of attending with the fields it reveals."""
        revealed = {IN_PERSON: [self["venue"], self["address"]], ONLINE: [self["joining_link"]]}
        return [(option, revealed[option.data["value"]]) for option in self["attend"]]

    # -- checks ---------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                # Browsers send \r\n; keep one kind of line ending.
                cleaned[name] = value.strip().replace("\r\n", "\n")
        ways = cleaned.get("attend") or []
        if IN_PERSON in ways and not cleaned.get("venue") and "venue" not in self.errors:
            self.add_error("venue", "Enter the venue")
        if ONLINE in ways and not cleaned.get("joining_link") and "joining_link" not in self.errors:
            self.add_error("joining_link", "Enter the joining link")
        link = cleaned.get("joining_link") or ""
        if link and not link.lower().startswith("https://"):
            self.add_error("joining_link", "Enter a joining link that starts with https://")

        starts_at: datetime | None = cleaned.get("starts_at")
        ends_at: datetime | None = cleaned.get("ends_at")
        deadline: datetime | None = cleaned.get("booking_deadline")
        now = timezone.now()
        started = self.instance is not None and self.instance.starts_at <= now
        if (
            starts_at
            and starts_at <= now
            and not (started and starts_at == self.instance.starts_at)
        ):
            self.add_error("starts_at", "Start date must be in the future")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "End date must be after the start date")
        if starts_at and deadline and deadline > starts_at:
            self.add_error("booking_deadline", "Closing date must be before the session starts")
        return cleaned

    # -- to the services ------------------------------------------------------------

    def _details(self) -> dict[str, Any]:
        data = self.cleaned_data
        session_format = format_from(data["attend"])
        in_person = session_format in (Format.IN_PERSON, Format.BOTH)
        online = session_format in (Format.ONLINE, Format.BOTH)
        return {
            "title": data["title"],
            "description": data["description"],
            "format": session_format,
            # What does not apply is cleared, so the session page never shows a stale venue.
            "venue": data["venue"] if in_person else "",
            "address": data["address"] if in_person else "",
            "joining_link": data["joining_link"] if online else "",
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "booking_deadline": data["booking_deadline"] or data["starts_at"],
            "audience": data["audience"],
        }

    def create_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `services.create_session`, all but `actor`,
        `owner`, `kind` (and `publish`, `meetings`), which the owning app gives."""
        organisation = self.organisation
        return {
            **self._details(),
            "region_id": organisation.region_id,
            "organisation_id": organisation.pk,
            "capacity": self.cleaned_data["capacity"],
            "topic_ids": [topic.pk for topic in self.cleaned_data["topics"]],
        }

    def update_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `services.update_session`, all but `actor` and
        `session_id`. The number of places changes through `change_capacity`:
        see `capacity_change()`."""
        return {
            "changes": self._details(),
            "topic_ids": [topic.pk for topic in self.cleaned_data["topics"]],
        }

    def capacity_change(self) -> tuple[bool, int | None]:
        """(whether the number of places was changed, the new number or None)."""
        capacity = self.cleaned_data["capacity"]
        return capacity != (self.instance.capacity if self.instance else None), capacity


USEFULNESS = [
    (str(n), label)
    for n, label in (
        (5, "5: very useful"),
        (4, "4"),
        (3, "3"),
        (2, "2"),
        (1, "1: not useful"),
    )
]


class FeedbackForm(forms.Form):
    will_change = forms.CharField(
        label="What will you change in your own service after this session?",
        help_text="A sentence or two is enough. The organiser sees it with your name.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you will change in your own service"},
    )
    usefulness = forms.ChoiceField(
        label="How useful was the session?",
        choices=USEFULNESS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful the session was"},
    )
    may_share = forms.BooleanField(
        label="Others may read my answer, with my name and organisation",
        help_text="It helps colleagues see what people took away. Leave this unticked to keep "
        "it between you and the organiser.",
        required=False,
    )
