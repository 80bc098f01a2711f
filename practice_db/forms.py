"""Forms for writing, moderating and contacting practice examples."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.forms import OrganisationChoiceField
from directory.models import Topic
from learning_network.dates import MonthYearField
from practice_db.models import Attachment, PracticeExample
from practice_db.services import REQUIRED_FOR_REVIEW, required_for_review
from practice_db.uploads import ALLOWED_DESCRIPTION, MAX_ATTACHMENTS


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...]
    hint: str = ""


# The submission form, section by section, in the order a person tells the story.
SECTIONS: tuple[Section, ...] = (
    Section(
        "about",
        "About the service",
        (
            "title",
            "summary",
            "organisation",
            "care_setting",
            "population",
            # Whether the service is a Beacon is set by linking the example
            # to its Beacon (beacons.services.link_example), not typed here.
            "work_status",
            "started_on",
            "ended_on",
        ),
    ),
    Section(
        "problem",
        "The problem",
        ("problem",),
        "What was wrong with the service, for whom, and how you knew.",
    ),
    Section(
        "done",
        "What was done",
        ("what_was_done",),
        "The changes you made, who made them, and in what order.",
    ),
    Section(
        "results",
        "Results and evidence",
        ("results", "did_not_work", "evidence_kind", "evidence_rating", "evidence"),
    ),
    Section("resources", "Resources and costs", ("resources",)),
    Section("lessons", "Lessons", ("lessons", "links")),
    Section(
        "contact",
        "Contact",
        ("lead_name", "lead_role", "lead_email", "lead_phone", "lead_consents"),
        "The person other NHS staff can contact about this work.",
    ),
    # The documents already attached come before the file input: a request cut
    # short at its first file (too large) still says which to keep.
    Section("topics", "Topics and documents", ("topics", "keep", "documents")),
)

MARKDOWN_HINT = (
    "You can use Markdown: a blank line between paragraphs, * for a bulleted list, "
    "**bold** for emphasis."
)
LONG_TEXT_FIELDS = ("problem", "what_was_done", "results", "evidence", "resources", "lessons")

# Why "Submit for review" needs each field: shown next to the field in error.
REQUIRED_FOR_SUBMISSION = REQUIRED_FOR_REVIEW | {"topics": "Choose at least one topic"}


SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}

# An optional question answered by radios can be answered "Not sure" again.
NOT_SURE = ("", "Not sure")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Any number of files; each is checked by content when it is staged."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        return data


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.in_tree_order(), widget=forms.CheckboxSelectMultiple, **kwargs
        )

    def label_from_instance(self, obj: Topic) -> str:
        return obj.name if obj.parent_id else f"{obj.name}: in general"


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Attachment) -> str:
        return f"{obj.original_name} ({obj.kind})"


class PracticeExampleForm(forms.ModelForm):
    """The whole example. What is required depends on what the person asked for:

    "Save draft" needs only a title and an organisation, so nothing typed is
    ever refused; "Submit for review" needs what a moderator needs.
    """

    SAVE_DRAFT = "draft"
    SUBMIT = "submit"

    organisation = OrganisationChoiceField(
        label="Organisation",
        blank_label="Choose the organisation",
        help_text="The organisation whose service this is. Its region's moderators review it.",
    )
    topics = TopicChoiceField(
        label="Topics",
        required=False,
        help_text="Choose every topic a colleague might look under.",
    )
    documents = DocumentsField(
        label="Add documents",
        required=False,
        help_text=(
            f"{ALLOWED_DESCRIPTION} files, at most 10 MB each and {MAX_ATTACHMENTS} in all. "
            "You can choose several at once."
        ),
    )
    keep = AttachmentChoiceField(
        label="Documents attached",
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick a document to remove it when you save.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PracticeExample
        # Every field the sections show, in their order, but the documents.
        fields = [
            name
            for section in SECTIONS
            for name in section.fields
            if name not in {"documents", "keep"}
        ]
        field_classes = {"started_on": MonthYearField, "ended_on": MonthYearField}
        labels = {
            "started_on": "When the work started",
            "ended_on": "When the work finished",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "care_setting": forms.RadioSelect,
            "work_status": forms.RadioSelect,
            "evidence_kind": forms.RadioSelect,
            "evidence_rating": forms.RadioSelect,
            "links": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 8}) for name in LONG_TEXT_FIELDS},
        }
        help_texts = {
            "title": "A short, plain description, for example: Nurse-led discharge on "
            "the medical wards.",
            "evidence_rating": "; ".join(
                [
                    "Strong: a controlled study or formal evaluation",
                    "Moderate: before-and-after figures or an audit",
                    "Suggestive: early figures or feedback",
                    "Anecdotal: what people noticed",
                ]
            ),
            "lead_email": "Their NHS email address. It is never shown: staff write to the "
            "lead through a form.",
            "started_on": "The month and year, for example 3 2019",
            "ended_on": "The month and year, for example 11 2020. Leave it blank if the "
            "work goes on.",
            **dict.fromkeys(LONG_TEXT_FIELDS, MARKDOWN_HINT),
        }

    def __init__(
        self,
        *args,
        intent: str = SAVE_DRAFT,
        upload_errors: list[ValidationError] | None = None,
        staged_ids: list[int] | None = None,
        user=None,
        section: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.section = SECTIONS_BY_SLUG.get(section)
        if self.section:
            # One section's page: only its fields are read and saved.
            for name in list(self.fields):
                if name not in self.section.fields and name != "version":
                    del self.fields[name]
        self.intent = intent
        self.upload_errors = upload_errors or []
        # A draft needs only these two; clean() asks for the rest on submitting.
        if "summary" in self.fields:
            self.fields["summary"].required = False
        if "title" in self.fields:
            self.fields["title"].error_messages["required"] = "Enter a title"
            self.fields["organisation"].error_messages["required"] = "Choose the organisation"
        for name in ("care_setting", "work_status", "evidence_kind", "evidence_rating"):
            if name not in self.fields:
                continue
            # Radios need no empty "---------" choice: leaving them unticked says it.
            choices = [c for c in self.fields[name].choices if c[0]]
            if name not in REQUIRED_FOR_SUBMISSION:
                # Optional: a choice made can be taken back.
                choices.append(NOT_SURE)
            self.fields[name].choices = choices
        if "keep" in self.fields:
            attached = Q(pk__in=[])
            if self.instance.pk:
                attached = Q(example=self.instance)
            staged = Q(example__isnull=True, uploaded_by=user, pk__in=staged_ids or [])
            self.fields["keep"].queryset = Attachment.objects.filter(attached | staged)
            # A list of what is attached, not a question: never "(optional)".
            self.fields["keep"].not_a_question = True
        if self.instance.pk and not self.is_bound:
            if "keep" in self.fields:
                self.initial["keep"] = list(self.instance.attachments.values_list("pk", flat=True))
            self.initial["version"] = self.instance.version
        # Required only for "Submit for review"; marked so in the labels for everyone.
        for name in REQUIRED_FOR_SUBMISSION:
            if name in self.fields:
                self.fields[name].required_sometimes = True

    def sections(self):
        """(section, bound fields) for the template."""
        return [
            (section, [self[name] for name in section.fields if name in self.fields])
            for section in ([self.section] if self.section else SECTIONS)
        ]

    def topic_groups(self) -> list[tuple[str, list]]:
        """The topic checkboxes grouped under their parent topic."""
        parents = {
            str(topic.pk): topic.parent.name if topic.parent else topic.name
            for topic in self.fields["topics"].queryset
        }
        groups: dict[str, list] = {}
        for option in self["topics"]:
            groups.setdefault(parents.get(str(option.data["value"]), "Other"), []).append(option)
        return list(groups.items())

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                # Browsers send \r\n; store one kind of line ending.
                cleaned[name] = value.replace("\r\n", "\n")
        if self.intent == self.SUBMIT:
            work_status = cleaned.get("work_status", self.instance.work_status or "")
            needed = required_for_review(work_status) | {
                "topics": REQUIRED_FOR_SUBMISSION["topics"]
            }
            for name, message in needed.items():
                if name in self.fields and name not in self.errors and not cleaned.get(name):
                    self.add_error(name, message)
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The date the work finished must be after it started")
        kept = cleaned.get("keep")
        if kept is not None and len(kept) > MAX_ATTACHMENTS:
            self.add_error(
                "keep",
                f"An example can have at most {MAX_ATTACHMENTS} documents: untick "
                f"{len(kept) - MAX_ATTACHMENTS} to remove them",
            )
        for error in self.upload_errors:
            self.add_error("documents", error)
        return cleaned

    def validate_constraints(self):
        # clean() says in words what the table's date rule would say by name.
        pass


class ModerationForm(forms.Form):
    """The comment that goes with a moderator's decision on an example."""

    comment = forms.CharField(
        label="Comment to the submitter",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="Needed to request changes or to reject.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed for some decisions: never labelled "optional".
        self.fields["comment"].required_sometimes = True


# What each decision's comment box says: its label and hint.
DECISION_COMMENTS = {
    "publish": ("Comment to the submitter", "Optional. For example, what made it a good example."),
    "request_changes": ("What needs to change", "The submitter sees this and is emailed it."),
    "reject": ("Why it cannot be published", "The submitter sees this and is emailed it."),
    "archive": ("Why it is being archived", "Optional. The submitter is emailed it."),
    "restore": ("Comment to the submitter", "Optional."),
    "reopen": ("Why it is being reopened", "Optional. It is recorded in the history."),
}


class DecisionForm(forms.Form):
    """A moderator's decision on an example: one radio per decision they may
    take now, each revealing its own comment box, so a comment typed for one
    decision is never sent with another.

    `comment` (a single box) is what the confirmation page posts back.
    """

    comment = forms.CharField(required=False, max_length=5000, widget=forms.HiddenInput)

    def __init__(self, *args, actions: list[tuple[str, object]], **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        self.fields["action"] = forms.ChoiceField(
            label="Your decision",
            choices=[(name, rule.button) for name, rule in actions],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose a decision",
                "invalid_choice": "Choose one of the decisions listed",
            },
        )
        for name, rule in actions:
            label, hint = DECISION_COMMENTS.get(name, ("Comment to the submitter", ""))
            field = forms.CharField(
                label=label,
                help_text=hint,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": "The comment must be 5,000 characters or fewer"},
            )
            field.required_sometimes = bool(rule.comment_required)
            self.fields[f"comment_{name}"] = field

    def comment_fields(self):
        """(action name, its button label, its bound comment field), in order."""
        return [(name, rule, self[f"comment_{name}"]) for name, rule in self.actions]

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if not action:
            return cleaned
        comment = (cleaned.get(f"comment_{action}") or cleaned.get("comment") or "").strip()
        rule = dict(self.actions)[action]
        if rule.comment_required and not comment:
            self.add_error(f"comment_{action}", rule.comment_required)
        cleaned["chosen_comment"] = comment
        return cleaned


class RevisionDecisionForm(ModerationForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve the changes"), ("decline", "Do not approve them")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the changes"},
    )
    # What the moderator read: the decision is refused if either has changed.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["decision", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].help_text = "Needed when you do not approve the changes: say why."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("revision") is None or cleaned.get("version") is None:
            raise ValidationError(
                "This page is out of date. Reload it, read the changes, then decide again."
            )
        return cleaned


class ContactLeadForm(forms.Form):
    message = forms.CharField(
        label="Your message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The lead gets your name, job title, organisation and email address with "
        "it, so they can reply to you directly.",
        error_messages={
            "required": "Enter your message",
            "max_length": "Your message must be 3,000 characters or fewer",
        },
    )
