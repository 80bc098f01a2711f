"""Management training: providers, their courses, interest in courses, ratings,
and each region's training contacts.

A course's intakes are sessions of the shared booking engine
(`opportunities.Session`, kind `course_intake`, owned by the course): this app
creates them through `opportunities.services.create_session` and answers the
engine's question "who organises this intake?" (`training.permissions`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Format

# A course's average rating is shown once this many people have rated it, so
# that one or two people's view is never presented as the verdict.
RATINGS_SHOWN_FROM = 5
COMMENT_MAX = 2000


class Provider(models.Model):
    """An organisation that runs management courses. A Learning Centre that runs
    courses is entered as its host organisation."""

    organisation = models.OneToOneField(
        "directory.Organisation", on_delete=models.PROTECT, related_name="training_provider"
    )
    description = models.TextField(blank=True, max_length=3000)
    is_learning_centre = models.BooleanField(
        "Runs courses as the region's Learning Centre", default=False
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_providers",
        help_text="They run every course of this provider: its intakes, interest and bookings.",
    )

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    PRACTITIONER = "practitioner", "Practitioner"
    SENIOR = "senior", "Senior"


class WhoPays(models.TextChoices):
    FREE = "free", "No charge"
    FUNDED = "funded", "Paid by the regional education and training consortium"
    EMPLOYER = "employer", "Paid by your employer"
    PARTICIPANT = "participant", "Paid by you"


class CostBand(models.TextChoices):
    """Bands of the fee, for the filter; set from the cost whenever it is saved."""

    FREE = "free", "Free"
    UP_TO_250 = "up_to_250", "Up to £250"
    UP_TO_1000 = "up_to_1000", "£251 to £1,000"
    OVER_1000 = "over_1000", "Over £1,000"


def cost_band_for(cost: Decimal) -> str:
    if cost <= 0:
        return CostBand.FREE
    if cost <= 250:
        return CostBand.UP_TO_250
    if cost <= 1000:
        return CostBand.UP_TO_1000
    return CostBand.OVER_1000


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CourseQuerySet:
        from training import permissions

        return self.filter(permissions.visible_q(user))

    def managed_by(self, user) -> CourseQuerySet:
        from training import permissions

        return self.filter(permissions.managed_q(user))


class Course(models.Model):
    """A management course: what it teaches, to whom, at what cost, drawing on
    which practice examples. People book its intakes through the engine."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=2000)
    learning_outcomes = models.TextField(
        max_length=5000, help_text="What people will be able to do afterwards, one per line."
    )
    topics = models.ManyToManyField("directory.Topic", blank=True, related_name="courses")
    level = models.CharField(max_length=20, choices=Level.choices)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    duration = models.CharField(max_length=100, help_text="For example “Three days over a month”.")
    cost = models.DecimalField(
        "Cost per place (£)",
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    who_pays = models.CharField(max_length=20, choices=WhoPays.choices, default=WhoPays.FREE)
    cost_band = models.CharField(
        max_length=20, choices=CostBand.choices, default=CostBand.FREE, editable=False
    )
    open_to_clinical_staff = models.BooleanField(
        "Open to clinical staff",
        default=True,
        help_text="Untick for a course for managers only.",
    )
    practice_examples = models.ManyToManyField(
        "practice_db.PracticeExample",
        blank=True,
        related_name="courses",
        help_text="The practice examples its content draws on.",
    )
    research = models.ManyToManyField(
        "practice_db.ResearchProject",
        blank=True,
        related_name="courses",
        help_text="The research evidence its content draws on.",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_courses",
        help_text="They run this course's intakes, besides the provider's coordinators.",
    )
    # Title A, summary and topics B, learning outcomes C, provider D: kept by
    # training.search.index_course whenever a course or its topics change.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        indexes = [GinIndex(fields=["search_vector"], name="training_course_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__gte=0), name="training_course_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="training_course_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.cost_band = cost_band_for(self.cost or Decimal(0))
        if kwargs.get("update_fields") is not None and "cost" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "cost_band"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.pk])

    @property
    def outcomes(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def is_free(self) -> bool:
        return self.cost_band == CostBand.FREE


class Interest(models.Model):
    """Someone who wants to hear when a new intake of a course opens."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_interests"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint("course", "user", name="training_interest_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class Rating(models.Model):
    """One attendee's rating of a course (1 to 5) and what they say of it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_ratings"
    )
    stars = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=COMMENT_MAX)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint("course", "user", name="training_rating_once_per_person"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="training_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stars} from {self.user} for {self.course}"


class TrainingContact(models.Model):
    """A region's local education and training representative, kept by site admins."""

    region = models.ForeignKey(
        "directory.Region", on_delete=models.PROTECT, related_name="training_contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    covers = models.CharField(
        max_length=300, blank=True, help_text="What to ask them about, for example “Funding”."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["region__name", "position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})"
