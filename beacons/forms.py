from django import forms

from accounts.models import User
from beacons.models import MAX_PARTY, Offer, Theme
from directory.models import Organisation
from learning_network.dates import DateInputField, DateTimeInputField, TimeField24
from practice_db.uploads import ALLOWED_DESCRIPTION, MAX_ATTACHMENT_BYTES


class VisitRequestForm(forms.Form):
    party_size = forms.IntegerField(
        label="How many people are coming?",
        help_text=f"From 1 to {MAX_PARTY}, including you.",
        min_value=1,
        max_value=MAX_PARTY,
        # The service says what is allowed; no browser limits, so the message is ours.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}),
        error_messages={
            "required": "Say how many people are coming",
            "invalid": "Give the number of people as a whole number, for example 3",
            "min_value": f"Say how many people are coming: from 1 to {MAX_PARTY}",
            "max_value": f"For more than {MAX_PARTY} people, book an open day or ask the "
            f"coordinator: a visit is from 1 to {MAX_PARTY} people",
        },
    )
    roles = forms.CharField(
        label="Their roles",
        help_text="For example: two ward sisters and a bed manager.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what the visitors' roles are"},
    )
    wants_to_learn = forms.CharField(
        label="What do you want to learn?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what you want to learn from the visit"},
    )
    date_1 = DateInputField(
        label="First preferred date",
        help_text="For example, 15 3 2027",
        error_messages={"required": "Enter your first preferred date"},
    )
    date_2 = DateInputField(
        label="Second preferred date",
        error_messages={"required": "Enter a second preferred date"},
    )
    date_3 = DateInputField(label="Third preferred date", required=False)


class ConfirmVisitForm(forms.Form):
    starts_at = DateTimeInputField(
        label="Date and start time of the visit",
        error_messages={"required": "Enter the date and time the visit starts"},
    )
    ends_at = TimeField24(label="Finishing time")
    pack = forms.FileField(
        label="Visitor pack",
        required=False,
        help_text=f"A {ALLOWED_DESCRIPTION} document, up to "
        f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB. You can add it later.",
    )


class PackForm(forms.Form):
    pack = forms.FileField(
        label="Visitor pack",
        help_text=f"A {ALLOWED_DESCRIPTION} document, up to "
        f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": "Choose the visitor pack to upload"},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        help_text="The person who asked reads this. Suggest an open day if there is one.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for declining"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(forms.Form):
    will_change = forms.CharField(
        label="What will you change in your own service after this visit?",
        help_text="A sentence or two is enough.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you will change in your own service"},
    )
    may_share = forms.BooleanField(
        label="Others may read my answer, with my name and organisation",
        help_text="It appears on the Beacon's page under What visitors took away.",
        required=False,
    )


class DesignateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.select_related("region").order_by("name"),
        error_messages={"required": "Choose the organisation"},
    )
    service_name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={"required": "Give the name of the service"},
    )
    theme = forms.ChoiceField(
        choices=Theme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the theme"},
    )
    year = forms.IntegerField(
        label="Year of designation",
        help_text="1999, or the first year of a later round: 2000 for 2000/01.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={"required": "Give the year of designation"},
    )
    coordinator_email = forms.EmailField(
        label="Coordinator's email address",
        help_text="They must have an account on the portal.",
        error_messages={"required": "Give the coordinator's email address"},
    )
    what_it_does = forms.CharField(
        label="What the service does", widget=forms.Textarea(attrs={"rows": 4})
    )
    what_others_can_learn = forms.CharField(
        label="What others can learn from it", widget=forms.Textarea(attrs={"rows": 4})
    )
    offers = forms.MultipleChoiceField(
        label="What it offers",
        choices=Offer.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_coordinator_email(self):
        email = self.cleaned_data["coordinator_email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Nobody with that email address has an account")
        return user


class EndDesignationForm(forms.Form):
    reason = forms.CharField(
        label="Why is the designation ending?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason the designation is ending"},
    )


class LinkExampleForm(forms.Form):
    example = forms.IntegerField(
        label="Practice example number",
        help_text="The number in the example's address: 123 in /practice/examples/123/.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-5"}),
        error_messages={"required": "Give the example's number"},
    )
