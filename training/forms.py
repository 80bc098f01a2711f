"""Forms for courses: a course's details, a new intake, a rating, and finding
practice examples."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator

from directory.models import Region
from learning_network.dates import DateTimeInputField
from opportunities.forms import TopicChoiceField
from opportunities.models import Format
from opportunities.services import MAX_CAPACITY
from training.models import COMMENT_MAX, Course, Provider

STARS = [
    (str(n), label)
    for n, label in [
        (5, "5: excellent"),
        (4, "4: good"),
        (3, "3: fair"),
        (2, "2: poor"),
        (1, "1: very poor"),
    ]
]


class IntakeForm(forms.Form):
    """When and where an intake meets, and how many places it has."""

    starts_at = DateTimeInputField(
        label="Starts", name="when the intake starts", help_text="For example, 17 9 2001 and 09:30"
    )
    ends_at = DateTimeInputField(
        label="Ends",
        name="when the intake ends",
        help_text="For a course over several weeks, when its last day ends",
    )
    booking_deadline = DateTimeInputField(
        label="Bookings close",
        name="when bookings close",
        required=False,
        help_text="Leave empty to take bookings until the intake starts",
    )
    format = forms.ChoiceField(
        label="How people attend", choices=Format.choices, widget=forms.RadioSelect
    )
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    address = forms.CharField(
        label="Address", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    joining_link = forms.URLField(
        label="Joining link",
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https"])],
        error_messages={"invalid": "Enter a joining link that starts with https://"},
        help_text="For online intakes; shown only to people with a place",
    )
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.order_by("name"), empty_label="Choose a region"
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text="Leave empty for no limit",
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label="How would you rate this course?",
        choices=STARS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating from 1 to 5"},
    )
    comment = forms.CharField(
        label="What would you tell a colleague about it?",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Shown on the course page with your name once five people have rated it",
    )


class ExampleSearchForm(forms.Form):
    # Not "q": the header's site-wide search box already answers to that.
    find = forms.CharField(
        label="Search published practice examples",
        max_length=200,
        help_text="Words from the title, summary, organisation or subject.",
        error_messages={
            "required": "Enter words to search for",
            "max_length": "Search with 200 characters or fewer",
        },
    )

    def query(self) -> str:
        if not self.is_valid():
            return ""
        text = "".join(" " if ord(char) < 32 else char for char in self.cleaned_data["find"])
        return " ".join(text.split())


class CourseForm(forms.ModelForm):
    """What a course teaches, to whom, how and at what cost, as its provider writes it.

    Give `providers` (those the person coordinates, when more than one) for a
    new course to ask which; a course being edited keeps its provider.
    """

    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Provider.objects.none(),
        empty_label="Choose the provider",
        error_messages={"required": "Choose the provider", "invalid_choice": "Choose the provider"},
    )
    topics = TopicChoiceField(
        label="Topics", required=False, help_text="The subjects people find it under."
    )
    open_to_clinical_staff = forms.TypedChoiceField(
        label="Who can go",
        choices=[("yes", "Clinical staff and managers"), ("no", "Managers only")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say who can go"},
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "learning_outcomes",
            "topics",
            "level",
            "format",
            "duration",
            "cost",
            "who_pays",
            "open_to_clinical_staff",
        ]
        labels = {
            "title": "Course title",
            "learning_outcomes": "Learning outcomes",
            "format": "How people attend",
            "cost": "Cost per place, in pounds",
            "who_pays": "Who pays",
        }
        help_texts = {"cost": "Enter 0 for a free course, for example 350 or 1200.50"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 6}),
            "level": forms.RadioSelect,
            "format": forms.RadioSelect,
            "who_pays": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter the course's title"},
            "summary": {"required": "Enter a summary of the course"},
            "learning_outcomes": {"required": "Enter what people will be able to do afterwards"},
            "level": {"required": "Choose the level"},
            "format": {"required": "Choose how people attend"},
            "duration": {"required": "Enter how long the course takes"},
            "cost": {
                "required": "Enter the cost per place, or 0 for a free course",
                "invalid": "Enter the cost as a number of pounds, for example 350",
                "min_value": "The cost cannot be less than 0",
                "max_digits": "Enter a cost under £1,000,000",
                "max_whole_digits": "Enter a cost under £1,000,000",
                "max_decimal_places": "Enter the cost to the penny at most",
            },
            "who_pays": {"required": "Choose who pays"},
        }

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is None:
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = providers
            self.order_fields(["provider"])
        if self.instance.pk:
            self.initial["open_to_clinical_staff"] = (
                "yes" if self.instance.open_to_clinical_staff else "no"
            )
        self.fields["cost"].localize = False
        # Radios need no blank "Select an option": nothing ticked says it.
        for name in ("level", "format", "who_pays"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
