"""The home page's "Find your region's Learning Centre" panel (declared in apps.py)."""

from __future__ import annotations

from typing import Any

from learning_centres import permissions
from learning_centres.models import LearningCentre, RegionalOffice
from learning_centres.queries import upcoming_events

NEXT_EVENTS = 3


def your_centre(user) -> dict[str, Any]:
    """The user's region's centre and its next events; without a region, the way to all."""
    region = user.region
    if region is None:
        return {"region": None, "centre": None}
    centre = (
        LearningCentre.objects.current()
        .select_related("organisation", "region")
        .filter(region=region)
        .first()
    )
    if centre is None:
        office = RegionalOffice.objects.filter(region=region).first()
        return {"region": region, "centre": None, "office": office}
    events = upcoming_events(user, centre, meetings=False)[:NEXT_EVENTS]
    return {"region": region, "centre": centre, "events": list(events)}


def coordinates_a_centre(user) -> bool:
    return LearningCentre.objects.filter(permissions.coordinated_q(user)).exists()
