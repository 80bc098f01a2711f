"""Form rendering shared by every app: NHS.UK frontend markup for Django forms."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


class PortalFormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` as NHS.UK form groups."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


class Select(forms.Select):
    """A select that writes its options in Python, for long lists on pages
    that must be quick (the learning opportunities calendar's regions and
    topics). Django's Select renders one template per option, which costs
    about as much as the rest of such a page; this writes the same HTML
    (tests/learning_network/test_forms.py compares the two) without them.
    Named Select, so a field's `widget_type` is still "select": the
    templates and `nhsuk_widget` go by it."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:  # not needed yet: Django's own rendering
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        parts = [f'<select name="{conditional_escape(name)}"{attributes}>']
        selected_one = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                parts.append(f'\n  <optgroup label="{conditional_escape(option_value)}">')
                group, choices = True, option_label
            else:
                group, choices = False, [(option_value, option_label)]
            for subvalue, sublabel in choices:
                selected = not selected_one and str(subvalue) in values
                selected_one |= selected
                parts.append(
                    f'\n  <option value="{conditional_escape(subvalue)}"'
                    f"{' selected' if selected else ''}>{conditional_escape(sublabel)}</option>\n"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())  # noqa: S308 - every part escaped above


def _attributes(attrs: dict) -> str:
    """Attributes as Django's django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
