"""What every page's layout needs: the service name and the navigation."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from accounts import permissions


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# The header's sections, in order: (label, URL name, URL namespace). A part of
# the portal is added here in the change that builds it, so the navigation
# never links to an empty page.
NAVIGATION: list[tuple[str, str, str]] = [
    ("Home", "home", ""),
    ("Practice database", "practice_db:browse", "practice_db"),
    ("ImpAct", "bulletin:current", "bulletin"),
]


def navigation_for(request: HttpRequest) -> list[NavItem]:
    match = getattr(request, "resolver_match", None)
    current_namespace = match.namespace if match else None
    current_name = match.view_name if match else None
    items = []
    for label, url_name, namespace in NAVIGATION:
        current = current_namespace == namespace if namespace else current_name == url_name
        items.append(NavItem(label=label, url=reverse(url_name), current=current))
    return items


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request) if signed_in else [],
        "user_is_site_admin": signed_in and permissions.is_site_admin(user),
    }
