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


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
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
