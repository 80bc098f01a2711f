"""Forms for putting ImpAct together."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from bulletin.models import Issue, Story
from directory.models import Topic
from learning_network.dates import DateInputField, TimeField24


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["number", "title", "publication_date"]
        labels = {"number": "Issue number", "publication_date": "Publication date"}
        field_classes = {"publication_date": DateInputField}
        help_texts = {"publication_date": "The date printed on the issue, for example 1 3 2001"}
        error_messages = {
            "number": {
                "required": "Enter the issue number",
                "unique": "There is already an issue with this number",
                "invalid": "Enter the issue number as a whole number, like 12",
                "min_value": "Enter an issue number of 1 or more",
            },
            "title": {"required": "Enter the issue's title"},
            "publication_date": {"required": "Enter the publication date"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].min_value = 1
        self.fields["number"].widget.attrs.update({"class": "nhsuk-input--width-4"})


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, topic: Topic) -> str:
        return str(topic)


class StoryForm(forms.ModelForm):
    topics = TopicChoiceField(
        # Each subject, then its sub-topics, alphabetically.
        queryset=Topic.objects.in_tree_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The subjects readers will find this story under.",
    )
    correction_note = forms.CharField(
        label="Correction note",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "This issue is published, so readers see that the story was corrected, "
            "with the date and this note. For example: An earlier version gave the "
            "wrong waiting time."
        ),
    )

    # The version the editor started from, so a later save by someone else
    # is noticed (services.edit_story).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Story
        fields = ["title", "standfirst", "author", "body", "topics"]
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        error_messages = {
            "title": {"required": "Enter the story's title"},
            "standfirst": {"required": "Enter the standfirst"},
            "author": {"required": "Enter the author line"},
            "body": {"required": "Enter the story"},
        }

    def __init__(self, *args, is_correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_correction = is_correction
        if is_correction:
            self.fields["correction_note"].required = True
            self.fields["correction_note"].error_messages["required"] = (
                "Say what you corrected: readers see this note"
            )
        else:
            del self.fields["correction_note"]
        # Topics are chosen from many checkboxes: shown after the text fields.
        self.order_fields(["title", "standfirst", "author", "body", "correction_note", "topics"])


class ScheduleForm(forms.Form):
    """When an issue goes public: now, or at a date and time."""

    when = forms.ChoiceField(
        label="When should readers see this issue?",
        choices=[("now", "Publish now"), ("later", "Schedule for a date and time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose to publish now or schedule a time"},
    )
    date = DateInputField(
        label="Date",
        name="The date to publish the issue",
        help_text="For example, 1 3 2001",
        error_messages={"required": "Enter the date to publish the issue"},
    )
    time = TimeField24(
        label="Time",
        help_text="UK time, on the 24-hour clock, for example 09:00 or 17:30",
        error_messages={
            "required": "Enter the time to publish the issue",
            "invalid": "Enter the time on the 24-hour clock, for example 09:00 or 17:30",
        },
    )

    def __init__(self, data=None, *args, now: datetime | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.now = now or timezone.now()
        # The date and time are needed only to schedule, not to publish now.
        # Until "schedule" is chosen, a missing date or time is not a second error.
        scheduling = data is not None and data.get("when") == "later"
        self.fields["date"].required = self.fields["time"].required = scheduling
        for name in ("date", "time"):
            self.fields[name].required_sometimes = True  # needed to schedule: not "optional"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") != "later":
            cleaned["publish_at"] = None
            return cleaned
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is None or time is None:
            return cleaned
        publish_at = timezone.make_aware(datetime.combine(day, time))
        if publish_at <= self.now:
            self.add_error("date", "Choose a time in the future, or publish the issue now")
        cleaned["publish_at"] = publish_at
        return cleaned


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
        return " ".join(self.cleaned_data["find"].replace("\x00", " ").split())
