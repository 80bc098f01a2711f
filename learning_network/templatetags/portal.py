"""Template helpers for the layout and NHS.UK frontend form markup."""

from django import template
from django.forms import BoundField

register = template.Library()

_WIDGET_CLASSES = {
    "select": "nhsuk-select",
    "selectmultiple": "nhsuk-select",
    "textarea": "nhsuk-textarea",
    "checkbox": "nhsuk-checkboxes__input",
    "clearablefile": "nhsuk-file-upload",
    "file": "nhsuk-file-upload",
}
_ERROR_CLASSES = {
    "nhsuk-input": "nhsuk-input--error",
    "nhsuk-select": "nhsuk-select--error",
    "nhsuk-textarea": "nhsuk-textarea--error",
    "nhsuk-file-upload": "nhsuk-file-upload--error",
}


def describedby_ids(field: BoundField) -> list[str]:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return ids


@register.simple_tag
def nhsuk_widget(field: BoundField, extra_class: str = ""):
    """Render a field's widget with NHS.UK classes, hint and error references."""
    base = _WIDGET_CLASSES.get(field.widget_type, "nhsuk-input")
    classes = [base]
    if field.errors and base in _ERROR_CLASSES:
        classes.append(_ERROR_CLASSES[base])
    existing = field.field.widget.attrs.get("class")
    if existing:
        classes.append(existing)
    if extra_class:
        classes.append(extra_class)
    attrs = {"class": " ".join(classes)}
    ids = describedby_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def date_input_boxes(field: BoundField):
    """The day, month, year (and time) boxes of a date field: see learning_network.dates."""
    from learning_network.dates import date_input_boxes as boxes

    return boxes(field)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary links to: the field, its first option or first box."""
    from learning_network.dates import DATE_WIDGET_TYPES
    from learning_network.dates import error_anchor as date_anchor

    if field.widget_type in DATE_WIDGET_TYPES:
        return date_anchor(field)
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def is_optional(field: BoundField) -> bool:
    """Whether a field's label or legend says "(optional)": not required, not
    required for some buttons only (`required_sometimes`), and a question."""
    return not (
        field.field.required
        or getattr(field.field, "required_sometimes", False)
        or getattr(field.field, "not_a_question", False)
        or getattr(field.form, "hide_optional", False)
    )


@register.filter
def field_describedby(field: BoundField) -> str:
    return " ".join(describedby_ids(field))


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render a user's Markdown, sanitised (see learning_network.markdown)."""
    from django.utils.safestring import mark_safe

    from learning_network.markdown import render_markdown

    # Safe to mark: nh3 has removed every tag and attribute not allowed.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter
def timeuntil_minutes(duration) -> str:
    """A timedelta in words people read at a glance: "30 minutes", "1 hour"."""
    if duration is None:
        return "a while"
    minutes = max(1, round(duration.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@register.simple_tag(takes_context=True)
def page_navigation(context, page) -> dict:
    """Links for includes/pagination_nav.html from a Django page, keeping every
    other parameter of this page's address."""
    from learning_network.paging import page_links

    query = context["request"].GET.copy()
    query.pop("page", None)
    base = "?" + (query.urlencode() + "&" if query else "")
    return page_links(base, page.number, page.paginator.num_pages)


@register.filter
def quoted(text: str):
    """Words a person typed, in curly quotes unless they typed quotes themselves."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    escaped = conditional_escape(text)
    if '"' in str(text):
        return escaped
    return mark_safe(f"“{escaped}”")  # noqa: S308 - escaped above
