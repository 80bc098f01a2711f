from django.contrib import admin

from directory.models import Organisation, Region, Topic


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "type", "region"]
    list_filter = ["region", "type"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


class SubTopicInline(admin.TabularInline):
    model = Topic
    fk_name = "parent"
    fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    verbose_name = "sub-topic"
    verbose_name_plural = "sub-topics"


class TopicLevelFilter(admin.SimpleListFilter):
    """Top-level subjects, or the sub-topics under one of them."""

    title = "filed under"
    parameter_name = "under"

    def lookups(self, request, model_admin):
        parents = Topic.objects.filter(parent__isnull=True).order_by("name")
        return [("top", "Top-level subjects"), *((str(p.pk), p.name) for p in parents)]

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(parent_id=int(self.value()))
        return queryset


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_filter = [TopicLevelFilter]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    inlines = [SubTopicInline]

    def get_inline_instances(self, request, obj=None):
        # Sub-topics belong under a top-level subject only: the tree is two deep.
        if obj is None or obj.parent_id is not None:
            return []
        return super().get_inline_instances(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Topic.objects.top_level()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
