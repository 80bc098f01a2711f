from django.contrib import admin

from bulletin.models import Correction, Issue, Story, Subscription


class StoryInline(admin.TabularInline):
    model = Story
    fields = ["position", "title", "author"]
    extra = 0
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "publication_date", "publish_at", "emailed_at"]
    search_fields = ["title"]
    readonly_fields = ["emailed_at", "scheduled_by"]
    inlines = [StoryInline]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    readonly_fields = ["corrected_by", "corrected_at"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "issue", "position", "author"]
    list_filter = ["issue"]
    search_fields = ["title", "standfirst"]
    filter_horizontal = ["topics"]
    raw_id_fields = ["related_examples"]
    inlines = [CorrectionInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
