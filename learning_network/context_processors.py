"""What every page's layout needs: the service name and the navigation."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from accounts import permissions
from learning_network import plugins


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


@lru_cache(maxsize=128)
def _address(url_name: str, prefix: str, urlconf: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def section_address(url_name: str) -> str:
    """A section's address (it takes no arguments), worked out once for each
    way the portal is mounted rather than on every page."""
    return _address(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def navigation_for(request: HttpRequest) -> list[NavItem]:
    """The header's sections that the apps declare (`plugins.navigation`), for this user."""
    match = getattr(request, "resolver_match", None)
    current_namespace = match.namespace if match else None
    current_name = match.view_name if match else None
    entries = [entry for entry in plugins.navigation() if entry.is_visible_to(request.user)]
    # A page that is an entry of its own (a role's page) is the current one,
    # rather than the section it belongs to.
    exact = any(entry.url_name == current_name for entry in entries)
    items = []
    for entry in entries:
        if entry.namespace and not exact:
            current = current_namespace == entry.namespace
        else:
            current = current_name == entry.url_name
        url = section_address(entry.url_name)
        items.append(NavItem(label=entry.label, url=url, current=current))
    return items


def portal(request: HttpRequest) -> dict:
    """Worked out once a request: a page made of panels (the home page)
    renders a template for each, and each asks again."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    whose = user.pk if signed_in else None  # worked out again if someone signs in
    known = getattr(request, "_portal_context", None)
    if known is not None and known[0] == whose:
        return known[1]
    context = {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(request) if signed_in else [],
        "user_is_site_admin": signed_in and permissions.is_site_admin(user),
    }
    request._portal_context = (whose, context)
    return context
