from django.contrib import admin

from beacons.models import Beacon, BeaconExample, VisitEvent, VisitRequest


@admin.register(Beacon)
class BeaconAdmin(admin.ModelAdmin):
    list_display = ["service_name", "organisation", "theme", "year", "designation_ended_on"]
    list_filter = ["theme", "year"]
    search_fields = ["service_name", "organisation__name"]
    raw_id_fields = ["organisation", "coordinator", "designated_by"]


@admin.register(BeaconExample)
class BeaconExampleAdmin(admin.ModelAdmin):
    list_display = ["example", "beacon", "linked_at"]
    raw_id_fields = ["example", "beacon", "linked_by"]


class VisitEventInline(admin.TabularInline):
    model = VisitEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_status", "to_status", "comment", "at"]


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    """Read-only here: visit requests move only through the portal's services."""

    list_display = ["beacon", "requester", "status", "requested_at", "visit_starts_at"]
    list_filter = ["status"]
    inlines = [VisitEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
