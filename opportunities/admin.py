from django.contrib import admin

from opportunities.models import Booking, BookingEvent, Session


class BookingInline(admin.TabularInline):
    model = Booking
    fields = ("user", "status", "waiting_position", "booked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Sessions are run by their organisers in the portal; the admin is for looking."""

    list_display = ("title", "kind", "starts_at", "region", "status", "capacity", "confirmed_count")
    list_filter = ("kind", "status", "region")
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    readonly_fields = ("confirmed_count", "waiting_count", "sequence", "calendar_uid")
    raw_id_fields = ("organisation", "topics")
    inlines = [BookingInline]

    def has_add_permission(self, request):
        # A session belongs to a Beacon, Learning Centre or course: made there.
        return False


class BookingEventInline(admin.TabularInline):
    model = BookingEvent
    fields = ("kind", "actor", "at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Bookings change only through the portal, which keeps the places counted."""

    list_display = ("user", "session", "status", "waiting_position", "booked_at")
    list_filter = ("status",)
    search_fields = ("user__email", "session__title")
    raw_id_fields = ("user", "session")
    inlines = [BookingEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
