"""Forms for applying, deciding, endorsing and running cohorts."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator

from directory.models import Region
from leadership.models import (
    ANSWER_MAX_CHARS,
    MAX_PLACES,
    STATEMENT_MAX_CHARS,
    Application,
    Cohort,
)
from learning_network.dates import DateInputField


def date_field(label: str, hint: str) -> DateInputField:
    """A date typed in the NHS.UK day, month and year boxes."""
    return DateInputField(
        label=label, name=f"The date {label.lower()}", help_text=f"{hint} For example, 27 3 2031."
    )


def _limit_message(what: str, limit: int) -> dict[str, str]:
    return {"max_length": f"{what} must be {limit:,} characters or fewer"}


class ApplicationForm(forms.ModelForm):
    """The applicant's answers. Nothing is required to save a draft; the
    check-your-answers page says what is still missing before submitting."""

    SAVE_DRAFT = "draft"
    CONTINUE = "continue"

    class Meta:
        model = Application
        fields = [
            "current_role",
            "experience",
            "development",
            "statement",
            "sponsor_name",
            "sponsor_email",
        ]
        help_texts = {
            "current_role": "Your job title and where you work, for example Ward sister, "
            "Riverside NHS Trust.",
            "experience": f"What you have led or managed, and for how long. At most "
            f"{ANSWER_MAX_CHARS:,} characters.",
            "development": f"The skills or understanding you hope the programme gives you. "
            f"At most {ANSWER_MAX_CHARS:,} characters.",
            "statement": f"Why you are applying now, and what you will do with what you learn. "
            f"At most {STATEMENT_MAX_CHARS:,} characters (about 800 words).",
            "sponsor_name": "Usually your line manager. They endorse your application.",
            "sponsor_email": "We email your sponsor a link to endorse your application. "
            "It need not be an NHS address, but it cannot be yours.",
        }
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 5}),
            "development": forms.Textarea(attrs={"rows": 5}),
            "statement": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {
            "current_role": ("Your current role", 200),
            "experience": ("Your experience", ANSWER_MAX_CHARS),
            "development": ("What you want to develop", ANSWER_MAX_CHARS),
            "statement": ("Your statement", STATEMENT_MAX_CHARS),
            "sponsor_name": ("Your sponsor's name", 150),
        }
        for name, (what, limit) in limits.items():
            field = self.fields[name]
            if field.max_length is None:  # a TextField: the limit is the portal's
                field.max_length = limit
                field.validators.append(MaxLengthValidator(limit))
            field.error_messages.update(_limit_message(what, limit))
            # Needed to submit, not to save a draft: never labelled "optional".
            field.required_sometimes = True
        self.fields["sponsor_email"].required_sometimes = True
        self.fields["sponsor_email"].error_messages["invalid"] = (
            "Enter your sponsor's email address in the right form, like name@example.org"
        )


class DecisionForm(forms.Form):
    """The reason that goes with declining, which the applicant sees."""

    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=ANSWER_MAX_CHARS,
        help_text="The applicant sees this, in the email and on their application.",
        error_messages={
            "required": "Give the reason for declining",
            **_limit_message("The reason", ANSWER_MAX_CHARS),
        },
    )


class SponsorForm(forms.Form):
    ENDORSE = "endorse"
    NOT_ENDORSE = "not_endorse"

    answer = forms.ChoiceField(
        label="Do you endorse this application?",
        choices=[
            (ENDORSE, "Yes, I endorse it"),
            (NOT_ENDORSE, "No, I cannot endorse it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you endorse the application"},
    )
    comment = forms.CharField(
        label="Comment for the applicant",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=ANSWER_MAX_CHARS,
        help_text="Needed if you cannot endorse it: say why. The applicant sees this.",
        error_messages=_limit_message("Your comment", ANSWER_MAX_CHARS),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required_sometimes = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == self.NOT_ENDORSE and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say why you cannot endorse it; the applicant will see this")
        return cleaned


class CohortForm(forms.ModelForm):
    applications_open = date_field("Applications open", "The first day people can apply.")
    applications_close = date_field(
        "Applications close", "The last day an application can be submitted."
    )
    starts_on = date_field("Starts", "The first day of the programme, after applications close.")
    places = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=MAX_PLACES,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 24",
            "min_value": "There must be at least 1 place",
            "max_value": f"A cohort can have at most {MAX_PLACES} places",
        },
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label="National: open to every region",
        help_text="For a cohort run in one region.",
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "applications_open",
            "applications_close",
            "starts_on",
            "places",
            "region",
        ]
        error_messages = {"name": {"required": "Enter the cohort's name"}}

    def _post_clean(self):
        # The service checks the dates against each other and the places taken,
        # with messages in words; the table's constraints would name themselves.
        pass
