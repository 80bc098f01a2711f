"""How the owning apps answer "who organises this session?".

The engine knows no feature app. An app that owns sessions declares, on its
own AppConfig, a function for each kind it owns:

    from opportunities.registry import Organisers

    class BeaconsConfig(AppConfig):
        session_organisers = (
            Organisers(Kind.BEACON_OPEN_DAY, "beacons.permissions.organised_sessions_q"),
        )

The function takes a user and returns a `Q` over `opportunities.Session`
that matches the sessions that person runs, built from fields of the session
itself (for example `Q(owner_type=<Beacon's content type>, owner_id__in=[the
Beacons they coordinate])`), so that `learning_network.rules.matches` can
answer for one session as well as filter a list. The engine adds the kind to
it, so an app can never answer for another app's sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from learning_network.plugins import Hook, resolve
from learning_network.rules import NOTHING


@dataclass(frozen=True)
class Organisers:
    """The owning app's answer for one kind of session: `organised_q(user) -> Q`."""

    kind: str
    organised_q: Hook


# Tests put a function here to stand in for an owning app.
_extra: dict[str, Hook] = {}


def declared() -> dict[str, Hook]:
    """Each kind's hook, from every installed app's `session_organisers`."""
    found: dict[str, Hook] = {}
    for config in apps.get_app_configs():
        for item in getattr(config, "session_organisers", ()) or ():
            if not isinstance(item, Organisers):
                raise ImproperlyConfigured(
                    f"{type(config).__name__}.session_organisers must be a tuple of Organisers."
                )
            if item.kind in found:
                raise ImproperlyConfigured(f"Two apps answer for sessions of kind {item.kind!r}.")
            found[item.kind] = item.organised_q
    return found | _extra


def organised_q(user) -> Q:
    """Every session this person organises, whichever app owns it."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    rule = NOTHING
    for kind, hook in declared().items():
        answer = resolve(hook)(user)
        if answer is not None:
            rule |= Q(kind=kind) & answer
    return rule


def register_for_tests(kind: str, hook: Callable[[object], Q]) -> Callable[[], None]:
    """Stand in for an owning app in a test; returns the function that undoes it."""
    _extra[kind] = hook
    return lambda: _extra.pop(kind, None)
