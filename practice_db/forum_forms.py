"""Forms of the supporting intelligence around examples: the Management Forum's
reviews and evaluations, research projects, and "We tried this too"."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.forms import OrganisationChoiceField
from directory.models import Topic
from learning_network.dates import DateInputField, MonthYearField
from practice_db.models import EvidenceRating, ResearchProject, Verdict
from practice_db.uploads import ALLOWED_DESCRIPTION, MAX_ATTACHMENT_BYTES


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label="The Forum's verdict",
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the Forum's verdict"},
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="Staff who read the example see this with the verdict.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Give the Forum's reasons"},
    )
    evaluation_recommended = forms.BooleanField(
        label="The Forum recommends that it is evaluated", required=False
    )


class CommissionForm(forms.Form):
    evaluator = forms.CharField(
        label="Who will evaluate it",
        help_text="For example, a university department or an NHS R&D programme team.",
        max_length=200,
        error_messages={"required": "Say who will evaluate it"},
    )
    expected_on = DateInputField(
        label="When the result is expected",
        name="The date the result is expected",
        help_text="For example, 31 3 2027",
    )


class ResultForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the result",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Summarise the result"},
    )
    findings = forms.CharField(
        label="What it found (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    strength = forms.ChoiceField(
        label="Strength of the evidence it found",
        choices=EvidenceRating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the strength of the evidence it found"},
    )
    report = forms.FileField(
        label="The report (optional)",
        help_text=f"A {ALLOWED_DESCRIPTION} file, up to {MAX_ATTACHMENT_BYTES // 2**20} MB.",
        required=False,
    )


class AdoptionForm(forms.Form):
    """We tried this too."""

    organisation = OrganisationChoiceField(
        label="Your organisation",
        blank_label="Choose the organisation that tried it",
    )
    tried_from = MonthYearField(
        label="When you started",
        name="The month you started",
        help_text="For example, 3 2026",
    )
    what_changed = forms.CharField(
        label="What did you change in your own service?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you changed in your own service"},
    )
    how_it_went = forms.CharField(
        label="How did it go?",
        help_text="What improved, what did not, and what you would do differently.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say how it went"},
    )
    start_own_example = forms.BooleanField(
        label="Start a practice example of our own from this",
        help_text="We make a draft with what you wrote here, for you to finish and submit for "
        "review. It stays linked to this example.",
        required=False,
    )

    def clean_tried_from(self):
        tried_from = self.cleaned_data["tried_from"]
        if tried_from and tried_from > timezone.localdate():
            raise forms.ValidationError("The month you started must be this month or earlier")
        return tried_from


class ResearchProjectForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        label="Topics it informs (optional)",
        queryset=Topic.objects.in_tree_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    example_ids = forms.CharField(
        label="Practice examples it informs (optional)",
        help_text="The numbers of published examples, from their addresses, separated by "
        "commas. For example, 120, 4031",
        required=False,
        max_length=500,
    )
    started_on = DateInputField(label="Start date (optional)", name="Start date", required=False)
    ends_on = DateInputField(label="End date (optional)", name="End date", required=False)

    class Meta:
        model = ResearchProject
        fields = [
            "programme",
            "title",
            "team",
            "status",
            "started_on",
            "ends_on",
            "summary",
            "report_url",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}), "status": forms.RadioSelect}

    def clean_example_ids(self) -> list[int]:
        text = self.cleaned_data["example_ids"]
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if any(not (part.isascii() and part.isdigit() and len(part) <= 9) for part in parts):
            raise forms.ValidationError(
                "Enter the numbers of practice examples, separated by commas"
            )
        return sorted({int(part) for part in parts})

    def clean(self):
        cleaned = super().clean()
        started, ends = cleaned.get("started_on"), cleaned.get("ends_on")
        if started and ends and ends < started:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        return cleaned


class SpreadFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        label="Topic",
        queryset=Topic.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="Every topic",
    )
