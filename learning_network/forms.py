"""Form rendering shared by every app: NHS.UK frontend markup for Django forms."""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` as NHS.UK form groups."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
