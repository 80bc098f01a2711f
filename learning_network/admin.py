"""Site admins see every email the portal sent or is trying to send."""

from django.contrib import admin, messages

from learning_network.email import send_again
from learning_network.models import EmailOptOut, EmailStatus, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipient",
        "purpose",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "purpose"]
    search_fields = ["recipient", "about", "subject"]
    date_hierarchy = "created_at"
    actions = ["try_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Try again to send the selected failed emails")
    def try_again(self, request, queryset) -> None:
        queued = sum(send_again(email) for email in queryset.filter(status=EmailStatus.FAILED))
        self.message_user(
            request, f"{queued} failed email(s) queued to be sent again.", messages.SUCCESS
        )


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["address", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["address"]
