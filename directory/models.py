"""Reference data shared by every part of the portal.

Regions, the organisations in them, and the one subject index of topics that
practice examples, bulletin stories, events and courses are all filed under.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, Lower


class Region(models.Model):
    """One of the eight NHS Executive Regional Offices (April 1999)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust"
    HEALTH_AUTHORITY = "health_authority", "Health authority"
    PRIMARY_CARE_GROUP = "primary_care_group", "Primary care group"
    PRIMARY_CARE_TRUST = "primary_care_trust", "Primary care trust"
    GENERAL_PRACTICE = "general_practice", "General practice"
    REGIONAL_OFFICE = "regional_office", "NHS Executive regional office"
    OTHER = "other", "Other NHS organisation"


class OrganisationQuerySet(models.QuerySet):
    def in_region(self, region: Region) -> "OrganisationQuerySet":
        return self.filter(region=region)


class Organisation(models.Model):
    """An NHS organisation. Its region decides who moderates what it submits."""

    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=10,
        unique=True,
        help_text="The organisation's NHS code, for example RX1.",
    )
    type = models.CharField(max_length=30, choices=OrganisationType.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "region", name="directory_organisation_unique_name_in_region"
            ),
            models.CheckConstraint(
                condition=models.Q(type__in=OrganisationType.values),
                name="directory_organisation_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TopicQuerySet(models.QuerySet):
    def top_level(self) -> "TopicQuerySet":
        return self.filter(parent__isnull=True)

    def in_tree_order(self) -> "TopicQuerySet":
        """Each top-level topic followed by its sub-topics, the groups by name."""
        return self.select_related("parent").order_by(
            Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
        )


class Topic(models.Model):
    """A subject in the portal's one subject index: a tree two levels deep."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Leave empty for a top-level subject.",
    )
    description = models.TextField(blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "parent", name="directory_topic_unique_name_under_parent"
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="directory_topic_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name}: {self.name}"
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Choose a top-level subject: the index is two levels deep."}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": "This subject has sub-topics of its own, so it must stay top-level."}
            )
