from django.contrib import admin

from learning_centres.models import CentreEvent, Follow, LearningCentre, RegionalOffice


@admin.register(LearningCentre)
class LearningCentreAdmin(admin.ModelAdmin):
    """Details only: designating a centre is done on the portal, which replaces
    the region's current one (see learning_centres.services.designate_centre)."""

    list_display = (
        "organisation",
        "region",
        "basis",
        "coordinator",
        "designated_at",
        "replaced_at",
    )
    list_filter = ("region", "basis")
    list_select_related = ("organisation", "region", "coordinator")
    readonly_fields = (
        "organisation",
        "region",
        "designated_at",
        "designated_by",
        "replaced_at",
        "replaced_by",
    )
    autocomplete_fields = ("coordinator",)
    fields = (
        "organisation",
        "region",
        "basis",
        "basis_detail",
        "known_for",
        "offers",
        "coordinator",
        "contact_email",
        "contact_phone",
        "designated_at",
        "designated_by",
        "replaced_at",
        "replaced_by",
    )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(RegionalOffice)
class RegionalOfficeAdmin(admin.ModelAdmin):
    list_display = ("region", "contact_name", "email", "phone")
    list_select_related = ("region",)


@admin.register(CentreEvent)
class CentreEventAdmin(admin.ModelAdmin):
    list_display = ("session", "centre", "event_type")
    list_select_related = ("session", "centre__organisation", "centre__region")
    readonly_fields = ("session", "centre", "event_type")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "centre", "created_at")
    list_select_related = ("user", "centre__organisation", "centre__region")
    raw_id_fields = ("user",)
