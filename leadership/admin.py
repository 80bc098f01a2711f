"""Site admins keep programmes, their coordinators and alumni here.

Applications are read-only: every change to one goes through the lifecycle
(`leadership.services`), so that it is recorded and the applicant emailed.
"""

from django.contrib import admin

from leadership.models import (
    Alumnus,
    Application,
    ApplicationEvent,
    Cohort,
    Programme,
    ProgrammeCoordinator,
)


class CoordinatorInline(admin.TabularInline):
    model = ProgrammeCoordinator
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_at"]
    verbose_name_plural = "coordinators (each also needs the Coordinator role)"


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    fields = ["name", "applications_open", "applications_close", "starts_on", "places", "region"]
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "time_commitment"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CoordinatorInline, CohortInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "applications_open", "applications_close", "starts_on"]
    list_filter = ["programme", "region"]
    list_select_related = ["programme"]


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor_name", "kind", "from_status", "to_status", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["applicant", "cohort", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "cohort__programme"]
    list_select_related = ["applicant", "cohort__programme"]
    search_fields = ["applicant__email", "applicant__full_name", "sponsor_email"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Alumnus)
class AlumnusAdmin(admin.ModelAdmin):
    list_display = ["person", "programme", "completed_on", "listed"]
    list_filter = ["programme", "listed"]
    autocomplete_fields = ["person"]
    # Only the alumnus chooses to be listed, from their applications page.
    readonly_fields = ["listed", "listed_changed_at"]
