from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from accounts.models import RegionalModerator, Role, User
from directory.models import Region


class RoleScopeMixin(forms.Form):
    """The user form's region field, kept in step with the moderator role."""

    moderated_regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple("regions", is_stacked=False),
        help_text="For a regional moderator: the regions whose submissions they moderate.",
    )

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        regions = cleaned.get("moderated_regions")
        is_regional = groups is not None and any(
            group.name == Role.REGIONAL_MODERATOR for group in groups
        )
        if is_regional and not regions:
            raise ValidationError("Choose at least one region for a regional moderator.")
        if regions and groups is not None and not is_regional:
            raise ValidationError(
                "Only a regional moderator moderates regions: add the Regional moderator "
                "group, or clear the regions."
            )
        return cleaned


class PortalUserChangeForm(RoleScopeMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = [
            "email",
            "full_name",
            "job_title",
            "organisation",
            "email_verified_at",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].help_text = "The roles this person holds."
        if self.instance.pk:
            self.initial["moderated_regions"] = list(
                self.instance.moderated_regions.values_list("region_id", flat=True)
            )


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "is_verified", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", "organisation__region"]
    search_fields = ["email", "full_name", "job_title", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "job_title", "organisation"]}),
        (
            "Roles",
            {
                "fields": ["groups", "moderated_regions", "is_staff", "is_superuser"],
                "description": "Roles are groups. A regional moderator also needs the regions "
                "they moderate. Site admins need both site admin access and superuser status.",
            },
        ),
        ("Status", {"fields": ["is_active", "email_verified_at", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]

    @admin.display(boolean=True, description="Email verified")
    def is_verified(self, obj: User) -> bool:
        return obj.is_email_verified

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "moderated_regions" in form.cleaned_data:
            user = form.instance
            chosen = set(form.cleaned_data["moderated_regions"])
            held = {row.region: row for row in user.moderated_regions.select_related("region")}
            for region in chosen - held.keys():
                RegionalModerator.objects.create(user=user, region=region)
            for region in held.keys() - chosen:
                held[region].delete()


@admin.register(RegionalModerator)
class RegionalModeratorAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "granted_at"]
    list_filter = ["region"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
