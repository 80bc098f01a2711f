"""Forms of the Management Forum: a review, an evaluation commissioned, its result."""

from __future__ import annotations

from django import forms

from learning_network.dates import DateInputField
from practice_db.models import EvidenceRating, Verdict
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
