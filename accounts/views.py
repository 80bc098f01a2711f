"""Signing up, in and out, verifying email, resetting passwords, the profile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accounts import permissions, services
from accounts.forms import (
    ChoosePasswordForm,
    PortalPasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SignInForm,
    SignUpForm,
    VerifyingSetPasswordForm,
)
from learning_network.views import breadcrumbs


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            job_title=form.cleaned_data["job_title"],
            organisation=form.cleaned_data["organisation"],
        )
        request.session["signed_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:sign_up_done")
    return render(request, "accounts/sign_up.html", {"form": form})


@login_not_required
@require_http_methods(["GET"])
def sign_up_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get("signed_up_email")
    return render(request, "accounts/sign_up_done.html", {"email": email})


@login_not_required
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "HEAD", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the sign-up email: the owner of the address chooses the password.

    Opening the link (a person, or a mail program checking it) changes
    nothing; only posting the chosen password verifies the address.
    """
    try:
        user = services.user_for_verification_token(token)
    except services.VerificationError as error:
        return _verification_failed(request, error)
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_email(token=token, password=form.cleaned_data["new_password1"])
        except services.VerificationError as error:  # used a moment ago, in another tab
            return _verification_failed(request, error)
        messages.success(
            request, "Your email address is confirmed and your password is saved. Sign in now."
        )
        return redirect("accounts:sign_in")
    return render(request, "accounts/verify_email.html", {"form": form, "account": user})


def _verification_failed(request: HttpRequest, error: Exception) -> HttpResponse:
    return render(
        request,
        "accounts/verify_email_failed.html",
        {"reason": str(error), "form": ResendVerificationForm()},
        status=400,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resend_verification(email=form.cleaned_data["email"])
        request.session["signed_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:sign_up_done")
    return render(request, "accounts/resend_verification.html", {"form": form})


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": permissions.role_descriptions(user),
            "breadcrumbs": breadcrumbs(),
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = VerifyingSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {
        "breadcrumbs": [
            {"label": "Home", "url": reverse_lazy("home")},
            {"label": "Your profile", "url": reverse_lazy("accounts:profile")},
        ]
    }

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)
