"""Site admins keep providers, courses and each region's training contacts here."""

from django.contrib import admin

from training.models import Course, Interest, Provider, Rating, TrainingContact
from training.search import index_course


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("organisation", "is_learning_centre")
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation", "coordinators")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "level", "format", "cost_band", "open_to_clinical_staff")
    list_filter = ("level", "format", "cost_band", "open_to_clinical_staff")
    search_fields = ("title", "provider__organisation__name")
    autocomplete_fields = ("provider", "coordinators", "topics")
    raw_id_fields = ("practice_examples",)
    filter_horizontal = ("research",)

    def save_related(self, request, form, formsets, change):
        # The search vector takes in the topics, saved only now.
        super().save_related(request, form, formsets, change)
        index_course(form.instance.pk)


@admin.register(TrainingContact)
class TrainingContactAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "region", "email", "position")
    list_filter = ("region",)
    search_fields = ("name", "role", "organisation", "email")


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("course", "user", "registered_at")
    raw_id_fields = ("course", "user")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Ratings are given by attendees; site admins may remove an abusive one."""

    list_display = ("course", "user", "stars", "rated_at")
    readonly_fields = ("course", "user", "stars", "comment", "rated_at")

    def has_add_permission(self, request):
        return False
