from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def organiser_url(session) -> str:
    """The engine's organiser page for a session (attendees, attendance,
    capacity), where the engine has one; otherwise the session's own page."""
    try:
        return reverse("opportunities:manage", args=[session.pk])
    except NoReverseMatch:
        return session.get_absolute_url()
