"""Writes with consequences for accounts: signing up and verifying email."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory.models import Organisation
from learning_network.email import absolute_url, send_once

VERIFICATION_SALT = "accounts.email-verification"


class VerificationError(Exception):
    """The verification link is broken, out of date or for another address."""


def is_allowed_signup_email(email: str) -> bool:
    """Whether the address is in one of the NHS domains open to sign-up."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return any(
        domain == allowed or domain.endswith(f".{allowed}")
        for allowed in (d.lower() for d in settings.SIGNUP_EMAIL_DOMAINS)
    )


def make_verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)


def send_verification_email(user: User) -> None:
    token = make_verification_token(user)
    link = absolute_url(reverse("accounts:verify_email", kwargs={"token": token}))
    send_once(
        # Each link is its own message: its signature tells them apart.
        key=("accounts.verify", f"user:{user.pk}", f"link:{token.rsplit(':', 1)[-1]}"),
        to=[user.email],
        template="accounts/email/verify",
        context={"user": user, "link": link, "days": settings.EMAIL_VERIFICATION_TIMEOUT // 86400},
    )


def sign_up(
    *,
    email: str,
    full_name: str,
    password: str,
    job_title: str = "",
    organisation: Organisation | None = None,
) -> User | None:
    """Create an unverified account and email its verification link.

    Someone signing up with an address that already has an account is not
    told so on screen (that would reveal who has an account); the owner of
    the address is emailed instead. Returns the new user, or None.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name,
                    job_title=job_title,
                    organisation=organisation,
                )
                send_verification_email(user)
            return user
        except IntegrityError:  # the same address signed up a moment ago
            existing = User.objects.get(email__iexact=email)
    # At most one a day, however often someone tries the address.
    send_once(
        key=("accounts.already_registered", f"user:{existing.pk}", f"day:{timezone.localdate()}"),
        to=[existing.email],
        template="accounts/email/already_registered",
        context={
            "user": existing,
            "sign_in_link": absolute_url(reverse("accounts:sign_in")),
            "reset_link": absolute_url(reverse("accounts:password_reset")),
        },
    )
    return None


def verify_email(token: str) -> User:
    """Mark the address in the token as verified; running it again is harmless."""
    try:
        data = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT
        )
    except signing.SignatureExpired as error:
        raise VerificationError("This link has expired.") from error
    except signing.BadSignature as error:
        raise VerificationError("This link is not valid.") from error
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=data.get("user"), email__iexact=data.get("email", ""))
            .first()
        )
        if user is None:
            raise VerificationError("This link is not valid.")
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user


def resend_verification(*, email: str) -> None:
    """Send a fresh link if this address has an unverified account; else nothing."""
    user = User.objects.filter(email__iexact=email.strip(), email_verified_at__isnull=True).first()
    if user is not None and user.is_active:
        send_verification_email(user)


def mark_email_verified(user: User) -> None:
    """Following a password-reset link proves the address too."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
