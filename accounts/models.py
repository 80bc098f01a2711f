"""People who use the portal, and the roles they hold.

A role is a Django group. Two roles are scoped: a regional moderator holds
the regions they moderate (RegionalModerator rows), and a coordinator holds
the Beacon, Learning Centre, course provider or programme they run (owned by
the app of that thing). `accounts.permissions` answers every role question.
"""

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Role(models.TextChoices):
    """The roles a site admin grants. The value is the Django group's name."""

    REGIONAL_MODERATOR = "Regional moderator"
    NATIONAL_MODERATOR = "National moderator"
    EDITOR = "Editor"
    COORDINATOR = "Coordinator"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


def new_feed_nonce() -> str:
    return secrets.token_hex(16)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of NHS staff, signing in with their NHS email address."""

    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    email_verified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person followed the link in their verification email. "
        "Nobody can sign in until this is set.",
    )
    is_active = models.BooleanField(
        default=True,
        help_text="Untick to stop this person signing in, instead of deleting the account.",
    )
    is_staff = models.BooleanField(
        "site admin access",
        default=False,
        help_text="Lets this person sign in to the site administration.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of what the secret in this person's feed links is made from:
    # changing it makes every feed link given out before stop working.
    feed_nonce = models.CharField(max_length=32, default=new_feed_nonce, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_unique_email"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs) -> None:
        # One address, one account, whatever the capitals typed.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def region(self):
        return self.organisation.region if self.organisation_id else None


class RegionalModerator(models.Model):
    """A regional moderator's hold on one region: they moderate what its
    organisations submit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="moderated_regions")
    region = models.ForeignKey(
        "directory.Region", on_delete=models.CASCADE, related_name="moderators"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region__name"]
        constraints = [
            models.UniqueConstraint(
                "user", "region", name="accounts_regionalmoderator_unique_user_region"
            ),
        ]
        verbose_name = "moderated region"

    def __str__(self) -> str:
        return f"{self.user} moderates {self.region}"
