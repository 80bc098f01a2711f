"""Learning Centres: one NHS organisation per region that runs hands-on learning events.

A LearningCentre is a designation: a host organisation named, by a site admin
or national moderator, as the Learning Centre of its region, for a reason
(it made a significant change to service delivery and tells others about it,
or it is skilled at peer-group learning). Each region has at most one current
centre, which the database enforces; designating another replaces it, and the
replaced centre is kept (its past events still name it).

Its events are sessions of the booking engine (`opportunities.Session`, kind
LEARNING_CENTRE_EVENT, owner = the centre); `CentreEvent` adds what sort of
hands-on learning each is. Staff follow a centre to be emailed of its events.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Basis(models.TextChoices):
    """Why an organisation was made its region's Learning Centre."""

    SIGNIFICANT_CHANGE = "significant_change", "Made a significant change to service delivery"
    PEER_LEARNING = "peer_learning", "Skilled at peer-group learning"


class LearningCentreQuerySet(models.QuerySet):
    def current(self) -> LearningCentreQuerySet:
        return self.filter(replaced_at__isnull=True)

    def coordinated_by(self, user) -> LearningCentreQuerySet:
        from learning_centres import permissions

        return self.filter(permissions.coordinated_q(user))


class LearningCentre(models.Model):
    """An organisation's designation as its region's Learning Centre."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="learning_centres",
        help_text="The NHS organisation that hosts the centre.",
    )
    region = models.ForeignKey(
        "directory.Region", on_delete=models.PROTECT, related_name="learning_centres"
    )
    basis = models.CharField("basis of designation", max_length=30, choices=Basis.choices)
    basis_detail = models.TextField(
        "the change it made, or its peer-learning skills", max_length=3000
    )
    known_for = models.TextField("what it is known for", max_length=2000)
    offers = models.TextField("what it offers", max_length=3000, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_learning_centres",
    )
    contact_email = models.EmailField(max_length=254)
    contact_phone = models.CharField(max_length=40, blank=True)
    designated_at = models.DateTimeField(default=timezone.now)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set when another centre is designated for the region; the row stays.
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Filled by a database trigger (migration 0003) on every insert and update:
    # the host organisation's name A, what it is known for B, what it offers and
    # the basis of its designation C, its region's name D.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = LearningCentreQuerySet.as_manager()

    class Meta:
        ordering = ["region__name", "-designated_at"]
        indexes = [GinIndex(fields=["search_vector"], name="learning_centre_search")]
        constraints = [
            models.UniqueConstraint(
                "region",
                condition=Q(replaced_at__isnull=True),
                name="learning_centres_one_current_centre_per_region",
                violation_error_message="This region already has a Learning Centre.",
            ),
            models.CheckConstraint(
                condition=Q(basis__in=Basis.values), name="learning_centres_basis_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} (Learning Centre, {self.region.name})"

    def get_absolute_url(self) -> str:
        return reverse("learning_centres:centre", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None


class RegionalOffice(models.Model):
    """Who to ask about Learning Centres in a region: the NHS Executive regional office."""

    region = models.OneToOneField(
        "directory.Region", on_delete=models.CASCADE, related_name="learning_centre_office"
    )
    contact_name = models.CharField(max_length=150)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["region__name"]

    def __str__(self) -> str:
        return f"{self.region.name} regional office"


class EventType(models.TextChoices):
    """Kinds of hands-on learning a centre runs."""

    WORKSHOP = "workshop", "Workshop"
    ACTION_LEARNING_SET = "action_learning_set", "Action learning set"
    STUDY_DAY = "study_day", "Study day"
    SHADOWING = "shadowing", "Shadowing placement"
    PEER_REVIEW_VISIT = "peer_review_visit", "Peer review visit"


# How many meetings an action learning set has: a fixed group meeting several times.
MIN_MEETINGS = 2
MAX_MEETINGS = 8


class CentreEvent(models.Model):
    """What sort of hands-on learning one of a centre's sessions is."""

    session = models.OneToOneField(
        "opportunities.Session", on_delete=models.CASCADE, related_name="centre_event"
    )
    # The same as the session's owner; kept here so lists join without generic relations.
    centre = models.ForeignKey(LearningCentre, on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(max_length=30, choices=EventType.choices)
    # When the centre's followers were emailed of it; None until it is published
    # and they are (`learning_centres.services.tell_followers_of_new_events`).
    followers_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(event_type__in=EventType.values),
                name="learning_centres_event_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()}: {self.session}"


class Follow(models.Model):
    """A member of staff who is emailed when this centre publishes an event."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_centres"
    )
    centre = models.ForeignKey(LearningCentre, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("user", "centre", name="learning_centres_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.centre}"
