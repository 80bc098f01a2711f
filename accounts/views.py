"""Signing up, in and out, verifying email, resetting passwords, the profile."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import feeds, permissions, services
from accounts.forms import (
    ChoosePasswordForm,
    PortalPasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SignInForm,
    SignUpForm,
    VerifyingSetPasswordForm,
)
from learning_network import throttle
from learning_network.views import breadcrumbs, posted

# Sign-up, a new link and password reset each send an email. Together they
# send at most this many an hour to one address, so nobody's inbox can be
# flooded from the portal; each takes at most this many requests an hour
# from one client (a whole trust may share one address: the limit is high).
EMAILS_PER_ADDRESS_PER_HOUR = 5
REQUESTS_PER_CLIENT_PER_HOUR = 50


def _refuse_if_too_many(request: HttpRequest, action: str, email: str) -> str | None:
    """Count a request that emails `email`; the reason to refuse it, or None.

    Counted whether or not the address has an account, so that being
    refused tells nobody which addresses do.
    """
    client = throttle.client_address(request)
    if not throttle.hit(
        f"accounts:{action}:client:{client}", limit=REQUESTS_PER_CLIENT_PER_HOUR, window=3600
    ):
        return (
            "There have been too many requests like this from your network in the last hour. "
            "Try again in an hour."
        )
    if not throttle.hit(
        f"accounts:email-to:{email.strip().lower()}",
        limit=EMAILS_PER_ADDRESS_PER_HOUR,
        window=3600,
    ):
        return (
            "We have sent as many emails to this address as we send in an hour. Check your "
            "inbox and junk folder for the ones already sent. Try again in an hour."
        )
    return None


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refusal = _refuse_if_too_many(request, "sign-up", form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return render(request, "accounts/sign_up.html", {"form": form}, status=429)
        services.sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            job_title=form.cleaned_data["job_title"],
            organisation=form.cleaned_data["organisation"],
        )
        request.session["signed_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:sign_up_done")
    return render(
        request, "accounts/sign_up.html", {"form": form}, status=400 if form.errors else 200
    )


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
    form = ChoosePasswordForm(user, posted(request))
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
    form = ResendVerificationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        refusal = _refuse_if_too_many(request, "new-link", form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return render(request, "accounts/resend_verification.html", {"form": form}, status=429)
        services.resend_verification(email=form.cleaned_data["email"])
        request.session["signed_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:sign_up_done")
    return render(request, "accounts/resend_verification.html", {"form": form})


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(posted(request), instance=user)
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


@require_POST
def reset_feed_key(request: HttpRequest) -> HttpResponse:
    """Withdraw the person's feed links, for example after sharing one by mistake."""
    feeds.reset_feed_key(user=request.user)
    messages.success(
        request,
        "Your feed links have changed. Feed readers using the old links will stop getting "
        "updates: give them the new links.",
    )
    # To the top of the profile, where the message says what changed.
    return redirect("accounts:profile")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        refusal = _refuse_if_too_many(self.request, "password-reset", form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


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
