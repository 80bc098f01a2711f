"""Writes with consequences for accounts: signing up and verifying email.

Sign-up takes no password. The emailed link opens a page where whoever reads
that mailbox chooses the password, and only that choice (a POST) verifies the
address. So an account made with someone else's address can be used only by
the owner of the address, and a mail scanner that opens links changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User
from directory.models import Organisation
from learning_network.email import absolute_url, send_once

VERIFICATION_SALT = "accounts.email-verification"


class VerificationError(Exception):
    """The verification link is broken, out of date, used or for another address."""


def is_allowed_signup_email(email: str) -> bool:
    """Whether the address is in one of the NHS domains open to sign-up."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return any(
        domain == allowed or domain.endswith(f".{allowed}")
        for allowed in (d.lower() for d in settings.SIGNUP_EMAIL_DOMAINS)
    )


def _account_state(user: User) -> str:
    """A fingerprint of what verifying changes, so that a link works until one is used.

    Choosing the password changes the password hash and sets
    email_verified_at, so every link sent before then stops working; links
    sent while the account waits all work (signing up twice does not lock
    the owner out of the first email).
    """
    verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
    return salted_hmac(
        VERIFICATION_SALT,
        f"{user.pk}|{user.email}|{user.password}|{verified}",
        algorithm="sha256",
    ).hexdigest()


def make_verification_token(user: User) -> str:
    return signing.dumps(
        {"user": user.pk, "email": user.email, "state": _account_state(user)},
        salt=VERIFICATION_SALT,
    )


def _load_token(token: str) -> dict:
    try:
        data = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_TIMEOUT
        )
    except signing.SignatureExpired as error:
        raise VerificationError("This link has expired.") from error
    except signing.BadSignature as error:
        raise VerificationError("This link is not valid.") from error
    if not isinstance(data, dict) or not isinstance(data.get("state"), str):
        # Links sent before sign-up asked the owner for a password carry no state.
        raise VerificationError("This link is not valid.")
    return data


def _check_state(user: User | None, data: dict) -> User:
    if user is None or not user.is_active:
        raise VerificationError("This link is not valid.")
    if not constant_time_compare(_account_state(user), data["state"]):
        if user.is_email_verified:
            raise VerificationError(
                "This link has already been used. Sign in, or reset your password if you "
                "have forgotten it."
            )
        raise VerificationError("This link is out of date.")
    return user


def user_for_verification_token(token: str) -> User:
    """The account waiting for the owner of its address to choose a password.

    Reads only: opening the link changes nothing.
    """
    data = _load_token(token)
    user = User.objects.filter(pk=data.get("user"), email__iexact=data.get("email", "")).first()
    return _check_state(user, data)


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
    job_title: str = "",
    organisation: Organisation | None = None,
) -> User | None:
    """Make an account waiting for its password, and email the link to choose one.

    The account has no password until the owner of the address chooses one
    from the link. Signing up again before that keeps one account, takes the
    details just typed, and sends another link. Someone signing up with an
    address whose account is in use is not told so on screen (that would
    reveal who has an account); the owner of the address is emailed instead.
    Returns the waiting account, or None.
    """
    email = User.objects.normalize_email(email).lower()
    details = {"full_name": full_name, "job_title": job_title, "organisation": organisation}
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(email=email, password=None, **details)
            except IntegrityError:  # the same address signed up a moment ago
                existing = User.objects.select_for_update().get(email__iexact=email)
            else:
                send_verification_email(user)
                return user
        if existing.is_active and not existing.is_email_verified:
            for field, value in details.items():
                setattr(existing, field, value)
            existing.save(update_fields=list(details))
            send_verification_email(existing)
            return existing
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


def verify_email(*, token: str, password: str) -> User:
    """Set the password the mailbox owner chose, and mark the address verified.

    The token is checked again against the locked row, so two posts of one
    link at once verify once and the second is refused.
    """
    data = _load_token(token)
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=data.get("user"), email__iexact=data.get("email", ""))
            .first()
        )
        _check_state(user, data)
        user.set_password(password)
        user.email_verified_at = timezone.now()
        user.save(update_fields=["password", "email_verified_at"])
    return user


def resend_verification(*, email: str) -> None:
    """Send a fresh link if this address has an unverified account; else nothing."""
    user = User.objects.filter(email__iexact=email.strip(), email_verified_at__isnull=True).first()
    if user is not None and user.is_active:
        send_verification_email(user)


def send_password_reset_email(user: User, *, uid: str, token: str) -> None:
    """Email the link to choose a new password, on the portal's own address."""
    link = absolute_url(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )
    send_once(
        # Each link is its own message: its token tells them apart.
        key=("accounts.password_reset", f"user:{user.pk}", f"token:{token}"),
        to=[user.email],
        template="accounts/email/password_reset",
        context={"user": user, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )


def mark_email_verified(user: User) -> None:
    """Following a password-reset link proves the address too."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
