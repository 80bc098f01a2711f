from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.choices import CallableChoiceIterator

from accounts.models import User
from accounts.services import (
    is_allowed_signup_email,
    mark_email_verified,
    send_password_reset_email,
)
from directory.models import Organisation
from learning_network import forms as portal_forms


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations grouped by region, so the list is quick to scan; its
    options written in Python (every organisation on each profile, sign-up
    and example form)."""

    widget = portal_forms.Select

    def __init__(self, blank_label: str = "Choose your organisation", **kwargs):
        self.blank_label = blank_label
        super().__init__(
            queryset=Organisation.objects.select_related("region").order_by("region__name", "name"),
            **kwargs,
        )

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name

    def _grouped_choices(self) -> list:
        groups: dict[str, list] = {}
        for organisation in self.queryset:
            groups.setdefault(organisation.region.name, []).append(
                (organisation.pk, organisation.name)
            )
        return [("", self.blank_label), *groups.items()]

    def _get_choices(self):
        # Lazy, so that building the form at import time reads nothing.
        return CallableChoiceIterator(self._grouped_choices)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class AsciiEmailField(forms.EmailField):
    """An email address in plain letters, as every NHS address is.

    Python and PostgreSQL disagree about the case of some letters (the long
    s, the dotless i), so an address such as "ſmith@nhs.net" would be one
    address to the database and another to the limits and lockouts that key
    on it. Refusing anything but ASCII closes that door.
    """

    default_error_messages = {
        "non_ascii": "Enter the email address using only the letters a to z, numbers and "
        "the characters . - _ +",
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value and not value.isascii():
            raise ValidationError(self.error_messages["non_ascii"], code="non_ascii")
        return value


class SignInForm(AuthenticationForm):
    """Sign-in, with errors as GOV.UK's pattern has them: a message per empty
    field, and a wrong email or password shown on the email field (where the
    summary links) with both fields marked. No autofocus: it moves a screen
    reader past the page's heading and text."""

    username = AsciiEmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": "The email address or password is not right. Check both and try again.",
        "inactive": "This account has been closed. Ask your site admin if you need it again.",
    }

    # Set when the email address and password do not match an account.
    invalid_login = False

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            self.invalid_login = True
            self.add_error("username", error)
            return self.cleaned_data


class SignUpForm(forms.ModelForm):
    """Who is signing up. No password: the owner of the address chooses it from the link."""

    email = AsciiEmailField(
        label="NHS email address",
        help_text="Use your work address ending nhs.net or nhs.uk. We will email you a link "
        "to confirm it and choose a password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = OrganisationChoiceField(
        label="Organisation", help_text="The NHS organisation you work for."
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "job_title", "organisation"]
        labels = {"full_name": "Full name", "job_title": "Job title"}
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
        error_messages = {"full_name": {"required": "Enter your full name"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each message says which answer is missing, as the NHS.UK pattern asks.
        self.fields["email"].error_messages["required"] = "Enter your NHS email address"
        self.fields["organisation"].error_messages["required"] = (
            "Choose the organisation you work for"
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not is_allowed_signup_email(email):
            raise ValidationError(
                "Enter an NHS email address, ending nhs.net or nhs.uk. The portal is for "
                "NHS staff only.",
                code="domain",
            )
        return email

    def validate_unique(self):
        # A taken address is handled by the sign-up service without telling
        # the person on screen, so it is not a form error.
        pass

    def validate_constraints(self):
        pass  # as above: the only constraint is the unique address


class ChoosePasswordForm(SetPasswordForm):
    """The password the owner of the address chooses, from the link in their email."""

    new_password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common words, your name and your job title.",
    )
    new_password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    error_messages = {"password_mismatch": "The two passwords do not match. Type them again."}

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        if not self.has_error("new_password2"):
            self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data


class ResendVerificationForm(forms.Form):
    email = AsciiEmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(forms.ModelForm):
    organisation = OrganisationChoiceField(label="Organisation", required=False)

    class Meta:
        model = User
        fields = ["full_name", "job_title", "organisation"]
        labels = {"full_name": "Full name", "job_title": "Job title"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class VerifyingSetPasswordForm(SetPasswordForm):
    """Setting a password from a reset link also proves the email address."""

    def save(self, commit: bool = True):
        # One transaction: a password saved without the address verified
        # would leave the person unable to sign in.
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                mark_email_verified(user)
        return user


class PortalPasswordResetForm(PasswordResetForm):
    """Asks for a reset link, which is built from SITE_URL and never from the request.

    Django's form builds the link from the Host header the request came
    with, so a request sent with a forged host could email a real person a
    link to another site. An account still waiting for its password gets a
    link too: choosing a password from it confirms the address.
    """

    email = AsciiEmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        send_password_reset_email(context["user"], uid=context["uid"], token=context["token"])
